import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Progress,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Award } from '@wuzhen/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useAwards, useReveal, useUpdateAward } from '../../api/awards.ts';
import { useCompetition } from '../../api/competitions.ts';
import { countryName } from '../../components/countries.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { useLocalizedName } from '../../i18n/content.ts';
import { formatDateTime } from '../../i18n/dates.ts';
import { AwardKindBadge } from '../public/award-kind-badge.tsx';

/**
 * `/organizer/competitions/:competitionId/ceremony`: the awards in ceremony order, one "Reveal"
 * each. A reveal publishes that award and announces it to every open public page and big screen.
 */
export function CeremonyPage() {
  const { t, i18n } = useTranslation('awards');
  const localName = useLocalizedName();
  const lang = i18n.resolvedLanguage ?? 'en';
  const { competitionId = '' } = useParams();
  const competition = useCompetition(competitionId);
  const awards = useAwards(competitionId);
  const reveal = useReveal(competitionId);
  const reorder = useUpdateAward(competitionId);
  const [confirming, setConfirming] = useState<Award | null>(null);
  usePageTitle(t('ceremony.title'));

  if (competition.isPending || awards.isPending) return <LoadingState />;
  if (competition.isError) return <ErrorAlert error={competition.error} />;
  if (awards.isError) return <ErrorAlert error={awards.error} />;
  const c = competition.data;
  const list = awards.data;
  const revealed = list.filter((a) => a.publishedAt);
  const next = list.find((a) => !a.publishedAt && a.winners.length > 0) ?? null;

  // Swaps positions with the neighbour (awards get distinct positions when created).
  const move = (index: number, by: -1 | 1) => {
    const a = list[index];
    const b = list[index + by];
    if (!a || !b) return;
    const [toA, toB] = a.position === b.position ? [a.position + by, b.position] : [b.position, a.position];
    reorder.mutate({ awardId: a.id, body: { position: Math.max(0, toA) } });
    reorder.mutate({ awardId: b.id, body: { position: Math.max(0, toB) } });
  };

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Anchor component={Link} to={`/organizer/competitions/${c.id}/awards`} size="sm">
          ← {t('ceremony.back')}
        </Anchor>
        <Title order={1}>{t('ceremony.title')}</Title>
        <Text c="dimmed">{localName(c)}</Text>
      </Stack>

      <Paper withBorder p="md" radius="md">
        <Group justify="space-between">
          <div>
            <Text fw={600} aria-live="polite">
              {t('ceremony.progress', { revealed: revealed.length, total: list.length })}
            </Text>
            <Progress
              value={list.length ? (revealed.length / list.length) * 100 : 0}
              color="teal"
              mt={6}
              w={260}
              aria-hidden
            />
          </div>
          <Group gap="sm">
            <Button
              component="a"
              href={`/c/${c.slug}/screen`}
              target="_blank"
              rel="noopener"
              variant="default"
            >
              {t('ceremony.openScreen')}
            </Button>
            <Button
              component="a"
              href={`/c/${c.slug}/results`}
              target="_blank"
              rel="noopener"
              variant="default"
            >
              {t('ceremony.openPublic')}
            </Button>
          </Group>
        </Group>
      </Paper>
      <ErrorAlert error={reveal.error ?? reorder.error} />

      {list.length === 0 ? (
        <EmptyState
          title={t('ceremony.emptyTitle')}
          description={t('ceremony.emptyText')}
          action={
            <Button component={Link} to={`/organizer/competitions/${c.id}/awards`}>
              {t('ceremony.back')}
            </Button>
          }
        />
      ) : (
        <ol className="plain-list" aria-label={t('ceremony.listLabel')}>
          {list.map((award, index) => {
            const isNext = next?.id === award.id;
            return (
              <li key={award.id} style={{ marginBottom: 12 }}>
                <Paper
                  withBorder
                  p="md"
                  radius="md"
                  style={
                    isNext ? { borderColor: 'var(--mantine-color-indigo-6)', borderWidth: 2 } : undefined
                  }
                  bg={award.publishedAt ? 'var(--mantine-color-teal-0)' : undefined}
                >
                  <Group justify="space-between" align="flex-start" wrap="nowrap">
                    <Group align="flex-start" wrap="nowrap" gap="md">
                      <Text fw={700} fz="xl" c="dimmed" miw={28}>
                        {index + 1}
                      </Text>
                      <div>
                        <Group gap="xs">
                          <Text fw={700} fz="lg">
                            {localName(award)}
                          </Text>
                          <AwardKindBadge award={{ ...award, name: localName(award) }} />
                          {isNext && <Badge color="indigo">{t('ceremony.next')}</Badge>}
                        </Group>
                        {award.winners.length === 0 ? (
                          <Text size="sm" c="dimmed">
                            {t('ceremony.noWinners')}
                          </Text>
                        ) : (
                          award.winners.map((w) => (
                            <Text key={w.entryId} size="sm">
                              {w.title} — {w.team}, {countryName(w.country, lang)}
                            </Text>
                          ))
                        )}
                        {award.publishedAt && (
                          <Text size="xs" c="var(--mantine-color-teal-light-color)" mt={4}>
                            {t('ceremony.revealedAt', {
                              when: formatDateTime(award.publishedAt, c.timezone, lang),
                            })}
                          </Text>
                        )}
                      </div>
                    </Group>
                    <Group gap={4} wrap="nowrap">
                      {!award.publishedAt && (
                        <>
                          <ActionIcon
                            variant="subtle"
                            aria-label={t('ceremony.moveUp', { name: localName(award) })}
                            disabled={index === 0 || reorder.isPending}
                            onClick={() => move(index, -1)}
                          >
                            ↑
                          </ActionIcon>
                          <ActionIcon
                            variant="subtle"
                            aria-label={t('ceremony.moveDown', { name: localName(award) })}
                            disabled={index === list.length - 1 || reorder.isPending}
                            onClick={() => move(index, 1)}
                          >
                            ↓
                          </ActionIcon>
                        </>
                      )}
                      {award.publishedAt ? (
                        <Badge color="teal" size="lg">
                          {t('ceremony.revealed')}
                        </Badge>
                      ) : (
                        <Button
                          size="md"
                          variant={isNext ? 'filled' : 'light'}
                          disabled={award.winners.length === 0}
                          onClick={() => setConfirming(award)}
                          aria-label={t('ceremony.revealNamed', { name: localName(award) })}
                        >
                          {t('ceremony.reveal')}
                        </Button>
                      )}
                    </Group>
                  </Group>
                </Paper>
              </li>
            );
          })}
        </ol>
      )}

      <Modal
        opened={confirming !== null}
        onClose={() => setConfirming(null)}
        title={t('ceremony.confirmTitle')}
      >
        {confirming && (
          <Stack>
            <Text>{t('ceremony.confirmText', { name: localName(confirming) })}</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(null)}>
                {t('actions.cancel')}
              </Button>
              <Button
                data-autofocus
                loading={reveal.isPending}
                onClick={() =>
                  reveal.mutate(confirming.id, {
                    onSuccess: () => {
                      notifications.show({
                        color: 'teal',
                        message: t('ceremony.revealedDone', { name: localName(confirming) }),
                      });
                      setConfirming(null);
                    },
                    onError: () => setConfirming(null),
                  })
                }
              >
                {t('ceremony.revealNow')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
