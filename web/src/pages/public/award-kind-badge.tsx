import { Badge } from '@mantine/core';
import type { AwardKind } from '@wuzhen/shared';
import { useTranslation } from 'react-i18next';
import { kindTag, levelKey } from './awards-display.ts';

/** "First prize" or "Special award" beside an award's name (as the reader sees it), unless the name says it. */
export function AwardKindBadge({
  award,
}: {
  award: { name: string; kind: AwardKind; level: number | null };
}) {
  const { t } = useTranslation('awards');
  const tag = kindTag(
    award.name,
    award.kind === 'prize' ? t(`level.${levelKey(award.level)}`, { level: award.level }) : t('kind.special'),
  );
  return tag ? (
    <Badge variant="light" color={award.kind === 'prize' ? 'indigo' : 'grape'}>
      {tag}
    </Badge>
  ) : null;
}
