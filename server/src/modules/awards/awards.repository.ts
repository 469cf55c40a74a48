import { and, asc, count, desc, eq, inArray, isNotNull, isNull, max, ne, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../app/db.ts';
import { worksOnTeam } from '../../app/team-access.ts';
import { assignments } from '../assignment/assignment.table.ts';
import { competitions, criteria, rounds, tracks } from '../competitions/competitions.table.ts';
import { entries, teams } from '../entries/entries.table.ts';
import { judges } from '../judges/judges.table.ts';
import { reviewScores, reviews } from '../reviews/reviews.table.ts';
import { awards, awardWinners } from './awards.table.ts';

export type AwardRow = typeof awards.$inferSelect;

/** An entry with what the awards show of it: its team and track. */
const entryColumns = {
  entryId: entries.id,
  competitionId: entries.competitionId,
  title: entries.title,
  status: entries.status,
  trackId: entries.trackId,
  track: tracks.name,
  trackZh: tracks.nameZh,
  teamId: teams.id,
  team: teams.name,
  organization: teams.organization,
  country: teams.country,
};
export type AwardEntryRow = {
  entryId: string;
  competitionId: string;
  title: string;
  status: 'draft' | 'submitted' | 'withdrawn' | 'disqualified';
  trackId: string | null;
  track: string | null;
  trackZh: string | null;
  teamId: string;
  team: string;
  organization: string;
  country: string;
};
export type WinnerRow = AwardEntryRow & {
  awardId: string;
  citation: string;
  citationZh: string;
  position: number;
};

export function createAwardsRepository({ db }: { db: DbOrTx }) {
  return {
    /**
     * What the public results of a competition are made of, in one short string that changes
     * whenever they may: the competition (name, publication), the last announcement (reveals,
     * publications), and the published awards with their winners' entries, teams, tracks and
     * citations. Null when no competition has that slug. One indexed
     * query, so every API process can check its cached copy on each request.
     */
    publicVersion: async (slug: string, tx: DbOrTx = db) => {
      const micros = (column: SQL) => sql`(extract(epoch from ${column}) * 1000000)::bigint`;
      const [row] = await tx.execute<{ id: string; version: string }>(sql`
        select c.id, concat_ws(':',
          ${micros(sql`c.updated_at`)},
          (select coalesce(max(e.seq), 0) from announcement_events e where e.competition_id = c.id),
          (select count(*) from awards a where a.competition_id = c.id and a.published_at is not null),
          (select concat(${micros(sql`max(greatest(a.updated_at, w_entry.updated_at, w_team.updated_at))`)},
                  '-', md5(string_agg(concat(w.citation, '|', w.citation_zh), '|' order by a.id, w.position)))
             from awards a
             left join award_winners w on w.award_id = a.id
             left join entries w_entry on w_entry.id = w.entry_id
             left join teams w_team on w_team.id = w_entry.team_id
            where a.competition_id = c.id and a.published_at is not null),
          (select ${micros(sql`max(t.updated_at)`)} from tracks t where t.competition_id = c.id)
        ) as version
        from competitions c where c.slug = ${slug}`);
      return row ? { competitionId: row.id, version: row.version } : null;
    },

    findById: async (id: string, tx: DbOrTx = db) =>
      (await tx.select().from(awards).where(eq(awards.id, id)).limit(1))[0] ?? null,

    /** In ceremony order. */
    listByCompetition: (competitionId: string, tx: DbOrTx = db) =>
      tx
        .select()
        .from(awards)
        .where(eq(awards.competitionId, competitionId))
        .orderBy(asc(awards.position), asc(awards.createdAt), asc(awards.id)),

    listPublished: (competitionId: string, tx: DbOrTx = db) =>
      tx
        .select()
        .from(awards)
        .where(and(eq(awards.competitionId, competitionId), isNotNull(awards.publishedAt)))
        .orderBy(asc(awards.position), asc(awards.createdAt), asc(awards.id)),

    nextPosition: async (competitionId: string, tx: DbOrTx = db) => {
      const [row] = await tx
        .select({ position: max(awards.position) })
        .from(awards)
        .where(eq(awards.competitionId, competitionId));
      return (row?.position ?? 0) + 1;
    },

    insert: async (values: typeof awards.$inferInsert, tx: DbOrTx = db) =>
      (await tx.insert(awards).values(values).returning())[0]!,
    update: async (id: string, values: Partial<typeof awards.$inferInsert>, tx: DbOrTx = db) =>
      (await tx.update(awards).set(values).where(eq(awards.id, id)).returning())[0]!,
    remove: (id: string, tx: DbOrTx = db) => tx.delete(awards).where(eq(awards.id, id)),
    /** How many awards are given in the track. */
    countInTrack: async (trackId: string, tx: DbOrTx = db) =>
      (await tx.select({ n: count() }).from(awards).where(eq(awards.trackId, trackId)))[0]?.n ?? 0,
    /** Removes a track (being deleted) from the competition's awards' eligible tracks. */
    removeEligibleTrack: (competitionId: string, trackId: string, tx: DbOrTx = db) =>
      tx
        .update(awards)
        .set({ eligibleTrackIds: sql`array_remove(${awards.eligibleTrackIds}, ${trackId})` })
        .where(
          and(eq(awards.competitionId, competitionId), sql`${trackId} = any(${awards.eligibleTrackIds})`),
        ),

    winnersOf: (awardIds: string[], tx: DbOrTx = db): Promise<WinnerRow[]> =>
      awardIds.length === 0
        ? Promise.resolve([])
        : tx
            .select({
              ...entryColumns,
              awardId: awardWinners.awardId,
              citation: awardWinners.citation,
              citationZh: awardWinners.citationZh,
              position: awardWinners.position,
            })
            .from(awardWinners)
            .innerJoin(entries, eq(entries.id, awardWinners.entryId))
            .innerJoin(teams, eq(teams.id, entries.teamId))
            .leftJoin(tracks, eq(tracks.id, entries.trackId))
            .where(inArray(awardWinners.awardId, awardIds))
            .orderBy(asc(awardWinners.position), asc(awardWinners.id)),

    setCitation: (
      awardId: string,
      entryId: string,
      text: { citation: string; citationZh?: string },
      tx: DbOrTx = db,
    ) =>
      tx
        .update(awardWinners)
        .set(text)
        .where(and(eq(awardWinners.awardId, awardId), eq(awardWinners.entryId, entryId))),
    replaceWinners: async (
      awardId: string,
      winners: Array<{ entryId: string; citation: string; citationZh: string }>,
      tx: DbOrTx = db,
    ) => {
      await tx.delete(awardWinners).where(eq(awardWinners.awardId, awardId));
      if (winners.length > 0) {
        await tx.insert(awardWinners).values(
          winners.map((w, i) => ({
            awardId,
            entryId: w.entryId,
            citation: w.citation,
            citationZh: w.citationZh,
            position: i + 1,
          })),
        );
      }
    },

    /** The entries by id, whatever competition they belong to (the caller checks). */
    entriesByIds: (entryIds: string[], tx: DbOrTx = db): Promise<AwardEntryRow[]> =>
      entryIds.length === 0
        ? Promise.resolve([])
        : tx
            .select(entryColumns)
            .from(entries)
            .innerJoin(teams, eq(teams.id, entries.teamId))
            .leftJoin(tracks, eq(tracks.id, entries.trackId))
            .where(inArray(entries.id, entryIds)),

    /** Every award the entries hold in their competition (prizes and special awards). */
    awardsHeldBy: (competitionId: string, entryIds: string[], tx: DbOrTx = db) =>
      entryIds.length === 0
        ? Promise.resolve(
            [] as Array<{
              entryId: string;
              awardId: string;
              name: string;
              nameZh: string;
              kind: 'prize' | 'special';
              publishedAt: Date | null;
              citation: string;
              citationZh: string;
              level: number | null;
            }>,
          )
        : tx
            .select({
              entryId: awardWinners.entryId,
              awardId: awards.id,
              name: awards.name,
              nameZh: awards.nameZh,
              kind: awards.kind,
              level: awards.level,
              publishedAt: awards.publishedAt,
              citation: awardWinners.citation,
              citationZh: awardWinners.citationZh,
            })
            .from(awardWinners)
            .innerJoin(awards, eq(awards.id, awardWinners.awardId))
            .where(and(eq(awards.competitionId, competitionId), inArray(awardWinners.entryId, entryIds)))
            .orderBy(asc(awards.position), asc(awards.id)),

    /** Ladder prizes (other than `exceptAwardId`) already held by any of the entries. */
    ladderPrizesHeldBy: (
      competitionId: string,
      entryIds: string[],
      exceptAwardId: string | null,
      tx: DbOrTx = db,
    ) =>
      entryIds.length === 0
        ? Promise.resolve([] as Array<{ entryId: string; awardId: string; name: string }>)
        : tx
            .select({ entryId: awardWinners.entryId, awardId: awards.id, name: awards.name })
            .from(awardWinners)
            .innerJoin(awards, eq(awards.id, awardWinners.awardId))
            .where(
              and(
                eq(awards.competitionId, competitionId),
                eq(awards.kind, 'prize'),
                inArray(awardWinners.entryId, entryIds),
                exceptAwardId ? ne(awards.id, exceptAwardId) : undefined,
              ),
            ),

    /** Marks the awards published (only those not yet), returning the ones this call published. */
    publish: (awardIds: string[], at: Date, tx: DbOrTx = db) =>
      awardIds.length === 0
        ? Promise.resolve([] as AwardRow[])
        : tx
            .update(awards)
            .set({ publishedAt: at })
            .where(and(inArray(awards.id, awardIds), isNull(awards.publishedAt)))
            .returning(),

    /** Award ids of the competition that have at least one winner. */
    awardIdsWithWinners: async (competitionId: string, tx: DbOrTx = db) =>
      (
        await tx
          .selectDistinct({ id: awards.id })
          .from(awards)
          .innerJoin(awardWinners, eq(awardWinners.awardId, awards.id))
          .where(eq(awards.competitionId, competitionId))
      ).map((r) => r.id),

    setPublication: async (
      competitionId: string,
      values: { resultsPublishedAt?: Date | null; resultsPublishAt?: Date | null },
      tx: DbOrTx = db,
    ) =>
      (await tx.update(competitions).set(values).where(eq(competitions.id, competitionId)).returning())[0]!,

    /** The competition's final round: its last by position. */
    finalRound: async (competitionId: string, tx: DbOrTx = db) =>
      (
        await tx
          .select()
          .from(rounds)
          .where(eq(rounds.competitionId, competitionId))
          .orderBy(desc(rounds.position))
          .limit(1)
      )[0] ?? null,

    /** The competition's rounds, the final first. */
    roundsFinalFirst: (competitionId: string, tx: DbOrTx = db) =>
      tx.select().from(rounds).where(eq(rounds.competitionId, competitionId)).orderBy(desc(rounds.position)),

    /** Entries of teams the user works on (owner or member) in the competition. */
    entriesOwnedBy: (userId: string, competitionId: string, tx: DbOrTx = db) =>
      tx
        .select({ ...entryColumns, submittedAt: entries.submittedAt })
        .from(entries)
        .innerJoin(teams, eq(teams.id, entries.teamId))
        .leftJoin(tracks, eq(tracks.id, entries.trackId))
        .where(and(worksOnTeam(userId), eq(teams.competitionId, competitionId)))
        .orderBy(asc(entries.createdAt), asc(entries.id)),

    ownsTeamIn: async (userId: string, competitionId: string, tx: DbOrTx = db) =>
      (
        await tx
          .select({ id: teams.id })
          .from(teams)
          .where(and(worksOnTeam(userId), eq(teams.competitionId, competitionId)))
          .limit(1)
      ).length > 0,

    /**
     * Judges' comments on the entries, in rounds whose feedback is released: the comment only,
     * never the judge, the private note or a score. Ordered by review id (random), so the order
     * says nothing about who wrote what.
     */
    releasedFeedback: (entryIds: string[], tx: DbOrTx = db) =>
      entryIds.length === 0
        ? Promise.resolve(
            [] as Array<{
              entryId: string;
              roundId: string;
              roundName: string;
              roundPosition: number;
              releasedAt: Date | null;
              comment: string;
            }>,
          )
        : tx
            .select({
              entryId: assignments.entryId,
              roundId: rounds.id,
              roundName: rounds.name,
              roundPosition: rounds.position,
              releasedAt: rounds.feedbackReleasedAt,
              comment: reviews.comment,
            })
            .from(reviews)
            .innerJoin(assignments, eq(assignments.id, reviews.assignmentId))
            .innerJoin(rounds, eq(rounds.id, assignments.roundId))
            .where(
              and(
                inArray(assignments.entryId, entryIds),
                isNotNull(rounds.feedbackReleasedAt),
                eq(reviews.status, 'submitted'),
                sql`btrim(${reviews.comment}) <> ''`,
              ),
            )
            .orderBy(asc(rounds.position), asc(reviews.id)),

    /** Every review of the competition, for the organizers' export. */
    reviewsForExport: (competitionId: string, tx: DbOrTx = db) =>
      tx
        .select({
          reviewId: reviews.id,
          roundName: rounds.name,
          roundPosition: rounds.position,
          entryId: entries.id,
          title: entries.title,
          team: teams.name,
          country: teams.country,
          track: tracks.name,
          judgeName: judges.name,
          judgeEmail: judges.email,
          judgeOrganization: judges.organization,
          assignmentStatus: assignments.status,
          status: reviews.status,
          total: reviews.total,
          comment: reviews.comment,
          privateNote: reviews.privateNote,
          submittedAt: reviews.submittedAt,
        })
        .from(reviews)
        .innerJoin(assignments, eq(assignments.id, reviews.assignmentId))
        .innerJoin(rounds, eq(rounds.id, assignments.roundId))
        .innerJoin(entries, eq(entries.id, assignments.entryId))
        .innerJoin(teams, eq(teams.id, entries.teamId))
        .leftJoin(tracks, eq(tracks.id, entries.trackId))
        .innerJoin(judges, eq(judges.id, assignments.judgeId))
        .where(eq(rounds.competitionId, competitionId))
        .orderBy(
          asc(rounds.position),
          asc(tracks.position),
          asc(entries.title),
          asc(judges.name),
          asc(reviews.id),
        ),

    scoresForExport: (competitionId: string, tx: DbOrTx = db) =>
      tx
        .select({ reviewId: reviewScores.reviewId, key: criteria.key, score: reviewScores.score })
        .from(reviewScores)
        .innerJoin(criteria, eq(criteria.id, reviewScores.criterionId))
        .innerJoin(rounds, eq(rounds.id, criteria.roundId))
        .where(eq(rounds.competitionId, competitionId)),

    criteriaKeysOf: async (competitionId: string, tx: DbOrTx = db) =>
      (
        await tx
          .select({ key: criteria.key, position: criteria.position, roundPosition: rounds.position })
          .from(criteria)
          .innerJoin(rounds, eq(rounds.id, criteria.roundId))
          .where(eq(rounds.competitionId, competitionId))
          .orderBy(asc(rounds.position), asc(criteria.position))
      ).map((r) => r.key),
  };
}
export type AwardsRepository = ReturnType<typeof createAwardsRepository>;
