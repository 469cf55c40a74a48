import { Alert, Badge, Tooltip } from '@mantine/core';
import type { MissingReviews } from '@wuzhen/shared';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

/** "3 entries are missing 4 reviews", in the reader's language. */
export const missingSummary = (t: TFunction<'tally'>, missing: MissingReviews) =>
  t('missing.summary', { count: missing.entries, reviews: t('missing.reviews', { count: missing.reviews }) });

/** A warning with the count, shown while a round's entries lack reviews; nothing when none do. */
export function MissingReviewsAlert({
  missing,
  text,
}: {
  missing: MissingReviews | undefined;
  text: string;
}) {
  const { t } = useTranslation('tally');
  if (!missing || missing.entries === 0) return null;
  return (
    <Alert color="yellow" variant="light" title={missingSummary(t, missing)} data-testid="missing-reviews">
      {text}
    </Alert>
  );
}

/** An entry's review count, flagged ("2 of 3") when it is ranked on fewer reviews than it needs. */
export function ReviewCount({ reviews, missing }: { reviews: number; missing: number }) {
  const { t } = useTranslation('tally');
  if (missing === 0) return <>{reviews}</>;
  const needed = reviews + missing;
  return (
    <Tooltip label={t('missing.badgeHint', { missing, reviews, needed })} withArrow multiline w={260}>
      <Badge
        color="orange"
        variant="light"
        size="sm"
        tabIndex={0}
        aria-label={t('missing.badgeHint', { missing, reviews, needed })}
        style={{ flexShrink: 0, overflow: 'visible' }}
      >
        {t('missing.badge', { reviews, needed })}
      </Badge>
    </Tooltip>
  );
}
