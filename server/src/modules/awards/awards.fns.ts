// Pure rules of awards: eligibility, the one-ladder-prize rule, suggestions from a tally, and the
// public shape. No I/O here, so every rule is tested directly.
import { type AwardSuggestion, type PublicAward, trackAllowed } from '@wuzhen/shared';
import { z } from 'zod';

export type AwardRule = {
  id: string;
  kind: 'prize' | 'special';
  level: number | null;
  trackId: string | null;
  eligibleTrackIds: string[];
  slots: number;
};

export type CandidateEntry = {
  entryId: string;
  competitionId: string;
  title: string;
  status: 'draft' | 'submitted' | 'withdrawn' | 'disqualified';
  trackId: string | null;
  track: string | null;
  team: string;
  country: string;
};

export { trackAllowed };

export type WinnerProblem = {
  path: string;
  code:
    | 'too_many_winners'
    | 'entry_withdrawn'
    | 'entry_disqualified'
    | 'entry_not_submitted'
    | 'track_not_eligible'
    | 'second_ladder_prize';
  message: string;
};

/**
 * Everything wrong with a list of winners (the caller has checked the entries exist in the
 * competition). Slots first, then each entry: withdrawn or never submitted, a track the award
 * does not take, or a second ladder prize (special awards may stack on anything).
 */
export function winnerProblems({
  award,
  winners,
  entries,
  ladderPrizesHeld,
  trackName = (id) => id ?? 'no track',
}: {
  award: AwardRule & { name: string };
  winners: Array<{ entryId: string }>;
  entries: Map<string, Pick<CandidateEntry, 'entryId' | 'title' | 'status' | 'trackId'>>;
  /** Ladder prizes other than this award that the entries hold. */
  ladderPrizesHeld: Array<{ entryId: string; name: string }>;
  trackName?: (trackId: string | null) => string;
}): WinnerProblem[] {
  const problems: WinnerProblem[] = [];
  if (winners.length > award.slots) {
    problems.push({
      path: 'winners',
      code: 'too_many_winners',
      message: `${award.name} has ${award.slots} slot${award.slots === 1 ? '' : 's'}, and ${winners.length} winners were named. Name at most ${award.slots}, or add slots to the award first.`,
    });
  }
  winners.forEach((winner, i) => {
    const entry = entries.get(winner.entryId);
    if (!entry) return;
    const path = `winners.${i}.entryId`;
    const title = entry.title || 'An untitled entry';
    if (entry.status === 'withdrawn') {
      problems.push({
        path,
        code: 'entry_withdrawn',
        message: `“${title}” was withdrawn by its team and cannot win an award.`,
      });
    } else if (entry.status === 'disqualified') {
      problems.push({
        path,
        code: 'entry_disqualified',
        message: `“${title}” was disqualified by the organizers and cannot win an award.`,
      });
    } else if (entry.status !== 'submitted') {
      problems.push({
        path,
        code: 'entry_not_submitted',
        message: `“${title}” was never submitted and cannot win an award.`,
      });
    }
    if (!trackAllowed(award, entry.trackId)) {
      const where =
        award.kind === 'prize'
          ? `is for the ${trackName(award.trackId)} track only`
          : `is open to ${award.eligibleTrackIds.map((t) => trackName(t)).join(', ')} only`;
      problems.push({
        path,
        code: 'track_not_eligible',
        message: `“${title}” is in ${trackName(entry.trackId)}, and ${award.name} ${where}.`,
      });
    }
    if (award.kind === 'prize') {
      const held = ladderPrizesHeld.find((p) => p.entryId === winner.entryId);
      if (held) {
        problems.push({
          path,
          code: 'second_ladder_prize',
          message: `“${title}” already holds ${held.name}; an entry holds at most one ladder prize. Remove it there first (special awards may stack).`,
        });
      }
    }
  });
  return problems;
}

/** The part of a tally snapshot the awards read; the rest of the snapshot is the tally's business. */
const snapshotEntrySchema = z.object({
  entryId: z.string(),
  trackId: z.string().nullable().optional(),
  rank: z.number(),
  trackRank: z.number(),
  rawScore: z.number().nullable(),
  score: z.number().nullable().optional(),
  calibratedScore: z.number().nullable().optional(),
  interval: z.tuple([z.number(), z.number()]).nullable(),
  reviews: z.number(),
  tie: z.boolean(),
  closeCall: z.boolean().default(false),
});
export type SnapshotEntry = z.infer<typeof snapshotEntrySchema>;
const snapshotResultSchema = z.object({ entries: z.array(snapshotEntrySchema) });

