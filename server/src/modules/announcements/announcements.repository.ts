import { and, asc, eq, gt, max, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../app/db.ts';
import { announcementEvents } from './announcements.table.ts';

export type AnnouncementType = 'reveal' | 'published';
export type AnnouncementRow = typeof announcementEvents.$inferSelect;

/**
 * Serializes announcements (and the award changes that lead to them) per competition for the rest
 * of the transaction. A transaction-scoped advisory lock, so unrelated writes to the competition
 * row are not blocked.
 */
export const lockCompetitionAnnouncements = (tx: DbOrTx, competitionId: string) =>
  tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`announcements:${competitionId}`}, 0))`);

export function createAnnouncementsRepository({ db }: { db: DbOrTx }) {
  const lastSeq = async (competitionId: string, tx: DbOrTx = db) => {
    const [row] = await tx
      .select({ seq: max(announcementEvents.seq) })
      .from(announcementEvents)
      .where(eq(announcementEvents.competitionId, competitionId));
    return row?.seq ?? 0;
  };

  return {
    lastSeq,

    /**
     * Appends the next event of the competition. Takes the competition's lock, so the event commits
     * in seq order: a reader that sees seq n has seen every event before it.
     */
    async append(
      tx: DbOrTx,
      values: { competitionId: string; type: AnnouncementType; awardId: string | null; data: unknown },
    ) {
      await lockCompetitionAnnouncements(tx, values.competitionId);
      const seq = (await lastSeq(values.competitionId, tx)) + 1;
      const [row] = await tx
        .insert(announcementEvents)
        .values({ ...values, data: values.data as object, seq })
        .returning();
      return row!;
    },

    /** Events after `afterSeq`, in order. */
    since: (competitionId: string, afterSeq: number, limit = 500, tx: DbOrTx = db) =>
      tx
        .select()
        .from(announcementEvents)
        .where(and(eq(announcementEvents.competitionId, competitionId), gt(announcementEvents.seq, afterSeq)))
        .orderBy(asc(announcementEvents.seq))
        .limit(limit),
  };
}
export type AnnouncementsRepository = ReturnType<typeof createAnnouncementsRepository>;

/** Announcement events' order in their competition, for another module's statement (a version). */
export const announcementEventsView = (db: DbOrTx) =>
  db
    .select({ competitionId: announcementEvents.competitionId, seq: announcementEvents.seq })
    .from(announcementEvents)
    .as('announcement_events_view');
