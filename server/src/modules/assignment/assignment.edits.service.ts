import type { DbOrTx } from '../../app/db.ts';
import { notFound } from '../../app/errors.ts';
import type { Actor } from '../../app/request-context.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { RoundRow } from '../competitions/competitions.repository.ts';
import { closeSubmissions } from '../competitions/submissions-close.ts';
import { organizationKey } from '../judges/conflicts.fns.ts';
import { pairKey } from '../judges/conflicts.service.ts';
import {
  type AssignmentDeps,
  affinity,
  capacityOf,
  type EntryRow,
  isActive,
  roundConflicts,
  toAssignment,
} from './assignment.common.ts';
import { assignmentErrors } from './assignment.errors.ts';
import type { AssignmentRow } from './assignment.repository.ts';

/**
 * Changes by hand, one assignment at a time: an organizer adds or removes one, a judge steps
 * aside, a conflict declared later ends the pair's; a freed slot goes to the best free judge.
 */
export function createAssignmentEditsService(deps: AssignmentDeps) {
  const { db, repo, roundEntries, competitions, judges, audit } = deps;
  const now = deps.now ?? (() => new Date());
  const conflictsOfRound = roundConflicts(deps);

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

  return {
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
        await competitions.lockRound(round.id, tx);
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
        await competitions.lockRound(row.roundId, tx);
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
        await competitions.lockRound(round.id, tx);
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
      actor: Actor,
      pair: { judgeId: string; entryId: string; conflictId: string },
      requestId: string,
    ) {
      const rows = (await repo.forPair(pair.judgeId, pair.entryId, tx)).filter((r) => isActive(r.assignment));
      let ended = 0;
      for (const { assignment, round } of rows) {
        await competitions.lockRound(round.id, tx);
        await endAndRefill(tx, {
          assignment,
          round,
          actorId: actor.id,
          action: 'assignment.ended_by_conflict',
          details: { conflictId: pair.conflictId },
          requestId,
        });
        ended++;
      }
      return ended;
    },
  };
}
