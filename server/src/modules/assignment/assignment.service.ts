import type {
  Assignment,
  AssignmentDetail,
  AssignmentDiagnosis,
  AssignmentRun,
  AssignmentRunResult,
  AssignmentSummary,
  JobPhaseKey,
  MyAssignment,
  TrackCoverage,
} from '@wuzhen/shared';
import type { Db, DbOrTx } from '../../app/db.ts';
import { notFound } from '../../app/errors.ts';
import type { JobPayload, ProgressReporter, Queues } from '../../app/queue.ts';
import type { Actor } from '../../app/request-context.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CompetitionsRepository, RoundRow, TrackRow } from '../competitions/competitions.repository.ts';
import { toCriteria } from '../competitions/competitions.service.ts';
import type { RoundEntriesRepository } from '../competitions/round-entries.repository.ts';
import { closeSubmissions } from '../competitions/submissions-close.ts';
import type { ConflictPair } from '../judges/conflicts.fns.ts';
import { organizationKey } from '../judges/conflicts.fns.ts';
import { type ConflictsService, pairKey } from '../judges/conflicts.service.ts';
import type { JudgeRow, JudgesRepository } from '../judges/judges.repository.ts';
import { assignmentErrors } from './assignment.errors.ts';
import { AssignmentInputError, affinityOf, type SolverInput, solveAssignment } from './assignment.fns.ts';
import type { AssignmentRepository, AssignmentRow, NewAssignment } from './assignment.repository.ts';

type EntryRow = Awaited<ReturnType<RoundEntriesRepository['entriesOf']>>[number];

/** The run found no assignment that keeps every hard rule; the diagnosis says what is missing. */
export class InfeasibleAssignmentError extends Error {
  readonly diagnosis: AssignmentDiagnosis;
  constructor(diagnosis: AssignmentDiagnosis) {
    super(diagnosis.message);
    this.diagnosis = diagnosis;
  }
}

/** Where the latest run of a round is kept (the job queue): read for the summary page. */
export type AssignmentRuns = { lastRun: (roundId: string) => Promise<AssignmentRun | null> };

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

/** The solver's own steps, as the job reports them to the organizer watching the progress bar. */
const solverPhases: Record<string, JobPhaseKey> = {
  prepare: 'preparing',
  feasibility: 'checkingFeasibility',
  optimize: 'optimizing',
  certify: 'certifying',
  done: 'assignmentFound',
};

const isActive = (row: Pick<AssignmentRow, 'status'>) => row.status !== 'recused';
const isUnderWay = (row: Pick<AssignmentRow, 'status'>) =>
  row.status === 'started' || row.status === 'submitted';
const capacityOf = (judge: JudgeRow, round: RoundRow) => judge.capacity ?? round.judgeCapacity;
const solverJudge = (judge: JudgeRow, round: RoundRow) => ({
  id: judge.id,
  // Placeholder organizations ("Independent", "N/A") name no one; the solver reads '' as none.
  organization: organizationKey(judge.organization) ?? '',
  expertise: judge.expertise,
  capacity: capacityOf(judge, round),
});
const affinity = (judge: JudgeRow, round: RoundRow, entry: Pick<EntryRow, 'id' | 'trackId'>) =>
  affinityOf(solverJudge(judge, round), { trackId: entry.trackId ?? '' });

