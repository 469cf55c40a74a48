import type {
  Award,
  AwardSuggestions,
  Publication,
  PublicResults,
  ResultsFeed,
  TeamResults,
} from '@wuzhen/shared';
import { toCsv } from '../../app/csv.ts';
import type { Db, DbOrTx } from '../../app/db.ts';
import { badRequest, conflict, createError, notFound } from '../../app/errors.ts';
import type { Queues } from '../../app/queue.ts';
import type { AnnouncementsRepository } from '../announcements/announcements.repository.ts';
import { lockCompetitionAnnouncements } from '../announcements/announcements.repository.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type {
  CompetitionRow,
  CompetitionsRepository,
  RoundRow,
} from '../competitions/competitions.repository.ts';
import { toRound } from '../competitions/competitions.service.ts';
import type { RoundEntriesRepository } from '../competitions/round-entries.repository.ts';
import {
  resultsOrder,
  snapshotEntries,
  suggestWinners,
  toPublicAward,
  trackAllowed,
  winnerProblems,
} from './awards.fns.ts';
import type { AwardRow, AwardsRepository, WinnerRow } from './awards.repository.ts';

type Actor = { id: string };
type Context = { actor: Actor; requestId: string | null };

/** The job id of a competition's scheduled publication: one per competition, replaced on reschedule. */
export const publicationJobId = (competitionId: string) => `publication-${competitionId}`;

