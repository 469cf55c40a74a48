// What a team is told about each round its entry took part in: whether it went on. Pure, so the
// rule of when a team may know is tested on small tables.
//
// When (PRODUCT.md: teams see their own entries, never a tally or a score; advancement notices and
// "results and feedback released" are the mails that tell them):
//   - "Advanced to <round>" from the moment the organizer commits the advancement: the same moment
//     the team's advancement notice is written.
//   - "Did not advance" only once an advancement out of that round exists AND the round's results
//     are out to teams: its feedback released, or the competition's awards published. Before that
//     the organizer may still add a wildcard, and a team must not read a verdict that may change.
//   - Nothing for a round nobody has advanced out of, for the last round (its outcome is the awards),
//     or for an entry no longer in the running (withdrawn, disqualified) that did not advance.
// Never a rank, a score or who else advanced.

export type OutcomeRound = {
  id: string;
  name: string;
  position: number;
  feedbackReleasedAt: Date | null;
};

export type OutcomeAdvancement = {
  fromRoundId: string;
  toRoundId: string;
  entryIds: readonly string[];
  createdAt: Date;
};

export type OutcomeEntry = {
  id: string;
  status: 'draft' | 'submitted' | 'withdrawn' | 'disqualified';
  submittedAt: Date | null;
};

export type RoundOutcome = {
  roundId: string;
  roundName: string;
  outcome: 'advanced' | 'not_advanced';
  toRoundId: string;
  toRoundName: string;
  /** When the organizer decided: the advancement that took the entry on, or the first out of the round. */
  decidedAt: Date;
};

/**
 * The outcomes a team may read for one entry, first round first. `inRounds` holds the later
 * rounds the entry was advanced into (round_entries); the first round takes every submission.
 */
export function teamRoundOutcomes({
  entry,
  rounds,
  advancements,
  inRounds,
  resultsPublishedAt,
}: {
  entry: OutcomeEntry;
  rounds: readonly OutcomeRound[];
  advancements: readonly OutcomeAdvancement[];
  inRounds: ReadonlySet<string>;
  resultsPublishedAt: Date | null;
}): RoundOutcome[] {
  const ordered = [...rounds].sort((a, b) => a.position - b.position);
  const first = ordered[0];
  const name = new Map(ordered.map((r) => [r.id, r.name]));
  const byTime = [...advancements].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const outcomes: RoundOutcome[] = [];
  for (const round of ordered) {
    const tookPart = round === first ? entry.submittedAt !== null : inRounds.has(round.id);
    if (!tookPart) continue;
    const out = byTime.filter((a) => a.fromRoundId === round.id && name.has(a.toRoundId));
    const firstOut = out[0];
    if (!firstOut) continue;
    const took = out.find((a) => a.entryIds.includes(entry.id));
    if (took) {
      outcomes.push({
        roundId: round.id,
        roundName: round.name,
        outcome: 'advanced',
        toRoundId: took.toRoundId,
        toRoundName: name.get(took.toRoundId)!,
        decidedAt: took.createdAt,
      });
      continue;
    }
    const resultsOut = round.feedbackReleasedAt !== null || resultsPublishedAt !== null;
    if (!resultsOut || entry.status !== 'submitted') continue;
    outcomes.push({
      roundId: round.id,
      roundName: round.name,
      outcome: 'not_advanced',
      toRoundId: firstOut.toRoundId,
      toRoundName: name.get(firstOut.toRoundId)!,
      decidedAt: firstOut.createdAt,
    });
  }
  return outcomes;
}