/** Per track: entries, how many have all their judges, slots needed and filled, mean affinity. */
function coverageByTrack(
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

export function createAssignmentService({
  db,
  repo,
  roundEntries,
  competitions,
  judges,
  conflictsService,
  audit,
  queues,
  runs,
  now = () => new Date(),
}: {
  db: Db;
  repo: AssignmentRepository;
  roundEntries: Pick<RoundEntriesRepository, 'entriesOf'>;
  competitions: Pick<CompetitionsRepository, 'findRound' | 'tracksOf'>;
  judges: Pick<JudgesRepository, 'listByCompetition' | 'findById' | 'ensureConflict'>;
  conflictsService: Pick<ConflictsService, 'pairs' | 'conflictedAmong'>;
  audit: Pick<AuditService, 'record'>;
  queues: Pick<Queues, 'enqueue'>;
  runs: AssignmentRuns;
  now?: () => Date;
}) {
  /** Conflicted pairs of a round, keyed by judge and entry. */
  async function conflictsOfRound(round: RoundRow, entryIds: string[], tx: DbOrTx = db) {
    const { pairs } = await conflictsService.pairs(
      round.competitionId,
      { sameCountry: round.conflictSameCountry, entryIds },
      tx,
    );
    return new Map<string, ConflictPair>(pairs.map((p) => [pairKey(p.judgeId, p.entryId), p]));
  }

  /**
   * What the solver must keep: assignments whose review is under way (started or submitted), on an
   * entry still in the round, by a judge still here, and not conflicted (those are freed instead).
   */
  const lockedOf = (
    rows: AssignmentRow[],
    entryIds: Set<string>,
    judgeIds: Set<string>,
    conflicted: Map<string, ConflictPair>,
  ) =>
    rows.filter(
      (r) =>
        isUnderWay(r) &&
        entryIds.has(r.entryId) &&
        judgeIds.has(r.judgeId) &&
        !conflicted.has(pairKey(r.judgeId, r.entryId)),
    );

  const lockSignature = (rows: AssignmentRow[]) =>
    rows
      .filter(isUnderWay)
      .map((r) => `${r.id}:${r.status}`)
      .sort()
      .join(',');

  async function loadRun(round: RoundRow) {
    const [entries, judgeRows, tracks, existing] = await Promise.all([
      roundEntries.entriesOf(round),
      judges.listByCompetition(round.competitionId),
      competitions.tracksOf([round.competitionId]),
      repo.byRound(round.id),
    ]);
    const conflicted = await conflictsOfRound(
      round,
      entries.map((e) => e.id),
    );
    const entryIds = new Set(entries.map((e) => e.id));
    const judgeIds = new Set(judgeRows.map((j) => j.id));
    const locked = lockedOf(existing, entryIds, judgeIds, conflicted);
    const solverInput: SolverInput = {
      entries: entries.map((e) => ({ id: e.id, trackId: e.trackId ?? '', title: e.title })),
      judges: judgeRows.map((j) => solverJudge(j, round)),
      reviewsPerEntry: round.reviewsPerEntry,
      conflicts: [...conflicted.values()].map((p) => ({ entryId: p.entryId, judgeId: p.judgeId })),
      locked: locked.map((r) => ({ entryId: r.entryId, judgeId: r.judgeId })),
      trackNames: Object.fromEntries(tracks.map((t) => [t.id, t.name])),
    };
    return {
      entries,
      judgeRows,
      tracks,
      existing,
      conflicted,
      locked,
      solverInput,
      signature: lockSignature(existing),
    };
  }

  /**
   * Makes the round's assignments equal the solution in one transaction, touching only what
   * differs: rows already in the solution keep their ids, so an unchanged input changes nothing.
   * Returns null when a review started since loading (the caller solves again).
   */
  async function saveRun(
    round: RoundRow,
    loaded: Awaited<ReturnType<typeof loadRun>>,
    solution: Array<{ entryId: string; judgeId: string; affinity: number }>,
    actorId: string,
    objective: AssignmentRunResult['objective'],
  ) {
    return db.transaction(async (tx) => {
      await repo.lockRound(round.id, tx);
      const current = await repo.byRound(round.id, tx);
      if (lockSignature(current) !== loaded.signature) return null;
      const entryIds = new Set(loaded.entries.map((e) => e.id));
      const desired = new Map(solution.map((a) => [pairKey(a.judgeId, a.entryId), a]));
      const toDelete: string[] = [];
      let kept = 0;
      let freed = 0;
      let reactivated = 0;
      for (const row of current) {
        const key = pairKey(row.judgeId, row.entryId);
        const wanted = desired.get(key);
        desired.delete(key);
        if (row.status === 'recused') {
          if (wanted) {
            await repo.update(
              row.id,
              { status: 'assigned', affinity: wanted.affinity, source: 'solver' },
              tx,
            );
            reactivated += 1;
          }
        } else if (isUnderWay(row)) {
          // A conflict declared after the review began frees the slot; the draft stays on record.
          if (entryIds.has(row.entryId) && loaded.conflicted.has(key)) {
            await repo.update(row.id, { status: 'recused' }, tx);
            freed += 1;
          } else {
            if (wanted && wanted.affinity !== row.affinity)
              await repo.update(row.id, { affinity: wanted.affinity }, tx);
            kept += 1;
          }
        } else if (wanted) {
          if (wanted.affinity !== row.affinity) await repo.update(row.id, { affinity: wanted.affinity }, tx);
          kept += 1;
        } else {
          toDelete.push(row.id);
        }
      }
      await repo.deleteMany(toDelete, tx);
      const fresh: NewAssignment[] = [...desired.values()].map((a) => ({
        roundId: round.id,
        entryId: a.entryId,
        judgeId: a.judgeId,
        affinity: a.affinity,
        source: 'solver',
      }));
      // Large rounds insert in slices, so one statement stays well under PostgreSQL's parameter limit.
      for (let i = 0; i < fresh.length; i += 2000) await repo.insertMany(fresh.slice(i, i + 2000), tx);
      const changes = { inserted: fresh.length + reactivated, deleted: toDelete.length, kept, freed };
      // The first round has judges now: no entry may join it any more.
      if (round.position === 1)
        await closeSubmissions(tx, audit, {
          competitionId: round.competitionId,
          at: now(),
          because: 'first_round_started',
          actorId,
        });
      await audit.record(tx, {
        competitionId: round.competitionId,
        actorId,
        action: 'assignment.run',
        entityType: 'round',
        entityId: round.id,
        after: { ...changes, locked: loaded.locked.length, objective },
      });
      return changes;
    });
  }

  /** The best judge for one freed slot: affinity, then fewest same-organization co-judges, then lightest load. */
  async function pickReplacement(round: RoundRow, entry: Pick<EntryRow, 'id' | 'trackId'>, tx: DbOrTx) {
    const [judgeRows, rows, conflicted] = await Promise.all([
      judges.listByCompetition(round.competitionId, tx),
      repo.byRound(round.id, tx),
      conflictsOfRound(round, [entry.id], tx),
    ]);
    const onEntry = rows.filter((r) => r.entryId === entry.id);
    if (onEntry.filter(isActive).length >= round.reviewsPerEntry) return null;
    const taken = new Set(onEntry.map((r) => r.judgeId));
    const load = new Map<string, number>();
    for (const r of rows.filter(isActive)) load.set(r.judgeId, (load.get(r.judgeId) ?? 0) + 1);
    const judgeById = new Map(judgeRows.map((j) => [j.id, j]));
    const coJudgeOrgs = onEntry
      .filter(isActive)
      .map((r) => judgeById.get(r.judgeId))
      .map((j) => (j ? organizationKey(j.organization) : null))
      .filter((o): o is string => o !== null);
    const ranked = judgeRows
      .filter(
        (j) =>
          !taken.has(j.id) &&
          !conflicted.has(pairKey(j.id, entry.id)) &&
          (load.get(j.id) ?? 0) < capacityOf(j, round),
      )
      .map((j) => {
        const org = organizationKey(j.organization);
        return {
          judge: j,
          affinity: affinity(j, round, entry),
          sameOrganization: org !== null && coJudgeOrgs.includes(org) ? 1 : 0,
          load: load.get(j.id) ?? 0,
        };
      })
      .sort(
        (a, b) =>
          b.affinity - a.affinity ||
          a.sameOrganization - b.sameOrganization ||
          a.load - b.load ||
          (a.judge.id < b.judge.id ? -1 : 1),
      );
    return ranked[0] ?? null;
  }

  /**
   * Ends one assignment (marked recused) and gives its slot to the best available judge when the
   * round is an open review round; both audited. The caller holds the round's lock.
   */
  async function endAndRefill(
    tx: DbOrTx,
    args: {
      assignment: AssignmentRow;
      round: RoundRow;
      actorId: string;
      action: 'assignment.recused' | 'assignment.ended_by_conflict';
      details: Record<string, unknown>;
      requestId: string;
    },
  ) {
    const { assignment, round, actorId, requestId } = args;
    const row = await repo.update(assignment.id, { status: 'recused' }, tx);
    const audits: Parameters<AuditService['record']>[1] = [
      {
        competitionId: round.competitionId,
        actorId,
        action: args.action,
        entityType: 'assignment',
        entityId: assignment.id,
        before: assignment,
        after: { ...row, ...args.details },
        requestId,
      },
    ];
    const open =
      round.kind === 'review' && (round.closesAt === null || round.closesAt.getTime() > now().getTime());
    const entry = open
      ? (await roundEntries.entriesOf(round, tx)).find((e) => e.id === assignment.entryId)
      : undefined;
    const replacement = entry ? await pickReplacement(round, entry, tx) : null;
    if (replacement && entry) {
      const [added] = await repo.insertMany(
        [
          {
            roundId: round.id,
            entryId: entry.id,
            judgeId: replacement.judge.id,
            affinity: replacement.affinity,
            source: 'solver',
          },
        ],
        tx,
      );
      audits.push({
        competitionId: round.competitionId,
        actorId,
        action: 'assignment.reassigned',
        entityType: 'assignment',
        entityId: added!.id,
        after: { ...added, replaces: assignment.id },
        requestId,
      });
    }
    await audit.record(tx, audits);
    return { row, replaced: replacement !== null };
  }

  async function roundOrNotFound(roundId: string) {
    const round = await competitions.findRound(roundId);
    if (!round) throw notFound('That round');
    return round;
  }

  return {
    async enqueueRun(actor: Actor, round: RoundRow) {
      return queues.enqueue(
        'assignment',
        { competitionId: round.competitionId, requestedBy: actor.id, roundId: round.id },
        { dedupeKey: round.id },
      );
    },

    /**
     * The assignment job: load, solve, save. Deterministic for the same rows, and idempotent: a
     * retried or repeated run lands on the same assignments with the same ids.
     */
    async run(payload: JobPayload<'assignment'>, progress: ProgressReporter): Promise<AssignmentRunResult> {
      await progress(2, 'loadingRound');
      const round = await competitions.findRound(payload.roundId);
      if (!round) throw new AssignmentInputError('The round no longer exists.');
      for (let attempt = 0; attempt < 3; attempt++) {
        const loaded = await loadRun(round);
        await progress(10, 'loadedRound', {
          entries: loaded.entries.length,
          judges: loaded.judgeRows.length,
          conflicts: loaded.conflicted.size,
        });
        if (loaded.entries.length === 0) {
          throw new AssignmentInputError(`${round.name} has no entries to assign yet.`);
        }
        let reported = 10;
        let result: ReturnType<typeof solveAssignment>;
        try {
          result = solveAssignment({
            ...loaded.solverInput,
            onProgress: (fraction, phase) => {
              const percent = Math.round(10 + Math.max(0, Math.min(1, fraction)) * 70);
              if (percent > reported) {
                reported = percent;
                void progress(percent, solverPhases[phase] ?? 'optimizing').catch(() => {});
              }
            },
          });
        } catch (err) {
          // The solver is pure: the same input fails the same way, so a retry cannot help.
          if (err instanceof AssignmentInputError) throw err;
          throw new AssignmentInputError(
            `The solver stopped with an error (${(err as Error).message}). Nothing was changed; report this to the platform's maintainers.`,
          );
        }
        if (!result.ok) {
          const titles = new Map(loaded.entries.map((e) => [e.id, e.title]));
          const trackNames = new Map(loaded.tracks.map((t) => [t.id, t.name]));
          throw new InfeasibleAssignmentError({
            message: result.diagnosis.message,
            entries: result.diagnosis.entries.map((e) => ({
              entryId: e.entryId,
              title: titles.get(e.entryId) ?? '',
              trackId: e.trackId,
              needed: e.needed,
              available: e.available,
              reason: e.reason,
            })),
            tracks: result.diagnosis.tracks.map((t) => ({
              trackId: t.trackId,
              name: trackNames.get(t.trackId) ?? 'No track',
              message: t.message,
            })),
          });
        }
        await progress(85, 'savingAssignments', { count: result.assignments.length });
        const objective = {
          totalAffinity: result.objective.totalAffinity,
          sameOrganizationEntries: result.objective.sameOrganizationEntries,
          sumSquaredLoads: result.objective.sumSquaredLoads,
        };
        const changes = await saveRun(round, loaded, result.assignments, payload.requestedBy, objective);
        if (!changes) continue;
        const { tracks, coverage } = coverageByTrack(
          loaded.entries,
          result.assignments,
          round.reviewsPerEntry,
          loaded.tracks,
        );
        await progress(100, 'done');
        return {
          roundId: round.id,
          coverage,
          objective,
          tracks,
          conflictsAvoided: loaded.conflicted.size,
          locked: loaded.locked.length,
          changes,
        };
      }
      throw new Error('Reviews kept starting while the assignment was saved; the run will be retried.');
    },

    async list(round: RoundRow, filter: { judgeId?: string; entryId?: string }) {
      const rows = await repo.byRound(round.id);
      return rows
        .filter(
          (r) =>
            (!filter.judgeId || r.judgeId === filter.judgeId) &&
            (!filter.entryId || r.entryId === filter.entryId),
        )
        .map(toAssignment);
    },

    async summary(round: RoundRow): Promise<AssignmentSummary> {
      const [entries, judgeRows, tracks, rows, lastRun] = await Promise.all([
        roundEntries.entriesOf(round),
        judges.listByCompetition(round.competitionId),
        competitions.tracksOf([round.competitionId]),
        repo.byRound(round.id),
        runs.lastRun(round.id),
      ]);
      const conflicted = await conflictsOfRound(
        round,
        entries.map((e) => e.id),
      );
      const entryIds = new Set(entries.map((e) => e.id));
      const active = rows.filter((r) => isActive(r) && entryIds.has(r.entryId));
      const { tracks: trackRows, coverage } = coverageByTrack(entries, active, round.reviewsPerEntry, tracks);
      const load = new Map<string, number>();
      for (const r of active) load.set(r.judgeId, (load.get(r.judgeId) ?? 0) + 1);
      const histogram = [0, 1, 2].map((a) => ({
        affinity: a,
        count: active.filter((r) => r.affinity === a).length,
      }));
      const judgeById = new Map(judgeRows.map((j) => [j.id, j]));
      const orgsByEntry = new Map<string, string[]>();
      for (const r of active) {
        const org = organizationKey(judgeById.get(r.judgeId)?.organization ?? '');
        if (!org) continue;
        const list = orgsByEntry.get(r.entryId) ?? [];
        list.push(org);
        orgsByEntry.set(r.entryId, list);
      }
      const sameOrganizationEntries = [...orgsByEntry.values()].filter(
        (orgs) => new Set(orgs).size < orgs.length,
      ).length;
      const conflictedAssignments = active.filter((r) =>
        conflicted.has(pairKey(r.judgeId, r.entryId)),
      ).length;
      const perEntry = new Map<string, number>();
      for (const r of active) perEntry.set(r.entryId, (perEntry.get(r.entryId) ?? 0) + 1);
      return {
        roundId: round.id,
        reviewsPerEntry: round.reviewsPerEntry,
        coverage,
        tracks: trackRows,
        judges: judgeRows.map((j) => ({
          judgeId: j.id,
          name: j.name,
          organization: j.organization,
          load: load.get(j.id) ?? 0,
          capacity: capacityOf(j, round),
        })),
        affinityHistogram: histogram,
        sameOrganizationEntries,
        conflictsAvoided: conflicted.size - conflictedAssignments,
        conflictedAssignments,
        entries: entries.map((e) => ({
          entryId: e.id,
          title: e.title,
          trackId: e.trackId ?? '',
          assigned: perEntry.get(e.id) ?? 0,
          needed: round.reviewsPerEntry,
        })),
        lastRun,
      };
    },

    /** An organizer adds one pair by hand: refused when conflicted, over capacity, a duplicate, or off the round. */
    async addManual(
      actor: Actor,
      round: RoundRow,
      input: { entryId: string; judgeId: string },
      requestId: string,
    ) {
      const judge = await judges.findById(input.judgeId);
      if (!judge || judge.competitionId !== round.competitionId) throw notFound('That judge');
      return db.transaction(async (tx) => {
        await repo.lockRound(round.id, tx);
        const entry = (await roundEntries.entriesOf(round, tx)).find((e) => e.id === input.entryId);
        if (!entry) {
          throw assignmentErrors.entryNotInRound(round);
        }
        const conflictPair = (await conflictsOfRound(round, [entry.id], tx)).get(pairKey(judge.id, entry.id));
        if (conflictPair) {
          throw assignmentErrors.conflicted(judge, entry, conflictPair.sources);
        }
        const rows = await repo.byRound(round.id, tx);
        const existing = rows.find((r) => r.judgeId === judge.id && r.entryId === entry.id);
        if (existing && isActive(existing)) {
          throw assignmentErrors.duplicate(judge, entry);
        }
        const load = rows.filter((r) => r.judgeId === judge.id && isActive(r)).length;
        const capacity = capacityOf(judge, round);
        if (load >= capacity) {
          throw assignmentErrors.overCapacity(judge, load, round);
        }
        const values = {
          status: 'assigned' as const,
          affinity: affinity(judge, round, entry),
          source: 'manual' as const,
        };
        const row = existing
          ? await repo.update(existing.id, values, tx)
          : (
              await repo.insertMany(
                [{ roundId: round.id, entryId: entry.id, judgeId: judge.id, ...values }],
                tx,
              )
            )[0]!;
        await audit.record(tx, {
          competitionId: round.competitionId,
          actorId: actor.id,
          action: 'assignment.added',
          entityType: 'assignment',
          entityId: row.id,
          before: existing ?? null,
          after: row,
          requestId,
        });
        if (round.position === 1)
          await closeSubmissions(tx, audit, {
            competitionId: round.competitionId,
            at: now(),
            because: 'first_round_started',
            actorId: actor.id,
            requestId,
          });
        return toAssignment(row);
      });
    },

    /** An organizer removes one; a submitted review is only thrown away when they insist (`force`). */
    async remove(actor: Actor, row: AssignmentRow, competitionId: string, force: boolean, requestId: string) {
      if (row.status === 'submitted' && !force) {
        throw assignmentErrors.reviewSubmitted();
      }
      await db.transaction(async (tx) => {
        await repo.lockRound(row.roundId, tx);
        await repo.deleteMany([row.id], tx);
        await audit.record(tx, {
          competitionId,
          actorId: actor.id,
          action: 'assignment.removed',
          entityType: 'assignment',
          entityId: row.id,
          before: row,
          after: { force },
          requestId,
        });
      });
    },

    /**
     * A judge steps aside: the assignment is marked recused, the pair becomes a conflict (so no
     * later run puts it back), and that one slot goes to the best available judge.
     */
    async recuse(actor: Actor, assignmentId: string, reason: string, requestId: string) {
      const found = await repo.findWithContext(assignmentId);
      if (!found || found.judge.userId !== actor.id) throw notFound('That assignment');
      const { assignment, judge, round } = found;
      if (assignment.status === 'recused') {
        throw assignmentErrors.alreadyRecused();
      }
      if (assignment.status === 'submitted') {
        throw assignmentErrors.recuseSubmitted();
      }
      return db.transaction(async (tx) => {
        await repo.lockRound(round.id, tx);
        const recorded = await judges.ensureConflict(
          {
            competitionId: round.competitionId,
            judgeId: judge.id,
            entryId: assignment.entryId,
            source: 'recusal',
            reason,
            createdBy: actor.id,
          },
          tx,
        );
        const { row, replaced } = await endAndRefill(tx, {
          assignment,
          round,
          actorId: actor.id,
          action: 'assignment.recused',
          details: { reason, conflictId: recorded.row.id },
          requestId,
        });
        return {
          assignment: { id: row.id, status: row.status },
          reassigned: replaced,
          message: replaced
            ? 'You have stepped aside; another judge takes this entry.'
            : 'You have stepped aside. No other judge is free for this entry right now; the organizers will see the open slot.',
        };
      });
    },

    /**
     * A conflict declared on a pair that is already assigned ends those assignments, in every round
     * of the competition, as a recusal would: the assignment is marked recused (so its review,
     * even a submitted one, is out of every tally) and an open review round's slot is refilled.
     * Runs in the transaction that recorded the conflict.
     */
    async endConflictedAssignments(
      tx: DbOrTx,
      pair: { judgeId: string; entryId: string; conflictId: string },
      actorId: string,
      requestId: string,
    ) {
      const rows = (await repo.forPair(pair.judgeId, pair.entryId, tx)).filter((r) => isActive(r.assignment));
      let ended = 0;
      for (const { assignment, round } of rows) {
        await repo.lockRound(round.id, tx);
        await endAndRefill(tx, {
          assignment,
          round,
          actorId,
          action: 'assignment.ended_by_conflict',
          details: { conflictId: pair.conflictId },
          requestId,
        });
        ended++;
      }
      return ended;
    },

    /** A judge's own list: active assignments on submitted entries they have no conflict with. */
    async mine(
      userId: string,
      filter: { competitionId?: string; roundId?: string },
    ): Promise<MyAssignment[]> {
      const rows = await repo.forJudgeUser(userId, filter);
      const hidden = await conflictsService.conflictedAmong(
        rows.map((r) => ({
          judgeId: r.judgeId,
          entryId: r.entryId,
          competitionId: r.competitionId,
          sameCountry: r.roundSameCountry,
        })),
      );
      return rows
        .filter((r) => !hidden.has(pairKey(r.judgeId, r.entryId)))
        .map((r) => ({
          id: r.id,
          status: r.status,
          judgeId: r.judgeId,
          competitionId: r.competitionId,
          competitionName: r.competitionName,
          competitionTimezone: r.competitionTimezone,
          roundId: r.roundId,
          roundName: r.roundName,
          roundClosesAt: r.roundClosesAt?.toISOString() ?? null,
          entry: {
            id: r.entryId,
            title: r.entryTitle,
            summary: r.entrySummary,
            trackId: r.trackId,
            trackName: r.trackName ?? '',
          },
          review:
            r.reviewStatus && r.reviewUpdatedAt
              ? {
                  status: r.reviewStatus,
                  updatedAt: r.reviewUpdatedAt.toISOString(),
                  submittedAt: r.reviewSubmittedAt?.toISOString() ?? null,
                }
              : null,
        }));
    },

    /** One assignment for its judge: the entry, its files, the rubric and their review. Anyone else: 404. */
    async detail(userId: string, assignmentId: string): Promise<AssignmentDetail> {
      const found = await repo.detail(assignmentId);
      if (
        !found ||
        found.judge.userId !== userId ||
        found.assignment.status === 'recused' ||
        found.entry.status !== 'submitted'
      ) {
        throw notFound('That assignment');
      }
      const hidden = await conflictsService.conflictedAmong([
        {
          judgeId: found.judge.id,
          entryId: found.entry.id,
          competitionId: found.round.competitionId,
          sameCountry: found.round.conflictSameCountry,
        },
      ]);
      if (hidden.size > 0) throw notFound('That assignment');
      const { assignment, round, entry, review } = found;
      return {
        id: assignment.id,
        status: assignment.status,
        competitionId: round.competitionId,
        competitionName: found.competitionName,
        competitionTimezone: found.competitionTimezone,
        roundId: round.id,
        roundName: round.name,
        roundClosesAt: round.closesAt?.toISOString() ?? null,
        entry: {
          id: entry.id,
          title: entry.title,
          summary: entry.summary,
          description: entry.description,
          websiteUrl: entry.websiteUrl,
          videoUrl: entry.videoUrl,
          trackId: entry.trackId,
          trackName: found.trackName ?? '',
          team: found.team,
          files: found.files.map((f) => ({
            id: f.id,
            name: f.name,
            kind: f.kind,
            size: f.size,
            mime: f.mime,
          })),
        },
        rubric: toCriteria(round.id, found.rubric),
        review: review
          ? {
              id: review.id,
              status: review.status,
              comment: review.comment,
              privateNote: review.privateNote,
              total: review.total,
              scores: Object.fromEntries(found.scores.map((s) => [s.key, s.score])),
              updatedAt: review.updatedAt.toISOString(),
              submittedAt: review.submittedAt?.toISOString() ?? null,
            }
          : null,
      };
    },

    roundOrNotFound,
  };
}
export type AssignmentService = ReturnType<typeof createAssignmentService>;
