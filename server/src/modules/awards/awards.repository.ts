import { and, asc, count, eq, inArray, isNotNull, isNull, max, ne, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../app/db.ts';
import { announcementEventsView } from '../announcements/announcements.repository.ts';
import { assignmentsView } from '../assignment/assignment.repository.ts';
import {
  competitionsView,
  criteriaView,
  roundsView,
  tracksView,
} from '../competitions/competitions.repository.ts';
import { entriesView, teamsView } from '../entries/entries.repository.ts';
import { judgesView } from '../judges/judges.repository.ts';
import { reviewScoresView, reviewsView } from '../reviews/reviews.repository.ts';
import { awards, awardWinners } from './awards.table.ts';

export type AwardRow = typeof awards.$inferSelect;

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

/**
 * An entry with what the awards show of it, its team and track: the owners' read views, joined
 * in the caller's statement (`entry` inner-joins `team`; `track` is left-joined).
 */
const entryCards = (tx: DbOrTx) => {
  const entry = entriesView(tx);
  const team = teamsView(tx);
  const track = tracksView(tx);
  const columns = {
    entryId: entry.id,
    competitionId: entry.competitionId,
    title: entry.title,
    status: entry.status,
    trackId: entry.trackId,
    track: track.name,
    trackZh: track.nameZh,
    teamId: team.id,
    team: team.name,
    organization: team.organization,
    country: team.country,
  };
  return { entry, team, track, columns };
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
      // Other modules' rows through their read views, in this one statement (PostgreSQL flattens
      // them: the same plan as the tables named outright).
      const competition = competitionsView(tx);
      const events = announcementEventsView(tx);
      const entry = entriesView(tx);
      const team = teamsView(tx);
      const track = tracksView(tx);
      const [row] = await tx.execute<{ id: string; version: string }>(sql`
        select ${competition.id} as id, concat_ws(':',
          ${micros(sql`${competition.updatedAt}`)},
          (select coalesce(max(${events.seq}), 0) from ${events} where ${events.competitionId} = ${competition.id}),
          (select count(*) from ${awards}
            where ${awards.competitionId} = ${competition.id} and ${awards.publishedAt} is not null),
          (select concat(${micros(sql`max(greatest(${awards.updatedAt}, ${entry.updatedAt}, ${team.updatedAt}))`)},
                  '-', md5(string_agg(concat(${awardWinners.citation}, '|', ${awardWinners.citationZh}), '|'
                                      order by ${awards.id}, ${awardWinners.position})))
             from ${awards}
             left join ${awardWinners} on ${awardWinners.awardId} = ${awards.id}
             left join ${entry} on ${entry.id} = ${awardWinners.entryId}
             left join ${team} on ${team.id} = ${entry.teamId}
            where ${awards.competitionId} = ${competition.id} and ${awards.publishedAt} is not null),
          (select ${micros(sql`max(${track.updatedAt})`)} from ${track} where ${track.competitionId} = ${competition.id})
        ) as version
        from ${competition} where ${competition.slug} = ${slug}`);
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

    winnersOf: (awardIds: string[], tx: DbOrTx = db): Promise<WinnerRow[]> => {
      if (awardIds.length === 0) return Promise.resolve([]);
      const { entry, team, track, columns } = entryCards(tx);
      return tx
        .select({
          ...columns,
          awardId: awardWinners.awardId,
          citation: awardWinners.citation,
          citationZh: awardWinners.citationZh,
          position: awardWinners.position,
        })
        .from(awardWinners)
        .innerJoin(entry, eq(entry.id, awardWinners.entryId))
        .innerJoin(team, eq(team.id, entry.teamId))
        .leftJoin(track, eq(track.id, entry.trackId))
        .where(inArray(awardWinners.awardId, awardIds))
        .orderBy(asc(awardWinners.position), asc(awardWinners.id));
    },

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
    entriesByIds: (entryIds: string[], tx: DbOrTx = db): Promise<AwardEntryRow[]> => {
      if (entryIds.length === 0) return Promise.resolve([]);
      const { entry, team, track, columns } = entryCards(tx);
      return tx
        .select(columns)
        .from(entry)
        .innerJoin(team, eq(team.id, entry.teamId))
        .leftJoin(track, eq(track.id, entry.trackId))
        .where(inArray(entry.id, entryIds));
    },

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

    /** The entries of these teams (the caller found the teams a user works on), oldest first. */
    entriesOfTeams: (teamIds: string[], tx: DbOrTx = db) => {
      if (teamIds.length === 0)
        return Promise.resolve([] as Array<AwardEntryRow & { submittedAt: Date | null }>);
      const { entry, team, track, columns } = entryCards(tx);
      return tx
        .select({ ...columns, submittedAt: entry.submittedAt })
        .from(entry)
        .innerJoin(team, eq(team.id, entry.teamId))
        .leftJoin(track, eq(track.id, entry.trackId))
        .where(inArray(entry.teamId, teamIds))
        .orderBy(asc(entry.createdAt), asc(entry.id));
    },

    /**
     * Judges' comments on the entries, in rounds whose feedback is released: the comment only,
     * never the judge, the private note or a score. Ordered by review id (random), so the order
     * says nothing about who wrote what.
     */
    releasedFeedback: (entryIds: string[], tx: DbOrTx = db) => {
      if (entryIds.length === 0)
        return Promise.resolve(
          [] as Array<{
            entryId: string;
            roundId: string;
            roundName: string;
            roundPosition: number;
            releasedAt: Date | null;
            comment: string;
          }>,
        );
      const review = reviewsView(tx);
      const assignment = assignmentsView(tx);
      const round = roundsView(tx);
      return tx
        .select({
          entryId: assignment.entryId,
          roundId: round.id,
          roundName: round.name,
          roundPosition: round.position,
          releasedAt: round.feedbackReleasedAt,
          comment: review.comment,
        })
        .from(review)
        .innerJoin(assignment, eq(assignment.id, review.assignmentId))
        .innerJoin(round, eq(round.id, assignment.roundId))
        .where(
          and(
            inArray(assignment.entryId, entryIds),
            isNotNull(round.feedbackReleasedAt),
            eq(review.status, 'submitted'),
            sql`btrim(${review.comment}) <> ''`,
          ),
        )
        .orderBy(asc(round.position), asc(review.id));
    },

    /** Every review of the competition, for the organizers' export. */
    reviewsForExport: (competitionId: string, tx: DbOrTx = db) => {
      const review = reviewsView(tx);
      const assignment = assignmentsView(tx);
      const round = roundsView(tx);
      const judge = judgesView(tx);
      const { entry, team, track } = entryCards(tx);
      return tx
        .select({
          reviewId: review.id,
          roundName: round.name,
          roundPosition: round.position,
          entryId: entry.id,
          title: entry.title,
          team: team.name,
          country: team.country,
          track: track.name,
          judgeName: judge.name,
          judgeEmail: judge.email,
          judgeOrganization: judge.organization,
          assignmentStatus: assignment.status,
          status: review.status,
          total: review.total,
          comment: review.comment,
          privateNote: review.privateNote,
          submittedAt: review.submittedAt,
        })
        .from(review)
        .innerJoin(assignment, eq(assignment.id, review.assignmentId))
        .innerJoin(round, eq(round.id, assignment.roundId))
        .innerJoin(entry, eq(entry.id, assignment.entryId))
        .innerJoin(team, eq(team.id, entry.teamId))
        .leftJoin(track, eq(track.id, entry.trackId))
        .innerJoin(judge, eq(judge.id, assignment.judgeId))
        .where(eq(round.competitionId, competitionId))
        .orderBy(asc(round.position), asc(track.position), asc(entry.title), asc(judge.name), asc(review.id));
    },

    scoresForExport: (competitionId: string, tx: DbOrTx = db) => {
      const score = reviewScoresView(tx);
      const criterion = criteriaView(tx);
      const round = roundsView(tx);
      return tx
        .select({ reviewId: score.reviewId, key: criterion.key, score: score.score })
        .from(score)
        .innerJoin(criterion, eq(criterion.id, score.criterionId))
        .innerJoin(round, eq(round.id, criterion.roundId))
        .where(eq(round.competitionId, competitionId));
    },

    criteriaKeysOf: async (competitionId: string, tx: DbOrTx = db) => {
      const criterion = criteriaView(tx);
      const round = roundsView(tx);
      return (
        await tx
          .select({ key: criterion.key, position: criterion.position, roundPosition: round.position })
          .from(criterion)
          .innerJoin(round, eq(round.id, criterion.roundId))
          .where(eq(round.competitionId, competitionId))
          .orderBy(asc(round.position), asc(criterion.position))
      ).map((r) => r.key);
    },
  };
}
export type AwardsRepository = ReturnType<typeof createAwardsRepository>;
