import { Alert, Button, Group, Radio, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Entry, EntryModerationAction } from '@wuzhen/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useExtendDeadline, useModerateEntry } from '../../api/entries.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { formatDateTime, fromZonedInputValue, toZonedInputValue } from '../../i18n/dates.ts';

type Action = EntryModerationAction | 'extend' | 'lift';

/** What an organizer may do to an entry in its present state. */
export function actionsFor(entry: Pick<Entry, 'status' | 'deadlineExtendedUntil'>): Action[] {
  const byStatus: Record<Entry['status'], EntryModerationAction[]> = {
    draft: [],
    submitted: ['withdraw', 'disqualify'],
    withdrawn: ['reinstate', 'disqualify'],
    disqualified: ['reinstate'],
  };
  return [...byStatus[entry.status], 'extend', ...(entry.deadlineExtendedUntil ? (['lift'] as const) : [])];
}

/**
 * The organizer's actions on one entry: withdraw, disqualify, reinstate, or give its team more
 * time. Each needs a reason, which the audit log keeps with the change.
 */
export function EntryActions({
  entry,
  timezone,
  submissionClosesAt,
}: {
  entry: Entry;
  timezone: string;
  submissionClosesAt: string;
}) {
  const { t, i18n } = useTranslation('entries');
  const language = i18n.resolvedLanguage ?? 'en';
  const actions = actionsFor(entry);
  const [action, setAction] = useState<Action | null>(null);
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState('');
  const [untilError, setUntilError] = useState<string | null>(null);
  const moderate = useModerateEntry(entry.id);
  const extend = useExtendDeadline(entry.id);
  const pending = moderate.isPending || extend.isPending;

  const done = () => {
    notifications.show({ color: 'teal', message: t(`actions.done.${action ?? 'extend'}`) });
    setAction(null);
    setReason('');
    setUntil('');
  };

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!action) return;
    if (action === 'extend' || action === 'lift') {
      const iso = action === 'lift' ? null : fromZonedInputValue(until, timezone);
      if (action === 'extend' && !iso) {
        setUntilError(t('actions.untilRequired'));
        return;
      }
      extend.mutate({ until: iso, reason }, { onSuccess: done });
    } else {
      moderate.mutate({ action, reason }, { onSuccess: done });
    }
  };

  return (
    <Stack component="section" aria-labelledby="entry-actions-title" gap="sm">
      <Title order={4} id="entry-actions-title">
        {t('actions.title')}
      </Title>
      {entry.deadlineExtendedUntil && (
        <Text size="sm">
          {t('actions.extendedUntil', {
            when: formatDateTime(entry.deadlineExtendedUntil, timezone, language),
          })}
        </Text>
      )}
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Radio.Group
            label={t('actions.choose')}
            value={action}
            onChange={(value) => {
              moderate.reset();
              extend.reset();
              setAction(value as Action);
              // An extension must end after both now and the competition's deadline: offer 3 days past the later.
              if (value === 'extend' && !until) {
                const from = Math.max(Date.now(), Date.parse(submissionClosesAt));
                setUntil(toZonedInputValue(new Date(from + 3 * 86400_000).toISOString(), timezone));
              }
            }}
          >
            <Group gap="md" mt={4}>
              {actions.map((a) => (
                <Radio key={a} value={a} label={t(`actions.${a}`)} />
              ))}
            </Group>
          </Radio.Group>
          {action && (
            <>
              <Text size="sm">{t(`actions.explain.${action}`)}</Text>
              {action === 'extend' && (
                <TextInput
                  type="datetime-local"
                  label={t('actions.until')}
                  description={t('actions.untilHint', { timezone })}
                  required
                  value={until}
                  onChange={(event) => {
                    setUntil(event.currentTarget.value);
                    setUntilError(null);
                  }}
                  error={untilError}
                  maw={280}
                />
              )}
              <Textarea
                label={t('actions.reason')}
                description={t('actions.reasonHint')}
                required
                minLength={3}
                maxLength={1000}
                autosize
                minRows={2}
                value={reason}
                onChange={(event) => setReason(event.currentTarget.value)}
              />
              {action === 'disqualify' && (
                <Alert color="red" variant="light">
                  {t('actions.disqualifyWarning')}
                </Alert>
              )}
              <ErrorAlert error={moderate.error ?? extend.error} />
              <Group>
                <Button
                  type="submit"
                  color={action === 'disqualify' || action === 'withdraw' ? 'red.9' : undefined}
                  loading={pending}
                  disabled={reason.trim().length < 3}
                >
                  {t(`actions.confirm.${action}`)}
                </Button>
                <Button variant="default" onClick={() => setAction(null)}>
                  {t('common.cancel')}
                </Button>
              </Group>
            </>
          )}
        </Stack>
      </form>
    </Stack>
  );
}
