import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type Award, maxCitationLength } from '@wuzhen/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCorrectCitations } from '../../api/awards.ts';
import { BilingualField } from '../../components/bilingual-field.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { useLocalizedName } from '../../i18n/content.ts';

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
  const localName = useLocalizedName();
  const correct = useCorrectCitations(competitionId);
  // The words as the award opened (the parent keys this component by award, so it starts afresh).
  const [texts, setTexts] = useState<Record<string, { en: string; zh: string }>>(() =>
    Object.fromEntries((award?.winners ?? []).map((w) => [w.entryId, { en: w.citation, zh: w.citationZh }])),
  );
  if (!award) return null;

  const changes = award.winners
    .map((w) => ({ w, text: texts[w.entryId] ?? { en: w.citation, zh: w.citationZh } }))
    .filter(({ w, text }) => text.en.trim() !== w.citation || text.zh.trim() !== w.citationZh)
    .map(({ w, text }) => ({ entryId: w.entryId, citation: text.en.trim(), citationZh: text.zh.trim() }));
  const save = () =>
    correct.mutate(
      { awardId: award.id, changes },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('citations.saved', { name: localName(award) }) });
          onClose();
        },
      },
    );

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('citations.title', { name: localName(award) })}
      size="xl"
      closeButtonProps={{ 'aria-label': t('actions.close') }}
    >
      <Stack>
        <Text size="sm" c="dimmed">
          {award.publishedAt ? t('citations.publishedHint') : t('citations.hint')}
        </Text>
        {award.winners.map((w) => (
          <BilingualField
            key={w.entryId}
            id={`citation-${w.entryId}`}
            label={`${w.title} — ${w.team}`}
            en={texts[w.entryId]?.en ?? ''}
            zh={texts[w.entryId]?.zh ?? ''}
            onChange={(next) => setTexts((all) => ({ ...all, [w.entryId]: next }))}
            maxLength={maxCitationLength}
            multiline
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