const toAward = (row: AwardRow, winners: WinnerRow[]): Award => ({
  id: row.id,
  competitionId: row.competitionId,
  name: row.name,
  kind: row.kind,
  level: row.level,
  trackId: row.trackId,
  eligibleTrackIds: row.eligibleTrackIds,
  slots: row.slots,
  description: row.description,
  position: row.position,
  publishedAt: row.publishedAt?.toISOString() ?? null,
  winners: winners
    .filter((w) => w.awardId === row.id)
    .map((w) => ({
      entryId: w.entryId,
      title: w.title,
      team: w.team,
      organization: w.organization,
      country: w.country,
      trackId: w.trackId,
      track: w.track,
      citation: w.citation,
      position: w.position,
    })),
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export function createAwardsService({
  db,
  awards,
  announcements,
  competitions,
  roundEntries,
  audit,
  queues,
  now,
  notify,
}: {
  db: Db;
  awards: AwardsRepository;
  announcements: Pick<AnnouncementsRepository, 'append' | 'lastSeq'>;
  competitions: Pick<
    CompetitionsRepository,
    'findById' | 'findBySlug' | 'tracksOf' | 'criteriaOf' | 'updateRound' | 'roundsWithReviews'
  >;
  roundEntries: Pick<RoundEntriesRepository, 'entriesOf'>;
  audit: Pick<AuditService, 'record'>;
  queues: Pick<Queues, 'enqueue' | 'getJob' | 'removeJob'>;
  now: () => Date;
  /** Tells every API process that the competition has a new announcement (after commit). */
  notify: (competitionId: string) => Promise<void>;
}) {
  async function describe(rows: AwardRow[], tx: DbOrTx = db): Promise<Award[]> {
    const winners = await awards.winnersOf(
      rows.map((r) => r.id),
      tx,
    );
    return rows.map((r) => toAward(r, winners));
  }
  const describeOne = async (row: AwardRow, tx: DbOrTx = db) => (await describe([row], tx))[0]!;

  async function trackNames(competitionId: string, tx: DbOrTx = db) {
    const tracks = await competitions.tracksOf([competitionId], tx);
    const byId = new Map(tracks.map((t) => [t.id, t]));
    return {
      tracks,
      name: (id: string | null) => (id ? (byId.get(id)?.name ?? null) : null),
      position: (id: string) => byId.get(id)?.position ?? 0,
      has: (id: string) => byId.has(id),
    };
  }

  async function checkTracks(
    competitionId: string,
    input: { trackId?: string | null; eligibleTrackIds?: string[] },
  ) {
    const { has } = await trackNames(competitionId);
    const problems: Array<{ path: string; message: string }> = [];
    if (input.trackId && !has(input.trackId))
      problems.push({ path: 'trackId', message: 'This competition has no such track.' });
    input.eligibleTrackIds?.forEach((id, i) => {
      if (!has(id))
        problems.push({ path: `eligibleTrackIds.${i}`, message: 'This competition has no such track.' });
    });
    if (problems.length > 0) {
      throw badRequest(
        'awards.unknown_track',
        'An award names a track this competition does not have. Pick one of its tracks.',
        problems,
      );
    }
  }

  async function checkNameFree(competitionId: string, name: string, exceptId: string | null) {
    const taken = (await awards.listByCompetition(competitionId)).find(
      (a) => a.id !== exceptId && a.name.trim().toLowerCase() === name.trim().toLowerCase(),
    );
    if (taken) {
      throw conflict(
        'awards.name_taken',
        `An award named “${taken.name}” exists already. Give this one another name.`,
        [{ path: 'name', message: 'This name is taken.' }],
      );
    }
  }

  const refusePublished = (award: AwardRow) => {
    if (award.publishedAt) {
      throw conflict(
        'awards.published',
        `${award.name} was published on ${award.publishedAt.toISOString()} and is public: it can no longer be changed.`,
      );
    }
  };

  /** Public awards of the competition, in results order, from inside a transaction or not. */
  async function publicAwards(competitionId: string, tx: DbOrTx = db, only?: string[]) {
    const published = (await awards.listPublished(competitionId, tx)).filter(
      (a) => !only || only.includes(a.id),
    );
    const winners = await awards.winnersOf(
      published.map((a) => a.id),
      tx,
    );
    const tracks = await trackNames(competitionId, tx);
    return resultsOrder(published, tracks.position).map((a) =>
      toPublicAward(
        { ...a, publishedAt: a.publishedAt! },
        winners.filter((w) => w.awardId === a.id),
        tracks.name,
      ),
    );
  }

  async function publicationOf(
    competition: CompetitionRow,
    publishedAwardIds: string[] = [],
  ): Promise<Publication> {
    const list = await awards.listByCompetition(competition.id);
    const withWinners = new Set(await awards.awardIdsWithWinners(competition.id));
    return {
      competitionId: competition.id,
      resultsPublishedAt: competition.resultsPublishedAt?.toISOString() ?? null,
      scheduledFor: competition.resultsPublishAt?.toISOString() ?? null,
      jobId: competition.resultsPublishAt ? publicationJobId(competition.id) : null,
      awards: {
        total: list.length,
        withWinners: withWinners.size,
        published: list.filter((a) => a.publishedAt).length,
      },
      publishedAwardIds,
    };
  }

  /**
   * Publishes every unpublished award that has winners, in one transaction with its announcement
   * and audit record. Used by "publish now" and by the scheduled job.
   */
  async function publishAll(
    competitionId: string,
    { actor, requestId }: Context,
    { allowEmpty }: { allowEmpty: boolean },
  ) {
    const at = now();
    const result = await db.transaction(async (tx) => {
      await lockCompetitionAnnouncements(tx, competitionId);
      const ids = await awards.awardIdsWithWinners(competitionId, tx);
      if (ids.length === 0 && !allowEmpty) {
        throw conflict(
          'awards.nothing_to_publish',
          'No award has winners yet. Choose the winners of at least one award, then publish.',
        );
      }
      const published = await awards.publish(ids, at, tx);
      const before = await competitions.findById(competitionId, tx);
      const competition = await awards.setPublication(
        competitionId,
        ids.length > 0 ? { resultsPublishedAt: at, resultsPublishAt: null } : { resultsPublishAt: null },
        tx,
      );
      const publishedIds = published.map((a) => a.id);
      let eventSeq: number | null = null;
      if (publishedIds.length > 0) {
        const event = await announcements.append(tx, {
          competitionId,
          type: 'published',
          awardId: null,
          data: {
            awardIds: publishedIds,
            awards: await publicAwards(competitionId, tx, publishedIds),
            publishedAt: at.toISOString(),
          },
        });
        eventSeq = event.seq;
      }
      await audit.record(tx, {
        competitionId,
        actorId: actor.id,
        action: 'results.published',
        entityType: 'competition',
        entityId: competitionId,
        before: {
          resultsPublishedAt: before?.resultsPublishedAt ?? null,
          resultsPublishAt: before?.resultsPublishAt ?? null,
        },
        after: {
          resultsPublishedAt: competition.resultsPublishedAt,
          awardIds: publishedIds,
          eventId: eventSeq,
        },
        requestId,
      });
      return { competition, publishedIds };
    });
    if (result.publishedIds.length > 0) await notify(competitionId);
    return result;
  }

  async function publicResults(slug: string): Promise<PublicResults> {
    const competition = await competitions.findBySlug(slug);
    if (!competition) throw notFound('That competition');
    // The event id first: a reveal committed in between shows up in both, never in neither.
    const lastEventId = await announcements.lastSeq(competition.id);
    return {
      competition: {
        id: competition.id,
        name: competition.name,
        slug: competition.slug,
        description: competition.description,
        resultsPublishedAt: competition.resultsPublishedAt?.toISOString() ?? null,
      },
      awards: await publicAwards(competition.id),
      lastEventId: String(lastEventId),
    };
  }

  return {
    describe,

    async list(competitionId: string) {
      return describe(await awards.listByCompetition(competitionId));
    },

    async get(award: AwardRow) {
      return describeOne(award);
    },

    async create(
      competition: CompetitionRow,
      input: {
        name: string;
        kind: 'prize' | 'special';
        level?: number;
        trackId?: string;
        eligibleTrackIds?: string[];
        slots: number;
        description: string;
      },
      { actor, requestId }: Context,
    ) {
      const eligibleTrackIds = [...new Set(input.eligibleTrackIds ?? [])];
      await checkTracks(competition.id, { trackId: input.trackId, eligibleTrackIds });
      await checkNameFree(competition.id, input.name, null);
      return db.transaction(async (tx) => {
        await lockCompetitionAnnouncements(tx, competition.id);
        const row = await awards.insert(
          {
            competitionId: competition.id,
            name: input.name,
            kind: input.kind,
            level: input.kind === 'prize' ? (input.level ?? null) : null,
            trackId: input.kind === 'prize' ? (input.trackId ?? null) : null,
            eligibleTrackIds: input.kind === 'special' ? eligibleTrackIds : [],
            slots: input.slots,
            description: input.description,
            position: await awards.nextPosition(competition.id, tx),
          },
          tx,
        );
        await audit.record(tx, {
          competitionId: competition.id,
          actorId: actor.id,
          action: 'award.created',
          entityType: 'award',
          entityId: row.id,
          after: row,
          requestId,
        });
        return describeOne(row, tx);
      });
    },

    async update(
      award: AwardRow,
      patch: {
        name?: string;
        level?: number;
        trackId?: string | null;
        eligibleTrackIds?: string[];
        slots?: number;
        description?: string;
        position?: number;
      },
      { actor, requestId }: Context,
    ) {
      refusePublished(award);
      if (award.kind === 'special' && patch.level !== undefined) {
        throw badRequest(
          'awards.level_on_special',
          'A special award has no level on the ladder; leave level out.',
          [{ path: 'level', message: 'Special awards have no level.' }],
        );
      }
      if (award.kind === 'special' && patch.trackId) {
        throw badRequest(
          'awards.track_on_special',
          'A special award names its eligible tracks in eligibleTrackIds, not trackId.',
          [{ path: 'trackId', message: 'Use eligibleTrackIds for a special award.' }],
        );
      }
      if (award.kind === 'prize' && patch.eligibleTrackIds && patch.eligibleTrackIds.length > 0) {
        throw badRequest(
          'awards.eligible_on_prize',
          'A prize is for one track (trackId) or overall; eligible tracks are for special awards.',
          [{ path: 'eligibleTrackIds', message: 'Use trackId for a prize.' }],
        );
      }
      const eligibleTrackIds = patch.eligibleTrackIds ? [...new Set(patch.eligibleTrackIds)] : undefined;
      await checkTracks(award.competitionId, { trackId: patch.trackId, eligibleTrackIds });
      if (patch.name !== undefined) await checkNameFree(award.competitionId, patch.name, award.id);
      return db.transaction(async (tx) => {
        await lockCompetitionAnnouncements(tx, award.competitionId);
        const before = (await awards.findById(award.id, tx)) ?? award;
        refusePublished(before);
        const next = {
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.level !== undefined ? { level: patch.level } : {}),
          ...(patch.trackId !== undefined && award.kind === 'prize' ? { trackId: patch.trackId } : {}),
          ...(eligibleTrackIds !== undefined && award.kind === 'special' ? { eligibleTrackIds } : {}),
          ...(patch.slots !== undefined ? { slots: patch.slots } : {}),
          ...(patch.description !== undefined ? { description: patch.description } : {}),
          ...(patch.position !== undefined ? { position: patch.position } : {}),
        };
        const winners = await awards.winnersOf([award.id], tx);
        const rule = { ...before, ...next };
        if (winners.length > rule.slots) {
          throw conflict(
            'awards.slots_below_winners',
            `${before.name} has ${winners.length} winners already; remove winners before cutting it to ${rule.slots} slot${rule.slots === 1 ? '' : 's'}.`,
            [{ path: 'slots', message: `At least ${winners.length}.` }],
          );
        }
        const outOfScope = winners.filter((w) => !trackAllowed(rule, w.trackId));
        if (outOfScope.length > 0) {
          throw conflict(
            'awards.track_not_eligible',
            `“${outOfScope[0]!.title}” is a winner of ${before.name} and would no longer be eligible in the new tracks. Change the winners first.`,
            outOfScope.map((w) => ({
              path: 'trackId',
              message: `“${w.title}” (${w.track ?? 'no track'}) would no longer be eligible.`,
            })),
          );
        }
        const row = Object.keys(next).length > 0 ? await awards.update(award.id, next, tx) : before;
        await audit.record(tx, {
          competitionId: award.competitionId,
          actorId: actor.id,
          action: 'award.updated',
          entityType: 'award',
          entityId: award.id,
          before,
          after: row,
          requestId,
        });
        return describeOne(row, tx);
      });
    },

    async remove(award: AwardRow, { actor, requestId }: Context) {
      refusePublished(award);
      await db.transaction(async (tx) => {
        await lockCompetitionAnnouncements(tx, award.competitionId);
        const before = await awards.findById(award.id, tx);
        if (!before) throw notFound('That award');
        refusePublished(before);
        const winners = await awards.winnersOf([award.id], tx);
        await awards.remove(award.id, tx);
        await audit.record(tx, {
          competitionId: award.competitionId,
          actorId: actor.id,
          action: 'award.deleted',
          entityType: 'award',
          entityId: award.id,
          before: { ...before, winners: winners.map((w) => ({ entryId: w.entryId, citation: w.citation })) },
          requestId,
        });
      });
    },

    async suggestions(award: AwardRow): Promise<AwardSuggestions> {
      const round = await awards.finalRound(award.competitionId);
      if (!round) {
        throw conflict(
          'awards.no_final_round',
          'This competition has no rounds yet, so there is no tally to suggest winners from. Add its rounds first.',
        );
      }
      const snapshot = await awards.latestSnapshot(round);
      if (!snapshot) {
        throw conflict(
          'awards.no_tally',
          `The final round, “${round.name}”, has not been tallied yet. Run its tally (in the round's Results), then come back for suggestions; you can still name winners by hand.`,
        );
      }
      const inRound = await roundEntries.entriesOf(round);
      const ids = inRound.map((e) => e.id);
      const [candidates, ladder, held, winners] = await Promise.all([
        awards.entriesByIds(ids),
        awards.ladderPrizesHeldBy(award.competitionId, ids, award.id),
        awards.awardsHeldBy(award.competitionId, ids),
        awards.winnersOf([award.id]),
      ]);
      const otherAwards = new Map<string, Array<{ id: string; name: string }>>();
      for (const h of held) {
        if (h.awardId === award.id) continue;
        otherAwards.set(h.entryId, [...(otherAwards.get(h.entryId) ?? []), { id: h.awardId, name: h.name }]);
      }
      const { rankedBy, items } = suggestWinners({
        award,
        snapshot: snapshotEntries(snapshot.result),
        candidates: new Map(candidates.map((c) => [c.entryId, c])),
        ladderPrizeHolders: new Set(ladder.map((l) => l.entryId)),
        chosen: new Set(winners.map((w) => w.entryId)),
        otherAwards,
      });
      return {
        awardId: award.id,
        round: { id: round.id, name: round.name },
        snapshot: { id: snapshot.id, method: snapshot.method, createdAt: snapshot.createdAt.toISOString() },
        rankedBy,
        items,
      };
    },

    async setWinners(
      award: AwardRow,
      list: Array<{ entryId: string; citation: string }>,
      { actor, requestId }: Context,
    ) {
      refusePublished(award);
      return db.transaction(async (tx) => {
        // One writer per competition at a time, so two prizes cannot both take the same entry.
        await lockCompetitionAnnouncements(tx, award.competitionId);
        const current = await awards.findById(award.id, tx);
        if (!current) throw notFound('That award');
        refusePublished(current);
        const ids = list.map((w) => w.entryId);
        const found = new Map(
          (await awards.entriesByIds(ids, tx))
            .filter((e) => e.competitionId === award.competitionId)
            .map((e) => [e.entryId, e]),
        );
        const missing = list.map((w, i) => ({ ...w, i })).filter((w) => !found.has(w.entryId));
        if (missing.length > 0) {
          throw createError({
            code: 'awards.entry_not_found',
            statusCode: 404,
            message: `${missing.length === 1 ? 'An entry' : `${missing.length} entries`} named as winner${missing.length === 1 ? ' was' : 's were'} not found in this competition. Pick entries of this competition.`,
            details: missing.map((m) => ({
              path: `winners.${m.i}.entryId`,
              message: 'Not an entry of this competition.',
            })),
          });
        }
        const tracks = await trackNames(award.competitionId, tx);
        const problems = winnerProblems({
          award: current,
          winners: list,
          entries: found,
          ladderPrizesHeld: await awards.ladderPrizesHeldBy(award.competitionId, ids, award.id, tx),
          trackName: (id) => tracks.name(id) ?? 'no track',
        });
        const first = problems[0];
        if (first) {
          const more =
            problems.length > 1
              ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})`
              : '';
          throw conflict(`awards.${first.code}`, `${first.message}${more}`, problems);
        }
        const before = await awards.winnersOf([award.id], tx);
        await awards.replaceWinners(award.id, list, tx);
        const row = await awards.update(award.id, { updatedAt: now() }, tx);
        await audit.record(tx, {
          competitionId: award.competitionId,
          actorId: actor.id,
          action: 'award.winners_chosen',
          entityType: 'award',
          entityId: award.id,
          before: {
            winners: before.map((w) => ({ entryId: w.entryId, title: w.title, citation: w.citation })),
          },
          after: {
            winners: list.map((w) => ({
              entryId: w.entryId,
              title: found.get(w.entryId)!.title,
              citation: w.citation,
            })),
          },
          requestId,
        });
        return describeOne(row, tx);
      });
    },

    /**
     * Corrects winners' citations, before or after publication, all in one transaction: the
     * winners and their order stay as chosen (and as announced); only the words change, each
     * change audited. Public pages show the new words on their next load.
     */
    async correctCitations(
      award: AwardRow,
      list: Array<{ entryId: string; citation: string }>,
      { actor, requestId }: Context,
    ) {
      return db.transaction(async (tx) => {
        await lockCompetitionAnnouncements(tx, award.competitionId);
        const winners = new Map((await awards.winnersOf([award.id], tx)).map((w) => [w.entryId, w]));
        const strangers = list.map((w, i) => ({ ...w, i })).filter((w) => !winners.has(w.entryId));
        if (strangers.length > 0) {
          throw createError({
            code: 'awards.not_a_winner',
            statusCode: 404,
            message: `${strangers.length === 1 ? 'An entry' : `${strangers.length} entries`} named here ${strangers.length === 1 ? 'is' : 'are'} not a winner of ${award.name}. Correct citations of its winners only; choose winners first.`,
            details: strangers.map((w) => ({
              path: `${w.i}.entryId`,
              message: 'Not a winner of this award.',
            })),
          });
        }
        const changed = list.filter((w) => winners.get(w.entryId)!.citation !== w.citation);
        if (changed.length > 0) {
          for (const w of changed) await awards.setCitation(award.id, w.entryId, w.citation, tx);
          await awards.update(award.id, { updatedAt: now() }, tx);
          await audit.record(
            tx,
            changed.map((w) => {
              const before = winners.get(w.entryId)!;
              return {
                competitionId: award.competitionId,
                actorId: actor.id,
                action: 'award.citation_corrected',
                entityType: 'award',
                entityId: award.id,
                before: { entryId: w.entryId, title: before.title, citation: before.citation },
                after: {
                  entryId: w.entryId,
                  title: before.title,
                  citation: w.citation,
                  published: award.publishedAt !== null,
                },
                requestId,
              };
            }),
          );
        }
        const row = await awards.findById(award.id, tx);
        if (!row) throw notFound('That award');
        return describeOne(row, tx);
      });
    },

    publication: (competition: CompetitionRow) => publicationOf(competition),

    async publishNow(competition: CompetitionRow, context: Context) {
      const hadSchedule = competition.resultsPublishAt !== null;
      const { competition: after, publishedIds } = await publishAll(competition.id, context, {
        allowEmpty: false,
      });
      // The schedule is moot now: its job would find nothing left to publish, but it should not linger.
      if (hadSchedule) await queues.removeJob(publicationJobId(competition.id)).catch(() => {});
      return publicationOf(after, publishedIds);
    },

    async schedule(competition: CompetitionRow, at: Date, { actor, requestId }: Context) {
      const current = now();
      if (at.getTime() <= current.getTime()) {
        throw badRequest(
          'awards.publish_time_past',
          `That time has passed (it is ${current.toISOString()} now). Choose a time in the future, or publish now.`,
          [{ path: 'at', message: 'Choose a time in the future.' }],
        );
      }
      await replaceableJob(competition.id);
      const before = competition.resultsPublishAt;
      const after = await db.transaction(async (tx) => {
        await lockCompetitionAnnouncements(tx, competition.id);
        const row = await awards.setPublication(competition.id, { resultsPublishAt: at }, tx);
        await audit.record(tx, {
          competitionId: competition.id,
          actorId: actor.id,
          action: 'results.publication_scheduled',
          entityType: 'competition',
          entityId: competition.id,
          before: { resultsPublishAt: before },
          after: { resultsPublishAt: at },
          requestId,
        });
        return row;
      });
      try {
        await queues.enqueue(
          'publication',
          { competitionId: competition.id, requestedBy: actor.id, scheduledFor: at.toISOString() },
          { dedupeKey: competition.id, delayMs: Math.max(0, at.getTime() - current.getTime()) },
        );
      } catch (err) {
        // Without its job the schedule would never fire: put the previous one back and say so.
        await awards.setPublication(competition.id, { resultsPublishAt: before });
        throw err;
      }
      return publicationOf(after);
    },

    async cancelSchedule(competition: CompetitionRow, { actor, requestId }: Context) {
      if (!competition.resultsPublishAt) {
        throw conflict('awards.no_schedule', 'No publication is scheduled for this competition.');
      }
      await replaceableJob(competition.id);
      const after = await db.transaction(async (tx) => {
        const row = await awards.setPublication(competition.id, { resultsPublishAt: null }, tx);
        await audit.record(tx, {
          competitionId: competition.id,
          actorId: actor.id,
          action: 'results.publication_cancelled',
          entityType: 'competition',
          entityId: competition.id,
          before: { resultsPublishAt: competition.resultsPublishAt },
          after: { resultsPublishAt: null },
          requestId,
        });
        return row;
      });
      return publicationOf(after);
    },

    /** The scheduled job: publishes unless the schedule was moved or cancelled since it was queued. */
    async runScheduledPublication(payload: {
      competitionId: string;
      requestedBy: string;
      scheduledFor: string;
    }) {
      const competition = await competitions.findById(payload.competitionId);
      if (!competition) return { published: [], skipped: 'The competition no longer exists.' };
      if (competition.resultsPublishAt?.toISOString() !== new Date(payload.scheduledFor).toISOString()) {
        return {
          published: [],
          skipped: 'The publication was rescheduled or cancelled after this job was queued.',
        };
      }
      const { publishedIds } = await publishAll(
        competition.id,
        { actor: { id: payload.requestedBy }, requestId: null },
        { allowEmpty: true },
      );
      return {
        published: publishedIds,
        ...(publishedIds.length === 0
          ? { skipped: 'No unpublished award had winners at the scheduled time.' }
          : {}),
      };
    },

    async reveal(competition: CompetitionRow, awardId: string, { actor, requestId }: Context) {
      const at = now();
      const result = await db.transaction(async (tx) => {
        await lockCompetitionAnnouncements(tx, competition.id);
        const award = await awards.findById(awardId, tx);
        if (!award || award.competitionId !== competition.id) throw notFound('That award');
        if (award.publishedAt) {
          throw conflict(
            'awards.already_published',
            `${award.name} was revealed already, at ${award.publishedAt.toISOString()}. Reveal the next award.`,
          );
        }
        const winners = await awards.winnersOf([award.id], tx);
        if (winners.length === 0) {
          throw conflict(
            'awards.no_winners',
            `${award.name} has no winners yet. Choose its winners before revealing it.`,
          );
        }
        const [published] = await awards.publish([award.id], at, tx);
        const [publicAward] = await publicAwards(competition.id, tx, [award.id]);
        const event = await announcements.append(tx, {
          competitionId: competition.id,
          type: 'reveal',
          awardId: award.id,
          data: { awardId: award.id, award: publicAward, revealedAt: at.toISOString() },
        });
        // Once the last award with winners is out, the results as a whole are published.
        const withWinners = await awards.awardIdsWithWinners(competition.id, tx);
        const unpublished = (await awards.listByCompetition(competition.id, tx)).filter(
          (a) => withWinners.includes(a.id) && !a.publishedAt,
        );
        if (unpublished.length === 0)
          await awards.setPublication(competition.id, { resultsPublishedAt: at }, tx);
        await audit.record(tx, {
          competitionId: competition.id,
          actorId: actor.id,
          action: 'award.revealed',
          entityType: 'award',
          entityId: award.id,
          before: { publishedAt: null },
          after: {
            publishedAt: at,
            eventId: event.seq,
            winners: winners.map((w) => ({ entryId: w.entryId, citation: w.citation })),
          },
          requestId,
        });
        return { award: await describeOne(published!, tx), eventId: String(event.seq) };
      });
      await notify(competition.id);
      return result;
    },

    async setFeedback(round: RoundRow, released: boolean, { actor, requestId }: Context) {
      return db.transaction(async (tx) => {
        const row = await competitions.updateRound(
          round.id,
          { feedbackReleasedAt: released ? (round.feedbackReleasedAt ?? now()) : null },
          tx,
        );
        await audit.record(tx, {
          competitionId: round.competitionId,
          actorId: actor.id,
          action: released ? 'round.feedback_released' : 'round.feedback_withdrawn',
          entityType: 'round',
          entityId: round.id,
          before: { feedbackReleasedAt: round.feedbackReleasedAt },
          after: { feedbackReleasedAt: row.feedbackReleasedAt },
          requestId,
        });
        return toRound(
          row,
          await competitions.criteriaOf([row.id], tx),
          await competitions.roundsWithReviews([row.id], tx),
        );
      });
    },

    publicResults,

    async feed(slug: string, baseUrl: string): Promise<ResultsFeed> {
      const results = await publicResults(slug);
      const page = `${baseUrl}/c/${encodeURIComponent(slug)}/results`;
      return {
        version: 'https://jsonfeed.org/version/1.1',
        title: `${results.competition.name}: results`,
        home_page_url: page,
        feed_url: `${baseUrl}/api/v1/public/competitions/${encodeURIComponent(slug)}/feed.json`,
        description: `The published awards of ${results.competition.name}.`,
        language: 'en',
        items: [...results.awards]
          .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt))
          .map((award) => ({
            id: award.id,
            url: `${page}#award-${award.id}`,
            title: award.name,
            content_text: award.winners
              .map(
                (w) =>
                  `${w.title} — ${w.team} (${w.country}${w.track ? `, ${w.track}` : ''})${w.citation ? `: ${w.citation}` : ''}`,
              )
              .join('\n'),
            date_published: award.publishedAt,
            tags: [award.kind, ...(award.track ? [award.track] : [])],
            _wuzhen: { award },
          })),
        _wuzhen: { competition: results.competition },
      };
    },

    async teamResults(userId: string, competitionId: string): Promise<TeamResults> {
      const competition = await competitions.findById(competitionId);
      if (!competition || !(await awards.ownsTeamIn(userId, competitionId)))
        throw notFound('Results of your team in that competition');
      const owned = await awards.entriesOwnedBy(userId, competitionId);
      const ids = owned.map((e) => e.entryId);
      const [held, feedback] = await Promise.all([
        awards.awardsHeldBy(competitionId, ids),
        awards.releasedFeedback(ids),
      ]);
      return {
        competition: {
          id: competition.id,
          name: competition.name,
          slug: competition.slug,
          resultsPublishedAt: competition.resultsPublishedAt?.toISOString() ?? null,
        },
        entries: owned.map((e) => {
          const rounds = new Map<
            string,
            { roundId: string; roundName: string; releasedAt: string; comments: string[] }
          >();
          for (const f of feedback.filter((f) => f.entryId === e.entryId)) {
            const round = rounds.get(f.roundId) ?? {
              roundId: f.roundId,
              roundName: f.roundName,
              releasedAt: f.releasedAt!.toISOString(),
              comments: [],
            };
            round.comments.push(f.comment);
            rounds.set(f.roundId, round);
          }
          return {
            entryId: e.entryId,
            title: e.title,
            team: e.team,
            track: e.track,
            status: e.status,
            // Only what is public: an unpublished award is not even hinted at.
            awards: held
              .filter((h) => h.entryId === e.entryId && h.publishedAt)
              .map((h) => ({
                id: h.awardId,
                name: h.name,
                kind: h.kind,
                level: h.level,
                citation: h.citation,
                publishedAt: h.publishedAt!.toISOString(),
              })),
            feedback: [...rounds.values()],
          };
        }),
      };
    },

    async awardsCsv(competition: CompetitionRow) {
      const list = await awards.listByCompetition(competition.id);
      const winners = await awards.winnersOf(list.map((a) => a.id));
      const tracks = await trackNames(competition.id);
      const rows = resultsOrder(list, tracks.position).flatMap((a): Array<Record<string, unknown>> => {
        const base = {
          award: a.name,
          kind: a.kind,
          level: a.level ?? '',
          scope:
            a.kind === 'prize'
              ? (tracks.name(a.trackId) ?? 'overall')
              : a.eligibleTrackIds.map((t) => tracks.name(t)).join('; ') || 'all tracks',
          slots: a.slots,
          published_at: a.publishedAt ?? '',
        };
        const own = winners.filter((w) => w.awardId === a.id);
        if (own.length === 0) return [{ ...base, winner: '' }];
        return own.map((w) => ({
          ...base,
          winner: w.position,
          entry_id: w.entryId,
          title: w.title,
          team: w.team,
          organization: w.organization,
          country: w.country,
          track: w.track ?? '',
          citation: w.citation,
        }));
      });
      return toCsv({
        rows,
        columns: [
          'award',
          'kind',
          'level',
          'scope',
          'slots',
          'published_at',
          'winner',
          'entry_id',
          'title',
          'team',
          'organization',
          'country',
          'track',
          'citation',
        ],
      });
    },

    async resultsCsv(competition: CompetitionRow) {
      const round = await awards.finalRound(competition.id);
      const snapshot = round ? await awards.latestSnapshot(round) : null;
      if (!round || !snapshot) {
        throw conflict(
          'awards.no_tally',
          'The final round has not been tallied yet, so there are no results to export. Run its tally first.',
        );
      }
      const ranked = snapshotEntries(snapshot.result);
      const ids = ranked.map((r) => r.entryId);
      const [info, held] = await Promise.all([
        awards.entriesByIds(ids),
        awards.awardsHeldBy(competition.id, ids),
      ]);
      const byId = new Map(info.map((e) => [e.entryId, e]));
      const rows = [...ranked]
        .sort((a, b) => a.rank - b.rank || (a.entryId < b.entryId ? -1 : 1))
        .map((r) => {
          const e = byId.get(r.entryId);
          return {
            round: round.name,
            rank: r.rank,
            track_rank: r.trackRank,
            entry_id: r.entryId,
            title: e?.title ?? '',
            team: e?.team ?? '',
            country: e?.country ?? '',
            track: e?.track ?? '',
            status: e?.status ?? '',
            raw_score: r.rawScore ?? '',
            score: r.score ?? r.calibratedScore ?? '',
            interval_low: r.interval?.[0] ?? '',
            interval_high: r.interval?.[1] ?? '',
            reviews: r.reviews,
            tie: r.tie,
            close_call: r.closeCall,
            awards: held
              .filter((h) => h.entryId === r.entryId)
              .map((h) => `${h.name}${h.publishedAt ? '' : ' (unpublished)'}`)
              .join('; '),
          };
        });
      return toCsv({
        rows,
        columns: [
          'round',
          'rank',
          'track_rank',
          'entry_id',
          'title',
          'team',
          'country',
          'track',
          'status',
          'raw_score',
          'score',
          'interval_low',
          'interval_high',
          'reviews',
          'tie',
          'close_call',
          'awards',
        ],
      });
    },

    async reviewsCsv(competition: CompetitionRow) {
      const [list, scores, keys] = await Promise.all([
        awards.reviewsForExport(competition.id),
        awards.scoresForExport(competition.id),
        awards.criteriaKeysOf(competition.id),
      ]);
      const criterionColumns = [...new Set(keys)].map((k) => `score_${k}`);
      const byReview = new Map<string, Record<string, number>>();
      for (const s of scores)
        byReview.set(s.reviewId, { ...(byReview.get(s.reviewId) ?? {}), [`score_${s.key}`]: s.score });
      const rows = list.map((r) => ({
        round: r.roundName,
        entry_id: r.entryId,
        title: r.title,
        team: r.team,
        country: r.country,
        track: r.track ?? '',
        judge: r.judgeName,
        judge_email: r.judgeEmail,
        judge_organization: r.judgeOrganization,
        assignment: r.assignmentStatus,
        status: r.status,
        total: r.total ?? '',
        ...byReview.get(r.reviewId),
        comment: r.comment,
        private_note: r.privateNote,
        submitted_at: r.submittedAt ?? '',
      }));
      return toCsv({
        rows,
        columns: [
          'round',
          'entry_id',
          'title',
          'team',
          'country',
          'track',
          'judge',
          'judge_email',
          'judge_organization',
          'assignment',
          'status',
          'total',
          ...criterionColumns,
          'comment',
          'private_note',
          'submitted_at',
        ],
      });
    },
  };

  /** A pending job of the old schedule goes; one that is running right now cannot be replaced. */
  async function replaceableJob(competitionId: string) {
    const jobId = publicationJobId(competitionId);
    const job = await queues.getJob(jobId);
    if (!job) return;
    if (job.state === 'active') {
      throw conflict(
        'awards.publication_running',
        'The scheduled publication is running right now. Wait a moment and look again.',
      );
    }
    await queues.removeJob(jobId);
  }
}
export type AwardsService = ReturnType<typeof createAwardsService>;
