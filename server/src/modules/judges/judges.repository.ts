import { and, asc, eq, getTableColumns, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { compiled } from '../../app/compiled.ts';
import { type DbOrTx, equalsAny, inValues } from '../../app/db.ts';
import { competitionsView } from '../competitions/competitions.repository.ts';
import { conflicts, judges } from './judges.table.ts';

export type JudgeRow = typeof judges.$inferSelect;
export type ConflictRow = typeof conflicts.$inferSelect;

/** Judges, in id order. */
const judgesWhere = (tx: DbOrTx, which: SQL | undefined) =>
  tx.select(getTableColumns(judges)).from(judges).where(which).orderBy(asc(judges.id));
/** Declared conflicts and recusals, grouped by judge and entry. */
const declaredWhere = (tx: DbOrTx, which: SQL | undefined) =>
  tx
    .select(getTableColumns(conflicts))
    .from(conflicts)
    .where(which)
    .orderBy(asc(conflicts.judgeId), asc(conflicts.entryId), asc(conflicts.id));
// Compiled (see compiled.ts): a review save's conflict re-check reads these on every batch.
const judgesAmong = compiled(['competitionId', 'ids'], (tx, p) =>
  judgesWhere(tx, and(eq(judges.competitionId, p.competitionId), equalsAny(judges.id, p.ids))),
);
const declaredAmong = compiled(['competitionId', 'judgeIds', 'entryIds'], (tx, p) =>
  declaredWhere(
    tx,
    and(
      eq(conflicts.competitionId, p.competitionId),
      inValues(conflicts.judgeId, p.judgeIds),
      inValues(conflicts.entryId, p.entryIds),
    ),
  ),
);

export function createJudgesRepository({ db }: { db: DbOrTx }) {
  const findDeclared = async (
    pair: { judgeId: string; entryId: string; source: ConflictRow['source'] },
    tx: DbOrTx = db,
  ) =>
    (
      await tx
        .select()
        .from(conflicts)
        .where(
          and(
            eq(conflicts.judgeId, pair.judgeId),
            eq(conflicts.entryId, pair.entryId),
            eq(conflicts.source, pair.source),
          ),
        )
        .limit(1)
    )[0] ?? null;

  return {
    /** The competition's judges, or only those named by `ids`. */
    listByCompetition: (competitionId: string, tx: DbOrTx = db, ids?: string[]) =>
      ids
        ? judgesAmong(tx, { competitionId, ids })
        : judgesWhere(tx, eq(judges.competitionId, competitionId)),
    /** The names of these judges, for the tally's table. */
    namesOf: (judgeIds: string[], tx: DbOrTx = db) =>
      judgeIds.length === 0
        ? Promise.resolve([] as Array<{ id: string; name: string }>)
        : tx.select({ id: judges.id, name: judges.name }).from(judges).where(inArray(judges.id, judgeIds)),
    findById: async (id: string, tx: DbOrTx = db) =>
      (await tx.select().from(judges).where(eq(judges.id, id)).limit(1))[0] ?? null,
    findByUser: async (competitionId: string, userId: string, tx: DbOrTx = db) =>
      (
        await tx
          .select()
          .from(judges)
          .where(and(eq(judges.competitionId, competitionId), eq(judges.userId, userId)))
          .limit(1)
      )[0] ?? null,
    /** Every judge profile of a user, in any competition. */
    listByUser: (userId: string, tx: DbOrTx = db) =>
      tx.select().from(judges).where(eq(judges.userId, userId)),
    /** The judge holding this invitation, with its competition's name. */
    findByInvitation: async (tokenHash: string, tx: DbOrTx = db) => {
      const competition = competitionsView(tx);
      return (
        (
          await tx
            .select({ judge: judges, competitionName: competition.name })
            .from(judges)
            .innerJoin(competition, eq(competition.id, judges.competitionId))
            .where(eq(judges.invitationTokenHash, tokenHash))
            .limit(1)
        )[0] ?? null
      );
    },
    emailsInCompetition: async (competitionId: string, tx: DbOrTx = db) =>
      new Set(
        (
          await tx.select({ email: judges.email }).from(judges).where(eq(judges.competitionId, competitionId))
        ).map((r) => r.email),
      ),
    insert: async (values: typeof judges.$inferInsert, tx: DbOrTx = db) =>
      (await tx.insert(judges).values(values).returning())[0]!,
    insertMany: (values: Array<typeof judges.$inferInsert>, tx: DbOrTx = db) =>
      tx.insert(judges).values(values).returning(),
    update: async (id: string, values: Partial<typeof judges.$inferInsert>, tx: DbOrTx = db) =>
      (await tx.update(judges).set(values).where(eq(judges.id, id)).returning())[0]!,
    /** Takes the invitation: only while the token is still this one, so of two racing accepts one wins. */
    acceptInvitation: async (id: string, tokenHash: string, at: Date, tx: DbOrTx = db) =>
      (
        await tx
          .update(judges)
          .set({ invitationTokenHash: null, invitationAcceptedAt: at })
          .where(and(eq(judges.id, id), eq(judges.invitationTokenHash, tokenHash)))
          .returning()
      )[0] ?? null,
    remove: (id: string, tx: DbOrTx = db) => tx.delete(judges).where(eq(judges.id, id)),
    /** Removes a track (being deleted) from the expertise of the competition's judges. */
    removeExpertise: (competitionId: string, trackId: string, tx: DbOrTx = db) =>
      tx
        .update(judges)
        .set({ expertise: sql`array_remove(${judges.expertise}, ${trackId})` })
        .where(and(eq(judges.competitionId, competitionId), sql`${trackId} = any(${judges.expertise})`)),
    /**
     * Judge profiles waiting for an address (not yet claimed, nor revoked), claimed by the account
     * that verified it; at most one profile per account and competition.
     */
    claimByEmail: (userId: string, email: string, tx: DbOrTx) =>
      tx
        .update(judges)
        .set({ userId })
        .where(
          and(
            eq(judges.email, email),
            isNull(judges.userId),
            isNull(judges.accessRevokedAt),
            sql`not exists (select 1 from ${judges} other where other.competition_id = ${judges.competitionId} and other.user_id = ${userId})`,
          ),
        )
        .returning({ competitionId: judges.competitionId }),

    /**
     * Locks these judges' rows for the rest of the transaction, in id order, and returns them: two
     * organizers reminding the same judge at once are served one after the other.
     */
    lockByIds: (competitionId: string, judgeIds: string[], tx: DbOrTx) =>
      tx
        .select()
        .from(judges)
        .where(and(eq(judges.competitionId, competitionId), inArray(judges.id, judgeIds)))
        .orderBy(asc(judges.id))
        .for('update'),

    // Declared conflicts.
    /** The (judge, entry) pairs among these with a declared conflict, each once. */
    conflictedPairs: (judgeIds: string[], entryIds: string[], tx: DbOrTx = db) =>
      judgeIds.length === 0 || entryIds.length === 0
        ? Promise.resolve([] as Array<{ judgeId: string; entryId: string }>)
        : tx
            .selectDistinct({ judgeId: conflicts.judgeId, entryId: conflicts.entryId })
            .from(conflicts)
            .where(and(inArray(conflicts.judgeId, judgeIds), inArray(conflicts.entryId, entryIds))),
    /** The competition's declared conflicts, or only those naming one of `judgeIds` and of `entryIds`. */
    declaredConflicts: (
      competitionId: string,
      tx: DbOrTx = db,
      among: { judgeIds?: string[]; entryIds?: string[] } = {},
    ) =>
      among.judgeIds && among.entryIds
        ? declaredAmong(tx, { competitionId, judgeIds: among.judgeIds, entryIds: among.entryIds })
        : declaredWhere(
            tx,
            and(
              eq(conflicts.competitionId, competitionId),
              among.judgeIds ? equalsAny(conflicts.judgeId, among.judgeIds) : undefined,
              among.entryIds ? equalsAny(conflicts.entryId, among.entryIds) : undefined,
            ),
          ),
    findConflict: async (id: string, tx: DbOrTx = db) =>
      (await tx.select().from(conflicts).where(eq(conflicts.id, id)).limit(1))[0] ?? null,
    findDeclared,
    insertConflict: async (values: typeof conflicts.$inferInsert, tx: DbOrTx = db) =>
      (await tx.insert(conflicts).values(values).returning())[0]!,
    /** Adds the conflict unless that judge, entry and source are already on record; returns the row either way. */
    ensureConflict: async (values: typeof conflicts.$inferInsert, tx: DbOrTx = db) => {
      const [inserted] = await tx.insert(conflicts).values(values).onConflictDoNothing().returning();
      if (inserted) return { row: inserted, created: true };
      return { row: (await findDeclared(values, tx))!, created: false };
    },
    deleteConflict: (id: string, tx: DbOrTx = db) => tx.delete(conflicts).where(eq(conflicts.id, id)),
  };
}
export type JudgesRepository = ReturnType<typeof createJudgesRepository>;

// Read views: what other modules may read of these tables inside a statement of their own (see
// competitionsView). Writes never go through a view.

/** Judges: who they are (name, address, organization) and whose account holds the profile. */
export const judgesView = (db: DbOrTx) =>
  db
    .select({
      id: judges.id,
      competitionId: judges.competitionId,
      userId: judges.userId,
      name: judges.name,
      email: judges.email,
      organization: judges.organization,
    })
    .from(judges)
    .as('judges_view');

/** Declared conflicts: which judge, which entry. */
export const conflictsView = (db: DbOrTx) =>
  db
    .select({ id: conflicts.id, judgeId: conflicts.judgeId, entryId: conflicts.entryId })
    .from(conflicts)
    .as('conflicts_view');
