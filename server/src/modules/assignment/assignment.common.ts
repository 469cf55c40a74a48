import type { Assignment, AssignmentRun, TrackCoverage } from '@wuzhen/shared';
import type { Db, DbOrTx } from '../../app/db.ts';
import type { Queues } from '../../app/queue.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CompetitionsRepository, RoundRow, TrackRow } from '../competitions/competitions.repository.ts';
import type { RoundEntriesRepository } from '../competitions/round-entries.repository.ts';
import type { ConflictPair } from '../judges/conflicts.fns.ts';
import { organizationKey } from '../judges/conflicts.fns.ts';
import { type ConflictsService, pairKey } from '../judges/conflicts.service.ts';
import type { JudgeRow, JudgesRepository } from '../judges/judges.repository.ts';
import type { ReviewsRepository } from '../reviews/reviews.repository.ts';
import type { UploadsRepository } from '../uploads/uploads.repository.ts';
import { affinityOf } from './assignment.fns.ts';
import type { AssignmentRepository, AssignmentRow } from './assignment.repository.ts';

export type EntryRow = Awaited<ReturnType<RoundEntriesRepository['entriesOf']>>[number];

/**
 * What the assignment's services share: their dependencies, how its rows count (active, under
 * way), a judge's capacity and affinity in a round, coverage, and a round's conflicted pairs.
 */

/** Where the latest run of a round is kept (the job queue): read for the summary page. */
export type AssignmentRuns = { lastRun: (roundId: string) => Promise<AssignmentRun | null> };

/** What the assignment services are built from (app/services.ts). */
export type AssignmentDeps = {
  db: Db;
  repo: AssignmentRepository;
  roundEntries: Pick<RoundEntriesRepository, 'entriesOf'>;
  competitions: Pick<CompetitionsRepository, 'findRound' | 'tracksOf' | 'lockRound' | 'criteriaOf'>;
  judges: Pick<JudgesRepository, 'listByCompetition' | 'findById' | 'ensureConflict'>;
  conflictsService: Pick<ConflictsService, 'pairs' | 'conflictedAmong'>;
  /** What a judge's review page shows beside the assignment: the entry's files, the review. */
  uploads: Pick<UploadsRepository, 'filesForReview'>;
  reviews: Pick<ReviewsRepository, 'findReview' | 'statusesOf'>;
  audit: Pick<AuditService, 'record'>;
  queues: Pick<Queues, 'enqueue'>;
  runs: AssignmentRuns;
  now?: () => Date;
};

export const toAssignment = (row: AssignmentRow): Assignment => ({
  id: row.id,
  roundId: row.roundId,
  entryId: row.entryId,
  judgeId: row.judgeId,
  status: row.status,
  affinity: row.affinity,
  source: row.source,
  createdAt: row.createdAt.toISOString(),
});

export const isActive = (row: Pick<AssignmentRow, 'status'>) => row.status !== 'recused';
export const isUnderWay = (row: Pick<AssignmentRow, 'status'>) =>
  row.status === 'started' || row.status === 'submitted';
export const capacityOf = (judge: JudgeRow, round: RoundRow) => judge.capacity ?? round.judgeCapacity;
export const solverJudge = (judge: JudgeRow, round: RoundRow) => ({
  id: judge.id,
  // Placeholder organizations ("Independent", "N/A") name no one; the solver reads '' as none.
  organization: organizationKey(judge.organization) ?? '',
  expertise: judge.expertise,
  capacity: capacityOf(judge, round),
});
export const affinity = (judge: JudgeRow, round: RoundRow, entry: Pick<EntryRow, 'id' | 'trackId'>) =>
  affinityOf(solverJudge(judge, round), { trackId: entry.trackId ?? '' });

/** Per track: entries, how many have all their judges, slots needed and filled, mean affinity. */
export function coverageByTrack(
  entries: Array<Pick<EntryRow, 'id' | 'trackId'>>,
  active: Array<{ entryId: string; affinity: number }>,
  reviewsPerEntry: number,
  tracks: TrackRow[],
) {
  const perEntry = new Map<string, number>();
  const affinitySum = new Map<string, number>();
  const entryTrack = new Map(entries.map((e) => [e.id, e.trackId ?? '']));
  for (const a of active) {
    if (!entryTrack.has(a.entryId)) continue;
    perEntry.set(a.entryId, (perEntry.get(a.entryId) ?? 0) + 1);
    const track = entryTrack.get(a.entryId)!;
    affinitySum.set(track, (affinitySum.get(track) ?? 0) + a.affinity);
  }
  const trackName = new Map(tracks.map((t) => [t.id, t.name]));
  const order = new Map(tracks.map((t, i) => [t.id, i]));
  const byTrack = new Map<string, TrackCoverage>();
  for (const entry of entries) {
    const trackId = entry.trackId ?? '';
    let row = byTrack.get(trackId);
    if (!row) {
      row = {
        trackId,
        name: trackName.get(trackId) ?? 'No track',
        entries: 0,
        fullyCovered: 0,
        slotsNeeded: 0,
        slotsFilled: 0,
        averageAffinity: 0,
      };
      byTrack.set(trackId, row);
    }
    const filled = Math.min(perEntry.get(entry.id) ?? 0, reviewsPerEntry);
    row.entries += 1;
    row.slotsNeeded += reviewsPerEntry;
    row.slotsFilled += filled;
    if (filled >= reviewsPerEntry) row.fullyCovered += 1;
  }
  const result = [...byTrack.values()].sort(
    (a, b) =>
      (order.get(a.trackId) ?? Number.MAX_SAFE_INTEGER) - (order.get(b.trackId) ?? Number.MAX_SAFE_INTEGER),
  );
  for (const row of result) {
    const count = active.filter((a) => entryTrack.get(a.entryId) === row.trackId).length;
    row.averageAffinity =
      count === 0 ? 0 : Math.round(((affinitySum.get(row.trackId) ?? 0) / count) * 100) / 100;
  }
  const total = result.reduce(
    (sum, t) => ({
      entries: sum.entries + t.entries,
      fullyCovered: sum.fullyCovered + t.fullyCovered,
      slotsNeeded: sum.slotsNeeded + t.slotsNeeded,
      slotsFilled: sum.slotsFilled + t.slotsFilled,
    }),
    { entries: 0, fullyCovered: 0, slotsNeeded: 0, slotsFilled: 0 },
  );
  return { tracks: result, coverage: total };
}

/** Conflicted pairs of a round, keyed by judge and entry. */
export const roundConflicts =
  ({ db, conflictsService }: Pick<AssignmentDeps, 'db' | 'conflictsService'>) =>
  async (round: RoundRow, entryIds: string[], tx: DbOrTx = db) => {
    const { pairs } = await conflictsService.pairs(
      round.competitionId,
      { sameCountry: round.conflictSameCountry, entryIds },
      tx,
    );
    return new Map<string, ConflictPair>(pairs.map((p) => [pairKey(p.judgeId, p.entryId), p]));
  };
