import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import type { AdvanceBody, Advancement, Round, Snapshot } from '@wuzhen/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../../api/client.ts';
import { useAdvance } from '../../api/tally.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { MissingReviewsAlert, missingSummary } from './missing-reviews.tsx';
import { fmt } from './results-table.tsx';

type Quota = { country: string; max: number };

const reasonColor = {
  rank: 'indigo',
  tie: 'grape',
  wildcard: 'cyan',
  quota: 'orange',
  excluded: 'gray',
  unscored: 'gray',
} as const;

/** Who advances to a later round: rules first, a preview with reasons, then one click to commit. */
export function AdvanceDialog({
  opened,
  onClose,
  round,
  later,
  snapshot,
}: {
  opened: boolean;
  onClose: () => void;
  round: Round;
  later: Round[];
  snapshot: Snapshot;
}) {
  const { t } = useTranslation('tally');
  const advance = useAdvance(round.id);
  const queryClient = useQueryClient();
  const [toRoundId, setToRoundId] = useState<string | null>(later[0]?.id ?? null);
  const [topPerTrack, setTopPerTrack] = useState<number>(snapshot.cutoffPerTrack ?? 5);
  const [quotas, setQuotas] = useState<Quota[]>([]);
  const [wildcards, setWildcards] = useState<string[]>([]);
  const [excluded, setExcluded] = useState<string[]>([]);
  const [preview, setPreview] = useState<{ body: string; result: Advancement } | null>(null);
  // Advancing on a tally that lacks reviews takes an explicit yes.
  const incomplete = snapshot.missing.entries > 0;
  const [acknowledged, setAcknowledged] = useState(false);

  const body: AdvanceBody = {
    toRoundId: toRoundId ?? '',
    topPerTrack,
    quotas: Object.fromEntries(
      quotas.filter((q) => q.country.trim()).map((q) => [q.country.trim().toUpperCase(), q.max]),
    ),
    entryIds: wildcards,
    excludeEntryIds: excluded,
    method: snapshot.method,
  };
  const bodyKey = JSON.stringify(body);
  const previewIsCurrent = preview?.body === bodyKey;
  const entryOptions = snapshot.entries
    .slice()
    .sort((a, b) => a.rank - b.rank)
    .map((e) => ({ value: e.entryId, label: `${e.trackRank}. ${e.title} — ${e.teamName} (${e.trackName})` }));
  const errors = fieldErrors(advance.error);
  const target = later.find((r) => r.id === toRoundId);

  const close = () => {
    advance.reset();
    setPreview(null);
    onClose();
  };

  return (
    <Modal opened={opened} onClose={close} title={t('advance.title', { round: round.name })} size="xl">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('advance.intro', { method: t(`methods.${snapshot.method}`) })}
        </Text>
        <MissingReviewsAlert missing={snapshot.missing} text={t('missing.snapshotText')} />
        <Group grow align="flex-start">
          <Select
            label={t('advance.to')}
            data={later.map((r) => ({ value: r.id, label: `${r.position}. ${r.name}` }))}
            value={toRoundId}
            onChange={setToRoundId}
            allowDeselect={false}
            error={errors.toRoundId}
          />
          <NumberInput
            label={t('advance.top')}
            min={0}
            max={10000}
            allowDecimal={false}
            value={topPerTrack}
            onChange={(v) => typeof v === 'number' && setTopPerTrack(v)}
            error={errors.topPerTrack}
          />
        </Group>
        <Stack gap={6}>
          <Text size="sm" fw={500}>
            {t('advance.quotas')}
          </Text>
          <Text size="xs" c="dimmed">
            {t('advance.quotasHint')}
          </Text>
          {quotas.map((q, i) => (
            <Group key={i} gap="xs" align="flex-end">
              <TextInput
                label={t('advance.country')}
                value={q.country}
                maxLength={2}
                onChange={(e) => {
                  const country = e.currentTarget.value.toUpperCase();
                  setQuotas((list) => list.map((x, j) => (j === i ? { ...x, country } : x)));
                }}
                style={{ width: 110 }}
                error={errors[`quotas.${q.country}`]}
              />
              <NumberInput
                label={t('advance.max')}
                min={0}
                allowDecimal={false}
                value={q.max}
                onChange={(v) =>
                  typeof v === 'number' &&
                  setQuotas((list) => list.map((x, j) => (j === i ? { ...x, max: v } : x)))
                }
                style={{ width: 110 }}
              />
              <ActionIcon
                variant="subtle"
                color="red"
                size="lg"
                aria-label={t('advance.removeQuota')}
                onClick={() => setQuotas((list) => list.filter((_, j) => j !== i))}
              >
                ×
              </ActionIcon>
            </Group>
          ))}
          <Button
            variant="subtle"
            size="xs"
            onClick={() => setQuotas((list) => [...list, { country: '', max: 1 }])}
            style={{ alignSelf: 'flex-start' }}
          >
            {t('advance.addQuota')}
          </Button>
        </Stack>
        <MultiSelect
          label={t('advance.wildcards')}
          description={t('advance.wildcardsHint')}
          data={entryOptions}
          value={wildcards}
          onChange={setWildcards}
          searchable
          clearable
        />
        <MultiSelect
          label={t('advance.exclude')}
          description={t('advance.excludeHint')}
          data={entryOptions}
          value={excluded}
          onChange={setExcluded}
          searchable
          clearable
        />
        <ErrorAlert error={advance.error} fields={['toRoundId', 'topPerTrack']} />
        <Group justify="flex-end">
          <Button
            variant={previewIsCurrent ? 'default' : 'filled'}
            loading={advance.isPending && !previewIsCurrent}
            disabled={!toRoundId}
            onClick={() =>
              advance.mutate(
                { ...body, preview: true },
                { onSuccess: (result) => setPreview({ body: bodyKey, result }) },
              )
            }
          >
            {t('advance.preview')}
          </Button>
        </Group>

        {preview && (
          <Stack gap="sm">
            {!previewIsCurrent && (
              <Alert color="yellow" variant="light">
                {t('advance.stale')}
              </Alert>
            )}
            <Title order={4}>
              {t('advance.resultTitle', {
                count: preview.result.advancing.length,
                round: target?.name ?? '',
              })}
            </Title>
            <Group gap="xs">
              {Object.entries(preview.result.perCountry)
                .sort(([a], [b]) => a.localeCompare(b))
                .map(([country, n]) => (
                  <Badge key={country} variant="outline" color="gray">
                    {country}: {n}
                  </Badge>
                ))}
            </Group>
            {preview.result.tiesAtCutoff.map((tie) => (
              <Alert
                key={tie.trackId}
                color="grape"
                variant="light"
                title={t('advance.tieTitle', { track: tie.trackName })}
              >
                {t('advance.tieText', { count: tie.entryIds.length, rank: tie.trackRank })}
              </Alert>
            ))}
            <AdvanceTable rows={preview.result.advancing} />
            {preview.result.skipped.length > 0 && (
              <>
                <Title order={5}>{t('advance.skippedTitle')}</Title>
                <AdvanceTable rows={preview.result.skipped} />
              </>
            )}
            {incomplete && (
              <Checkbox
                label={t('missing.advanceConfirm', { summary: missingSummary(t, snapshot.missing) })}
                checked={acknowledged}
                onChange={(e) => setAcknowledged(e.currentTarget.checked)}
              />
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('advance.cancel')}
              </Button>
              <Button
                color="teal"
                disabled={
                  !previewIsCurrent || preview.result.advancing.length === 0 || (incomplete && !acknowledged)
                }
                loading={advance.isPending && previewIsCurrent}
                onClick={() =>
                  advance.mutate(
                    { ...body, preview: false },
                    {
                      onSuccess: (result) => {
                        notifications.show({
                          color: 'teal',
                          message: t('advance.done', {
                            count: result.advancing.length,
                            round: target?.name ?? '',
                          }),
                        });
                        void queryClient.invalidateQueries();
                        close();
                      },
                    },
                  )
                }
              >
                {t('advance.commit', { count: preview.result.advancing.length })}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Modal>
  );
}

function AdvanceTable({
  rows,
}: {
  rows: Array<Advancement['advancing'][number] | Advancement['skipped'][number]>;
}) {
  const { t } = useTranslation('tally');
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('table.track')}</Table.Th>
            <Table.Th>{t('table.trackRank')}</Table.Th>
            <Table.Th>{t('table.entry')}</Table.Th>
            <Table.Th>{t('table.score')}</Table.Th>
            <Table.Th>{t('advance.reason')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.entryId}>
              <Table.Td>{r.trackName}</Table.Td>
              <Table.Td>{r.trackRank}</Table.Td>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {r.title}
                </Text>
                <Text size="xs" c="dimmed">
                  {r.teamName} · {r.country}
                </Text>
              </Table.Td>
              <Table.Td>{fmt(r.score)}</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  <Badge color={reasonColor[r.reason]} variant="light">
                    {t(`advance.reasons.${r.reason}`)}
                  </Badge>
                  {r.alreadyInRound && (
                    <Badge color="gray" variant="outline">
                      {t('advance.alreadyIn')}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
