import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../app/db.ts';
import { entriesView } from '../entries/entries.repository.ts';
import type { rounds } from './competitions.table.ts';
import { roundEntries } from './round-entries.table.ts';

/**
 * Which entries take part in a round. The first round takes every submitted entry of the
 * competition (so a late submission or a withdrawal needs no bookkeeping); a later round takes the
 * entries advanced into it (round_entries), minus any withdrawn since.
 */
export function createRoundEntriesRepository({ db }: { db: DbOrTx }) {
  // Entries are the entries module's: read through its view, in the same statement.
  const entries = entriesView(db);
  return {
    async entriesOf(
      round: Pick<typeof rounds.$inferSelect, 'id' | 'competitionId' | 'position'>,
      tx: DbOrTx = db,
    ) {
      if (round.position === 1) {
        return tx
          .select()
          .from(entries)
          .where(and(eq(entries.competitionId, round.competitionId), eq(entries.status, 'submitted')))
          .orderBy(asc(entries.id));
      }
      return tx
        .select(entries._.selectedFields)
        .from(roundEntries)
        .innerJoin(entries, eq(entries.id, roundEntries.entryId))
        .where(and(eq(roundEntries.roundId, round.id), eq(entries.status, 'submitted')))
        .orderBy(asc(entries.id));
    },

    async isInRound(
      round: Pick<typeof rounds.$inferSelect, 'id' | 'competitionId' | 'position'>,
      entryId: string,
      tx: DbOrTx = db,
    ) {
      if (round.position === 1) {
        const [row] = await tx
          .select({ id: entries.id })
          .from(entries)
          .where(
            and(
              eq(entries.id, entryId),
              eq(entries.competitionId, round.competitionId),
              eq(entries.status, 'submitted'),
            ),
          );
        return !!row;
      }
      const [row] = await tx
        .select({ id: roundEntries.id })
        .from(roundEntries)
        .innerJoin(entries, eq(entries.id, roundEntries.entryId))
        .where(
          and(
            eq(roundEntries.roundId, round.id),
            eq(roundEntries.entryId, entryId),
            eq(entries.status, 'submitted'),
          ),
        );
      return !!row;
    },

    /** Which of these entries were put into which of these rounds (advanced or wildcard). */
    memberships: (roundIds: string[], entryIds: string[], tx: DbOrTx = db) =>
      tx
        .select({ roundId: roundEntries.roundId, entryId: roundEntries.entryId })
        .from(roundEntries)
        .where(and(inArray(roundEntries.roundId, roundIds), inArray(roundEntries.entryId, entryIds))),

    /** Live rounds: marks an entry's pitch started (the first time only), or its scoring closed or reopened. */
    setScoringWindow: (
      roundId: string,
      entryId: string,
      change: { pitchStarted: Date } | { scoringClosedAt: Date | null },
      tx: DbOrTx,
    ) =>
      tx
        .update(roundEntries)
        .set(
          'pitchStarted' in change
            ? {
                pitchStartedAt: sql`coalesce(${roundEntries.pitchStartedAt}, ${change.pitchStarted.toISOString()}::timestamptz)`,
              }
            : { scoringClosedAt: change.scoringClosedAt },
        )
        .where(and(eq(roundEntries.roundId, roundId), eq(roundEntries.entryId, entryId))),

    /** Returns the entries it added (those already in the round are left as they are). */
    addToRound: (
      roundId: string,
      entryIds: string[],
      source: 'advancement' | 'wildcard',
      tx: DbOrTx = db,
    ): Promise<string[]> =>
      entryIds.length === 0
        ? Promise.resolve([])
        : tx
            .insert(roundEntries)
            .values(entryIds.map((entryId, i) => ({ roundId, entryId, source, position: i + 1 })))
            .onConflictDoNothing()
            .returning({ entryId: roundEntries.entryId })
            .then((rows) => rows.map((r) => r.entryId)),

    removeFromRound: (roundId: string, entryIds: string[], tx: DbOrTx = db) =>
      tx
        .delete(roundEntries)
        .where(and(eq(roundEntries.roundId, roundId), inArray(roundEntries.entryId, entryIds))),
  };
}
/**
 * Read view (see competitionsView): an entry's place in a round, its pitch position and live
 * scoring window. Writes never go through it.
 */
export const roundEntriesView = (db: DbOrTx) =>
  db
    .select({
      roundId: roundEntries.roundId,
      entryId: roundEntries.entryId,
      position: roundEntries.position,
      pitchStartedAt: roundEntries.pitchStartedAt,
      scoringClosedAt: roundEntries.scoringClosedAt,
    })
    .from(roundEntries)
    .as('round_entries_view');

export type RoundEntriesRepository = ReturnType<typeof createRoundEntriesRepository>;