/** The ranked entries of a stored snapshot (its canonical JSON text). */
export function snapshotEntries(resultText: string): SnapshotEntry[] {
  return snapshotResultSchema.parse(JSON.parse(resultText)).entries;
}

/**
 * Suggested winners: the snapshot's entries that may win this award, by the rank that matters (the
 * track rank for a track prize, the overall rank otherwise), with their intervals and tie flags.
 * Eligible: in the final round and submitted (`candidates`), a track the award takes, and, for a
 * prize, no other ladder prize. Equal ranks keep the snapshot's tie flag; their order here (by raw
 * score, then title) is for display only, never a decision.
 */
export function suggestWinners({
  award,
  snapshot,
  candidates,
  ladderPrizeHolders,
  chosen,
  otherAwards,
}: {
  award: AwardRule;
  snapshot: SnapshotEntry[];
  candidates: Map<string, CandidateEntry>;
  ladderPrizeHolders: Set<string>;
  chosen: Set<string>;
  otherAwards: Map<string, Array<{ id: string; name: string }>>;
}): { rankedBy: 'rank' | 'trackRank'; items: AwardSuggestion[] } {
  const rankedBy = award.kind === 'prize' && award.trackId ? 'trackRank' : 'rank';
  const items: AwardSuggestion[] = [];
  for (const row of snapshot) {
    const entry = candidates.get(row.entryId);
    if (entry?.status !== 'submitted') continue;
    if (!trackAllowed(award, entry.trackId)) continue;
    if (award.kind === 'prize' && ladderPrizeHolders.has(entry.entryId)) continue;
    items.push({
      entryId: entry.entryId,
      title: entry.title,
      team: entry.team,
      country: entry.country,
      trackId: entry.trackId,
      track: entry.track,
      rank: row.rank,
      trackRank: row.trackRank,
      score: row.score ?? row.calibratedScore ?? null,
      rawScore: row.rawScore,
      interval: row.interval,
      reviews: row.reviews,
      tie: row.tie,
      closeCall: row.closeCall,
      chosen: chosen.has(entry.entryId),
      otherAwards: otherAwards.get(entry.entryId) ?? [],
    });
  }
  items.sort(
    (a, b) =>
      a[rankedBy] - b[rankedBy] ||
      (b.rawScore ?? Number.NEGATIVE_INFINITY) - (a.rawScore ?? Number.NEGATIVE_INFINITY) ||
      a.title.localeCompare(b.title, 'en') ||
      (a.entryId < b.entryId ? -1 : 1),
  );
  return { rankedBy, items };
}

type AwardForDisplay = {
  id: string;
  name: string;
  nameZh: string;
  kind: 'prize' | 'special';
  level: number | null;
  description: string;
  descriptionZh: string;
  trackId: string | null;
  position: number;
  publishedAt: Date | null;
};

/** The public shape of a published award: names and citations, never a score. */
export function toPublicAward(
  award: AwardForDisplay & { publishedAt: Date },
  winners: Array<{
    entryId: string;
    title: string;
    team: string;
    country: string;
    track: string | null;
    trackZh: string | null;
    citation: string;
    citationZh: string;
  }>,
  tracks: {
    name: (trackId: string | null) => string | null;
    nameZh: (trackId: string | null) => string | null;
  },
): PublicAward {
  return {
    id: award.id,
    name: award.name,
    nameZh: award.nameZh,
    kind: award.kind,
    level: award.level,
    description: award.description,
    descriptionZh: award.descriptionZh,
    track: tracks.name(award.trackId),
    trackZh: tracks.nameZh(award.trackId),
    publishedAt: award.publishedAt.toISOString(),
    winners: winners.map((w) => ({
      entryId: w.entryId,
      title: w.title,
      team: w.team,
      country: w.country,
      track: w.track,
      trackZh: w.trackZh,
      citation: w.citation,
      citationZh: w.citationZh,
    })),
  };
}

/**
 * Results order: the ladder from the grand prize down (overall before per-track at each level),
 * then the special awards in the organizer's order.
 */
export function resultsOrder<T extends Pick<AwardForDisplay, 'kind' | 'level' | 'trackId' | 'position'>>(
  list: T[],
  trackPosition: (trackId: string) => number = () => 0,
): T[] {
  const key = (a: T) => [
    a.kind === 'prize' ? 0 : 1,
    a.kind === 'prize' ? (a.level ?? 0) : 0,
    a.trackId ? 1 + trackPosition(a.trackId) : 0,
    a.position,
  ];
  return [...list].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! - kb[i]!;
    return 0;
  });
}
