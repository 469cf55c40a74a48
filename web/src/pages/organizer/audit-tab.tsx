import { Button, Code, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { AuditEntry } from '@wuzhen/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AuditFilters, useAuditFacets, useAuditLog } from '../../api/audit.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { formatDateTime, fromZonedInputValue } from '../../i18n/dates.ts';
import { dayRange, diffRecord, showValue } from './audit-fns.ts';
import type { CompetitionTabProps } from './competition-tabs.ts';

/**
 * Every change made in the competition, newest first: who did what to which thing and when, each
 * with what it changed (before → after). Filters narrow it by person, action, entity and days.
 */
export function AuditTab({ competition }: CompetitionTabProps) {
  const { t, i18n } = useTranslation('audit');
  const language = i18n.resolvedLanguage ?? 'en';
  const [choices, setChoices] = useState<Pick<AuditFilters, 'actorId' | 'action' | 'entityType'>>({});
  const [entityIdInput, setEntityId] = useState('');
  const [entityId] = useDebouncedValue(entityIdInput.trim(), 300);
  const [fromDay, setFromDay] = useState('');
  const [toDay, setToDay] = useState('');
  const range = dayRange(fromDay, toDay, (wall) => fromZonedInputValue(wall, competition.timezone));
  const reversed = !!range.from && !!range.to && range.from > range.to;
  const filters: AuditFilters = {
    ...choices,
    ...(entityId ? { entityId } : {}),
    ...(reversed ? {} : range),
  };
  const facets = useAuditFacets(competition.id);
  const log = useAuditLog(competition.id, filters);
  const items = log.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Object.values(filters).some(Boolean);
  const actorLabel = (actor: { name: string | null; email: string | null }) =>
    actor.name && actor.email ? `${actor.name} (${actor.email})` : (actor.name ?? actor.email ?? '—');

  return (
    <Stack gap="lg">
      <div>
        <Title order={2} id="audit-title">
          {t('title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('intro', { timezone: competition.timezone })}
        </Text>
      </div>
      <Group gap="sm" align="flex-end" wrap="wrap" role="search" aria-label={t('filtersLabel')}>
        <Select
          label={t('who')}
          placeholder={t('anyone')}
          clearable
          searchable
          data={(facets.data?.actors ?? []).map((actor) => ({ value: actor.id, label: actorLabel(actor) }))}
          value={choices.actorId ?? null}
          onChange={(value) => setChoices((c) => ({ ...c, actorId: value ?? undefined }))}
          w={260}
        />
        <Select
          label={t('what')}
          placeholder={t('anything')}
          clearable
          searchable
          data={(facets.data?.actions ?? []).map((action) => ({ value: action, label: action }))}
          value={choices.action ?? null}
          onChange={(value) => setChoices((c) => ({ ...c, action: value ?? undefined }))}
          w={240}
        />
        <Select
          label={t('entityType')}
          placeholder={t('anything')}
          clearable
          data={(facets.data?.entityTypes ?? []).map((type) => ({ value: type, label: type }))}
          value={choices.entityType ?? null}
          onChange={(value) => setChoices((c) => ({ ...c, entityType: value ?? undefined }))}
          w={160}
        />
        <TextInput
          label={t('entityId')}
          placeholder={t('entityIdPlaceholder')}
          value={entityIdInput}
          onChange={(event) => setEntityId(event.currentTarget.value)}
          maxLength={64}
          w={220}
        />
        <TextInput
          type="date"
          label={t('from')}
          value={fromDay}
          onChange={(event) => setFromDay(event.currentTarget.value)}
          w={160}
        />
        <TextInput
          type="date"
          label={t('to')}
          value={toDay}
          onChange={(event) => setToDay(event.currentTarget.value)}
          error={reversed ? t('reversed') : undefined}
          w={160}
        />
        {filtered && (
          <Button
            variant="subtle"
            onClick={() => {
              setChoices({});
              setEntityId('');
              setFromDay('');
              setToDay('');
            }}
          >
            {t('clear')}
          </Button>
        )}
      </Group>
      <ErrorAlert error={facets.error} />
      {log.isPending ? (
        <LoadingState />
      ) : log.isError ? (
        <ErrorAlert error={log.error} />
      ) : items.length === 0 ? (
        <EmptyState
          headingOrder={3}
          title={filtered ? t('noMatchTitle') : t('emptyTitle')}
          description={filtered ? t('noMatchText') : t('emptyText')}
        />
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table striped aria-labelledby="audit-title" verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('when')}</Table.Th>
                <Table.Th scope="col">{t('who')}</Table.Th>
                <Table.Th scope="col">{t('what')}</Table.Th>
                <Table.Th scope="col">{t('entity')}</Table.Th>
                <Table.Th scope="col" miw={320}>
                  {t('changes')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((record) => (
                <Table.Tr key={record.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
                    <Text size="sm" component="time" dateTime={record.createdAt}>
                      {formatDateTime(record.createdAt, competition.timezone, language)}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ verticalAlign: 'top' }}>
                    <Text size="sm">{record.actorName ?? t('system')}</Text>
                  </Table.Td>
                  <Table.Td style={{ verticalAlign: 'top' }}>
                    <Code>{record.action}</Code>
                  </Table.Td>
                  <Table.Td style={{ verticalAlign: 'top' }}>
                    <Text size="sm">{record.entityType}</Text>
                    <Button
                      variant="subtle"
                      size="compact-xs"
                      px={0}
                      onClick={() => setEntityId(record.entityId)}
                      aria-label={t('onlyThis', { type: record.entityType, id: record.entityId })}
                    >
                      <Text span size="xs" ff="monospace">
                        {record.entityId}
                      </Text>
                    </Button>
                  </Table.Td>
                  <Table.Td style={{ verticalAlign: 'top' }}>
                    <Changes record={record} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {log.hasNextPage && (
        <Group justify="center">
          <Button variant="default" loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
            {t('loadMore')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** Before → after, one line per changed field: removed text struck through, added text in bold. */
function Changes({ record }: { record: AuditEntry }) {
  const { t } = useTranslation('audit');
  const changes = diffRecord(record.before, record.after);
  if (changes.length === 0) return <Text size="sm">{t('noChanges')}</Text>;
  const shown = changes.slice(0, 12);
  return (
    <Stack gap={2} component="ul" className="plain-list">
      {shown.map((change) => (
        <li key={change.path}>
          <Text size="sm" style={{ wordBreak: 'break-word' }}>
            <Code>{change.path}</Code>{' '}
            {change.before !== undefined && (
              <Text span size="sm" c="red.9" td="line-through">
                <span className="visually-hidden">{t('before')} </span>
                {showValue(change.before)}
              </Text>
            )}
            {change.before !== undefined && change.after !== undefined && (
              <Text span size="sm" aria-hidden="true">
                {' → '}
              </Text>
            )}
            {change.after !== undefined && (
              <Text span size="sm" c="teal.9" fw={600}>
                <span className="visually-hidden">{t('after')} </span>
                {showValue(change.after)}
              </Text>
            )}
          </Text>
        </li>
      ))}
      {changes.length > shown.length && (
        <li>
          <Text size="xs">{t('moreChanges', { count: changes.length - shown.length })}</Text>
        </li>
      )}
    </Stack>
  );
}
