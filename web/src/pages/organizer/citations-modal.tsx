import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type Award, maxCitationLength } from '@wuzhen/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCorrectCitations } from '../../api/awards.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';

/**
 * Corrects the citations of an award's winners, published or not: the winners and their order
 * stay; only the words change, and public pages show them on their next load.
 */
export function CitationsModal({
  competitionId,
  award,
  onClose,
}: {
  competitionId: string;
  award: Award | null;
  onClose: () => void;
}) {
  const { t } = useTranslation('awards');
  const correct = useCorrectCitations(competitionId);
  // The words as the award opened (the parent keys this component by award, so it starts afresh).
  const [texts, setTexts] = useState<Record<string, string>>(() =>
    Object.fromEntries((award?.winners ?? []).map((w) => [w.entryId, w.citation])),
  );
  if (!award) return null;

  const changes = award.winners
    .filter((w) => (texts[w.entryId] ?? w.citation).trim() !== w.citation)
    .map((w) => ({ entryId: w.entryId, citation: (texts[w.entryId] ?? '').trim() }));
  const save = () =>
    correct.mutate(
      { awardId: award.id, changes },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('citations.saved', { name: award.name }) });
          onClose();
        },
      },
    );

  return (
    <Modal opened onClose={onClose} title={t('citations.title', { name: award.name })} size="lg">
      <Stack>
        <Text size="sm" c="dimmed">
          {award.publishedAt ? t('citations.publishedHint') : t('citations.hint')}
        </Text>
        {award.winners.map((w) => (
          <Textarea
            key={w.entryId}
            label={`${w.title} — ${w.team}`}
            value={texts[w.entryId] ?? ''}
            onChange={(event) => {
              const value = event.currentTarget.value;
              setTexts((all) => ({ ...all, [w.entryId]: value }));
            }}
            maxLength={maxCitationLength}
            autosize
            minRows={2}
          />
        ))}
        {correct.error && <ErrorAlert error={correct.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('actions.cancel')}
          </Button>
          <Button onClick={save} loading={correct.isPending} disabled={changes.length === 0}>
            {t('citations.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
