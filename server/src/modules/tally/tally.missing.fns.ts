/**
 * How many reviews each entry of a round still lacks. An entry needs one review per active judge
 * (a recused slot that was not refilled is not counted), and in a review round at least the
 * round's reviews per entry, so an entry that no one was assigned to lacks them all.
 */
export function missingReviews({
  kind,
  reviewsPerEntry,
  entryIds,
  activeJudges,
  counted,
}: {
  kind: 'review' | 'live';
  reviewsPerEntry: number;
  entryIds: readonly string[];
  /** Active (not recused) assignments per entry. */
  activeJudges: ReadonlyMap<string, number>;
  /** Reviews that count per entry: submitted, and in the tally when it is the tally's. */
  counted: ReadonlyMap<string, number>;
}) {
  const perEntry = new Map<string, number>();
  let reviews = 0;
  for (const entryId of entryIds) {
    const needed = Math.max(activeJudges.get(entryId) ?? 0, kind === 'review' ? reviewsPerEntry : 0);
    const missing = Math.max(0, needed - (counted.get(entryId) ?? 0));
    perEntry.set(entryId, missing);
    reviews += missing;
  }
  return { perEntry, entries: [...perEntry.values()].filter((m) => m > 0).length, reviews };
}

/** Counts of a list by one key. */
export const countBy = <T>(list: readonly T[], key: (item: T) => string) => {
  const counts = new Map<string, number>();
  for (const item of list) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
};
