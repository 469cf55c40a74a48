import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../app/db.ts';
import { tallyRuns, tallySnapshots } from './tally.table.ts';

export type SnapshotRow = typeof tallySnapshots.$inferSelect;
export type TallyMethodName = SnapshotRow['method'];

export function createTallyRepository({ db }: { db: DbOrTx }) {
  /** The snapshot of the latest run of the round (of one method, if given). */
  const latest = async (roundId: string, method?: TallyMethodName, tx: DbOrTx = db) =>
    (
      await tx
        .select({ snapshot: tallySnapshots, computedAt: tallyRuns.createdAt })
        .from(tallyRuns)
        .innerJoin(tallySnapshots, eq(tallySnapshots.id, tallyRuns.snapshotId))
        .where(and(eq(tallyRuns.roundId, roundId), method ? eq(tallyRuns.method, method) : undefined))
        .orderBy(desc(tallyRuns.createdAt), desc(tallyRuns.id))
        .limit(1)
    )[0] ?? null;

  return {
    /**
     * Stores a snapshot, or finds the one the same inputs produced before: snapshots are
     * immutable, and the same inputs hash to the same row.
     */
    async saveSnapshot(values: typeof tallySnapshots.$inferInsert, tx: DbOrTx = db) {
      const [inserted] = await tx.insert(tallySnapshots).values(values).onConflictDoNothing().returning();
      if (inserted) return { snapshot: inserted, created: true };
      const [existing] = await tx
        .select()
        .from(tallySnapshots)
        .where(
          and(
            eq(tallySnapshots.roundId, values.roundId),
            eq(tallySnapshots.inputHash, values.inputHash),
            eq(tallySnapshots.method, values.method),
          ),
        );
      return { snapshot: existing!, created: false };
    },

    insertRun: async (values: typeof tallyRuns.$inferInsert, tx: DbOrTx = db) =>
      (await tx.insert(tallyRuns).values(values).returning())[0]!,

    latest,

    /**
     * THE rule for "the latest tally" of a round, used by results, advancement and awards alike:
     * the latest run of the round's own method, else the latest run of any method. (A run, not the
     * newest snapshot: a re-run on unchanged inputs lands on the snapshot it made before.)
     */
    async current(round: { id: string; normalization: TallyMethodName }, tx: DbOrTx = db) {
      return (await latest(round.id, round.normalization, tx)) ?? (await latest(round.id, undefined, tx));
    },

    methodsRun: (roundId: string, tx: DbOrTx = db) =>
      tx
        .selectDistinct({ method: tallyRuns.method })
        .from(tallyRuns)
        .where(eq(tallyRuns.roundId, roundId))
        .then((rows) => rows.map((r) => r.method).sort()),
  };
}
export type TallyRepository = ReturnType<typeof createTallyRepository>;
