import { Alert, List, Text } from '@mantine/core';
import { errorCodes } from '@wuzhen/shared';
import { useTranslation } from 'react-i18next';
import { ApiError, fieldIssues } from '../api/client.ts';
import { errorMessage } from './error-message.ts';

export type ErrorAlertProps = {
  error: unknown;
  /** A heading for the alert; defaults to a generic "Something went wrong" for a server error. */
  title?: string;
  /**
   * Paths of the fields the surrounding form shows errors under (see `fieldErrors`). Field
   * problems for other paths are listed in the alert, so no message from the server is lost.
   */
  fields?: readonly string[];
};

/**
 * Shows an error from the API: its message (for a validation error, a pointer to the fields, whose
 * messages the form shows under each input via `fieldErrors`), any field problems the form cannot
 * place, and, for a server error, the request id to quote to the organizers. Renders nothing without an error. The alert role makes
 * screen readers announce it as soon as it appears.
 */
export function ErrorAlert({ error, title, fields = [] }: ErrorAlertProps) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const issues = fieldIssues(error);
  const unplaced = issues.filter((issue) => !fields.includes(issue.path));
  // A plain validation error's summary repeats its first field problem; the fields (and the list
  // below) carry the specifics, so the alert says what to do instead of saying it twice. Any other
  // refusal with a field (a used reset link, a taken address) is a sentence of its own: shown.
  const generic = issues.length > 0 && error instanceof ApiError && error.code === errorCodes.validation;
  const message = generic ? t('apiErrors.validation') : errorMessage(error, t, i18n.resolvedLanguage ?? 'en');
  // A request the person can fix (a 4xx) is answered by its sentence alone; the generic heading and
  // the reference for support are for what went wrong on our side.
  const theirs = error instanceof ApiError && error.status < 500;
  const requestId = theirs ? undefined : (error as { requestId?: unknown }).requestId;
  return (
    <Alert color="red" variant="light" title={title ?? (theirs ? undefined : t('errors.title'))} role="alert">
      <Text size="sm">{message}</Text>
      {unplaced.length > 0 && (
        <List size="sm" mt="xs">
          {unplaced.map((issue) => (
            <List.Item key={`${issue.path}:${issue.message}`}>
              {issue.path ? `${issue.path}: ${issue.message}` : issue.message}
            </List.Item>
          ))}
        </List>
      )}
      {typeof requestId === 'string' && requestId && (
        <Text size="xs" c="dimmed" mt="xs">
          {t('errors.requestId', { requestId })}
        </Text>
      )}
    </Alert>
  );
}
