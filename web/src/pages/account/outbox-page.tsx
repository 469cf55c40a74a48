import { Alert, Anchor, Badge, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { MailState } from '@wuzhen/shared';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useOutbox } from '../../api/account.ts';
import { useCompetition } from '../../api/competitions.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { browserTimeZone, formatDateTime } from '../../i18n/dates.ts';

const stateColor: Record<MailState, string> = {
  kept: 'blue',
  pending: 'gray',
  sending: 'gray',
  sent: 'green',
  retrying: 'yellow',
  failed: 'red',
  unknown: 'orange',
};

/**
 * What the platform mailed: a competition's mails for its organizers, or the account mails
 * (verifications, password resets) for the first organizer. Without SMTP, mails are kept here.
 */
export function OutboxPage() {
  const { t, i18n } = useTranslation('account');
  const { competitionId } = useParams();
  usePageTitle(t('outbox.title'));
  const outbox = useOutbox(competitionId);
  // A competition's mails read in its time zone; the account's own mails belong to no competition.
  const competition = useCompetition(competitionId ?? '', { enabled: Boolean(competitionId) });
  const timeZone = competition.data?.timezone ?? browserTimeZone();
  if (outbox.isPending) return <LoadingState />;
  if (outbox.error) return <ErrorAlert error={outbox.error} />;
  const { items, delivering } = outbox.data;
  return (
    <Stack gap="md">
      <Title order={1}>{competitionId ? t('outbox.title') : t('outbox.accountTitle')}</Title>
      {competitionId ? (
        <Anchor component={Link} to={`/organizer/competitions/${competitionId}`} size="sm">
          {t('outbox.back')}
        </Anchor>
      ) : null}
      {delivering ? null : <Alert color="blue">{t('outbox.kept')}</Alert>}
      {items.length === 0 ? <Text c="dimmed">{t('outbox.empty')}</Text> : null}
      {items.map((mail) => (
        <Paper key={mail.id} withBorder p="md" radius="md" aria-label={mail.subject}>
          <Stack gap={6}>
            <Text fw={600}>{mail.subject}</Text>
            <Text size="sm">
              {t('outbox.to')} {mail.recipient} · {formatDateTime(mail.createdAt, timeZone, i18n.language)}{' '}
              <Badge color={stateColor[mail.state]} variant="light">
                {t(`outbox.state.${mail.state}`)}
              </Badge>
            </Text>
            {mail.lastError ? (
              <Text size="sm" c="red">
                {mail.state === 'retrying' ? t('outbox.retrying', { attempts: mail.attempts }) : null}{' '}
                {mail.lastError}
              </Text>
            ) : null}
            <Table.ScrollContainer minWidth={200}>
              <Text
                size="sm"
                component="pre"
                style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', fontFamily: 'inherit', margin: 0 }}
              >
                {mail.text}
              </Text>
            </Table.ScrollContainer>
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
