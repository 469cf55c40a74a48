import { type Conflict, type ConflictKind, conflictKindLabels } from '@wuzhen/shared';
import type { Db, DbOrTx } from '../../app/db.ts';
import { forbidden, notFound } from '../../app/errors.ts';
import type { Actor } from '../../app/request-context.ts';
import type { AssignmentRepository } from '../assignment/assignment.repository.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CompetitionsRepository } from '../competitions/competitions.repository.ts';
import type { EntriesRepository } from '../entries/entries.repository.ts';
import { type ConflictPair, detectConflicts } from './conflicts.fns.ts';
import { judgesErrors } from './judges.errors.ts';
import type { ConflictRow, JudgeRow, JudgesRepository } from './judges.repository.ts';

export const toDeclaredConflict = (row: ConflictRow) => ({
  id: row.id,
  judgeId: row.judgeId,
  entryId: row.entryId,
  source: row.source,
  reason: row.reason,
  createdAt: row.createdAt.toISOString(),
});

export const pairKey = (judgeId: string, entryId: string) => `${judgeId}\u0000${entryId}`;

/**
 * Conflicts of interest: the declared ones are rows, the detected ones are computed from who the
 * people are each time they are needed, so a changed organization or email takes effect at once.
 */
export function createConflictsService({
  db,
  judges,
  entries,
  assignments,
  competitions,
  audit,
}: {
  db: Db;
  judges: JudgesRepository;
  entries: Pick<EntriesRepository, 'findEntry' | 'forConflicts'>;
  assignments: Pick<AssignmentRepository, 'forPair'>;
  competitions: Pick<CompetitionsRepository, 'roundsOf'>;
  audit: Pick<AuditService, 'record'>;
}) {
  /** Whether same-country pairs conflict: the round's policy, or any round's when none is named. */
  async function sameCountryPolicy(competitionId: string, roundId: string | undefined, tx: DbOrTx = db) {
    const rounds = await competitions.roundsOf(competitionId, tx);
    if (roundId) {
      const round = rounds.find((r) => r.id === roundId);
      if (!round) throw notFound('That round');
      return round.conflictSameCountry;
    }
    return rounds.some((r) => r.conflictSameCountry);
  }

  /**
   * Every conflicted pair among the competition's judges and (submitted, or the named) entries,
   * each with all its reasons, plus what was loaded to find them.
   */
  async function pairs(
    competitionId: string,
    options: { sameCountry: boolean; entryIds?: string[]; judgeIds?: string[] },
    tx: DbOrTx = db,
  ) {
    // Only the named judges and their declared conflicts are read: this runs on every review save
    // and on every entry a judge opens.
    const [judgeRows, conflictEntries, declared] = await Promise.all([
      judges.listByCompetition(competitionId, tx, options.judgeIds),
      entries.forConflicts(competitionId, options.entryIds ? { entryIds: options.entryIds } : {}, tx),
      judges.declaredConflicts(competitionId, tx, { judgeIds: options.judgeIds, entryIds: options.entryIds }),
    ]);
    const found = detectConflicts({
      entries: conflictEntries,
      judges: judgeRows,
      declared: declared.map((d) => ({ ...d })),
      sameCountry: options.sameCountry,
    });
    return { pairs: found, judges: judgeRows, entries: conflictEntries };
  }

  /**
   * Which of these judge–entry pairs conflict now, each under its own round's country policy: the
   * one rule that hides an entry from a judge, refuses their review writes and keeps their reviews
   * out of a tally. Keys are `pairKey(judgeId, entryId)`.
   */
  async function conflictedAmong(
    list: Array<{ judgeId: string; entryId: string; competitionId: string; sameCountry: boolean }>,
    tx: DbOrTx = db,
  ) {
    const conflicted = new Set<string>();
    const byCompetition = new Map<string, typeof list>();
    for (const p of list) {
      const group = byCompetition.get(p.competitionId);
      if (group) group.push(p);
      else byCompetition.set(p.competitionId, [p]);
    }
    for (const [competitionId, group] of byCompetition) {
      const { pairs: found } = await pairs(
        competitionId,
        {
          sameCountry: true,
          entryIds: [...new Set(group.map((p) => p.entryId))],
          judgeIds: [...new Set(group.map((p) => p.judgeId))],
        },
        tx,
      );
      const sourcesOf = new Map(found.map((p) => [pairKey(p.judgeId, p.entryId), p.sources]));
      for (const p of group) {
        const sources = sourcesOf.get(pairKey(p.judgeId, p.entryId));
        if (sources?.some((s) => s.source !== 'country' || p.sameCountry))
          conflicted.add(pairKey(p.judgeId, p.entryId));
      }
    }
    return conflicted;
  }

  return {
    sameCountryPolicy,
    pairs,
    conflictedAmong,

    /** The organizer's view: every conflict with its sources, judges and entries named. */
    async list(
      competitionId: string,
      query: { roundId?: string; judgeId?: string; entryId?: string },
    ): Promise<Conflict[]> {
      const sameCountry = await sameCountryPolicy(competitionId, query.roundId);
      const found = await pairs(competitionId, {
        sameCountry,
        ...(query.entryId ? { entryIds: [query.entryId] } : {}),
        ...(query.judgeId ? { judgeIds: [query.judgeId] } : {}),
      });
      const judgeName = new Map(found.judges.map((j) => [j.id, j.name]));
      const entryTitle = new Map(found.entries.map((e) => [e.id, e.title]));
      return found.pairs.map((p: ConflictPair) => ({
        judgeId: p.judgeId,
        entryId: p.entryId,
        judgeName: judgeName.get(p.judgeId) ?? '',
        entryTitle: entryTitle.get(p.entryId) ?? '',
        sources: p.sources,
      }));
    },

    /**
     * A judge's own declared conflicts and recusals. A conflicted judge learns nothing of the entry:
     * not its title (detected ones are left out, they would name entries the judge never saw).
     */
    async listOwn(judge: JudgeRow) {
      const rows = await judges.declaredConflicts(judge.competitionId);
      return rows
        .filter((r) => r.judgeId === judge.id)
        .map((r) => ({
          judgeId: r.judgeId,
          entryId: r.entryId,
          judgeName: judge.name,
          entryTitle: '',
          sources: [{ source: r.source, reason: r.reason, conflictId: r.id }],
        }));
    },

    /**
     * Declares a conflict. An organizer names any judge and entry of the competition; a judge names
     * only themself and only an entry assigned to them (the only entries they can see).
     */
    async declare(
      actor: Actor,
      competitionId: string,
      input: { judgeId: string; entryId: string; kind?: ConflictKind; reason: string },
      as: { organizer: boolean; ownJudge: JudgeRow | null },
      requestId: string,
      /** Runs in the conflict's transaction: ends the pair's assignments (see the assignment service). */
      alsoInTransaction?: (tx: DbOrTx, row: ConflictRow) => Promise<unknown>,
    ) {
      const judge = await judges.findById(input.judgeId);
      if (!as.organizer) {
        if (!as.ownJudge || !judge || judge.id !== as.ownJudge.id) {
          throw forbidden('Judges declare conflicts for themselves only. Use your own judge id.');
        }
        const visible = (await assignments.forPair(judge.id, input.entryId)).some(
          ({ assignment }) => assignment.status !== 'recused',
        );
        if (!visible) throw notFound('That entry');
      } else if (!judge || judge.competitionId !== competitionId) {
        throw notFound('That judge');
      }
      const found = await entries.findEntry(input.entryId);
      const entry = found?.entry.competitionId === competitionId ? found.entry : null;
      if (!entry) throw notFound('That entry');
      const source = as.organizer && judge.id !== as.ownJudge?.id ? 'organizer' : 'judge';
      if (await judges.findDeclared({ judgeId: judge.id, entryId: entry.id, source })) {
        throw judgesErrors.conflictExists();
      }
      return db.transaction(async (tx) => {
        const row = await judges.insertConflict(
          {
            competitionId,
            judgeId: judge.id,
            entryId: entry.id,
            source,
            // The kind leads the reason, so whoever reads the record sees what tie it is.
            reason: input.kind
              ? [conflictKindLabels[input.kind], input.reason].filter(Boolean).join(': ')
              : input.reason,
            createdBy: actor.id,
          },
          tx,
        );
        await audit.record(tx, {
          competitionId,
          actorId: actor.id,
          action: 'conflict.declared',
          entityType: 'conflict',
          entityId: row.id,
          after: row,
          requestId,
        });
        if (alsoInTransaction) await alsoInTransaction(tx, row);
        return row;
      });
    },

    async remove(actor: Actor, row: ConflictRow, requestId: string) {
      await db.transaction(async (tx) => {
        await judges.deleteConflict(row.id, tx);
        await audit.record(tx, {
          competitionId: row.competitionId,
          actorId: actor.id,
          action: 'conflict.removed',
          entityType: 'conflict',
          entityId: row.id,
          before: row,
          requestId,
        });
      });
    },

    /** Which of these entries conflict with this judge (any source), under the given policy. */
    async conflictedEntriesOf(judge: JudgeRow, entryIds: string[], sameCountry: boolean, tx: DbOrTx = db) {
      if (entryIds.length === 0) return new Set<string>();
      const found = await pairs(judge.competitionId, { sameCountry, entryIds, judgeIds: [judge.id] }, tx);
      return new Set(found.pairs.map((p) => p.entryId));
    },
  };
}
export type ConflictsService = ReturnType<typeof createConflictsService>;
