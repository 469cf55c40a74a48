// Who advances from a tallied round: pure, so the preview and the commit choose exactly the same
// entries, and the rules can be tested on small tables.
//
// Rules, in order:
//   1. Excluded entries are out, and their slot passes to the next eligible entry of their track.
//   2. Each track takes its top `topPerTrack` entries by track rank. Entries tied with the last one
//      taken (same track rank) all advance too, and the tie is flagged: a person decides, not an id.
//   3. A country or region at its quota is skipped, and the next eligible entry of that track moves
//      up. Candidates are visited best track rank first across all tracks, so a quota is used by
//      the best-placed entries wherever they are.
//   4. Entries without a score (no submitted review) never advance by rank.
//   5. Wildcards are added by hand, whatever their rank or quota.

export type AdvanceCandidate = {
  entryId: string;
  trackId: string;
  trackRank: number;
  rank: number;
  score: number | null;
  country: string;
};

export type AdvanceRules = {
  topPerTrack: number;
  quotas?: Record<string, number>;
  wildcards?: string[];
  exclude?: string[];
};

export type AdvanceReason = 'rank' | 'tie' | 'wildcard';
export type SkipReason = 'quota' | 'excluded' | 'unscored';

export type AdvanceSelection = {
  advancing: Array<{ entryId: string; reason: AdvanceReason }>;
  skipped: Array<{ entryId: string; reason: SkipReason }>;
  tiesAtCutoff: Array<{ trackId: string; trackRank: number; entryIds: string[] }>;
  perCountry: Record<string, number>;
};

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function selectAdvancing(
  candidates: readonly AdvanceCandidate[],
  rules: AdvanceRules,
): AdvanceSelection {
  const excluded = new Set(rules.exclude ?? []);
  const quotas = rules.quotas ?? {};
  const perCountry: Record<string, number> = {};
  const advancing = new Map<string, AdvanceReason>();
  const skipped: AdvanceSelection['skipped'] = [];
  const taken = new Map<string, { count: number; lastRank: number; tieExtra: boolean }>();

  const ordered = [...candidates].sort(
    (a, b) => a.trackRank - b.trackRank || a.rank - b.rank || byId(a.entryId, b.entryId),
  );
  for (const c of ordered) {
    const track = taken.get(c.trackId) ?? { count: 0, lastRank: Number.NaN, tieExtra: false };
    taken.set(c.trackId, track);
    const full = track.count >= rules.topPerTrack;
    const tiedAtCutoff = full && track.count > 0 && c.trackRank === track.lastRank;
    if (full && !tiedAtCutoff) continue;
    if (excluded.has(c.entryId)) {
      skipped.push({ entryId: c.entryId, reason: 'excluded' });
      continue;
    }
    if (c.score === null) {
      skipped.push({ entryId: c.entryId, reason: 'unscored' });
      continue;
    }
    const quota = quotas[c.country];
    if (quota !== undefined && (perCountry[c.country] ?? 0) >= quota) {
      skipped.push({ entryId: c.entryId, reason: 'quota' });
      continue;
    }
    advancing.set(c.entryId, 'rank');
    perCountry[c.country] = (perCountry[c.country] ?? 0) + 1;
    track.count += 1;
    track.lastRank = c.trackRank;
    if (tiedAtCutoff) track.tieExtra = true;
  }

  // Every entry advancing at a cutoff rank that needed extra places is a tie for a person to see.
  const tiesAtCutoff: AdvanceSelection['tiesAtCutoff'] = [];
  for (const [trackId, track] of [...taken].sort(([a], [b]) => byId(a, b))) {
    if (!track.tieExtra) continue;
    const entryIds = ordered
      .filter((c) => c.trackId === trackId && c.trackRank === track.lastRank && advancing.has(c.entryId))
      .map((c) => c.entryId);
    for (const id of entryIds) advancing.set(id, 'tie');
    tiesAtCutoff.push({ trackId, trackRank: track.lastRank, entryIds });
  }

  const countryOf = new Map(candidates.map((c) => [c.entryId, c.country]));
  for (const id of rules.wildcards ?? []) {
    if (advancing.has(id)) continue;
    advancing.set(id, 'wildcard');
    const country = countryOf.get(id);
    if (country) perCountry[country] = (perCountry[country] ?? 0) + 1;
  }

  // Manual exclusions are reported even when the entry ranked below the line.
  for (const id of excluded) {
    if (!skipped.some((s) => s.entryId === id)) skipped.push({ entryId: id, reason: 'excluded' });
  }

  return {
    advancing: [...advancing].map(([entryId, reason]) => ({ entryId, reason })),
    skipped,
    tiesAtCutoff,
    perCountry,
  };
}
