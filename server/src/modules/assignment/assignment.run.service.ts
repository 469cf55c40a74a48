import type { AssignmentDiagnosis, AssignmentRunResult, JobPhaseKey } from '@wuzhen/shared';
import type { JobPayload, ProgressReporter } from '../../app/queue.ts';
import type { Actor } from '../../app/request-context.ts';
import type { RoundRow } from '../competitions/competitions.repository.ts';
import { closeSubmissions } from '../competitions/submissions-close.ts';
import type { ConflictPair } from '../judges/conflicts.fns.ts';
import { pairKey } from '../judges/conflicts.service.ts';
import {
  type AssignmentDeps,
  coverageByTrack,
  isUnderWay,
  roundConflicts,
  solverJudge,
} from './assignment.common.ts';
import { AssignmentInputError, type SolverInput, solveAssignment } from './assignment.fns.ts';
import type { AssignmentRow, NewAssignment } from './assignment.repository.ts';

/** The run found no assignment that keeps every hard rule; the diagnosis says what is missing. */
export class InfeasibleAssignmentError extends Error {
  readonly diagnosis: AssignmentDiagnosis;
  constructor(diagnosis: AssignmentDiagnosis) {
    super(diagnosis.message);
    this.diagnosis = diagnosis;
  }
}

/** The solver's own steps, as the job reports them to the organizer watching the progress bar. */
const solverPhases: Record<string, JobPhaseKey> = {
  prepare: 'preparing',
  feasibility: 'checkingFeasibility',
  optimize: 'optimizing',
  certify: 'certifying',
  done: 'assignmentFound',
};

/** The assignment run: a queued job that loads the round, solves it exactly and saves the result. */
export function createAssignmentRunService(deps: AssignmentDeps) {
  const { db, repo, roundEntries, competitions, judges, audit, queues } = deps;
  const now = deps.now ?? (() => new Date());
  const conflictsOfRound = roundConflicts(deps);

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
      await competitions.lockRound(round.id, tx);
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
  };
}
