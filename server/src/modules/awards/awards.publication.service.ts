// Publication of the results: publish now, on a schedule (a delayed job), or award by award in
// the live ceremony; each in one transaction with its announcement and audit record.
import type { Publication, PublicResults } from '@wuzhen/shared';
import type { Db, DbOrTx } from '../../app/db.ts';
import { notFound } from '../../app/errors.ts';
import type { Queues } from '../../app/queue.ts';
import type { Actor } from '../../app/request-context.ts';
import type { AnnouncementsRepository } from '../announcements/announcements.repository.ts';
import { lockCompetitionAnnouncements } from '../announcements/announcements.repository.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CompetitionRow, CompetitionsRepository } from '../competitions/competitions.repository.ts';
import { closeSubmissions } from '../competitions/submissions-close.ts';
import type { Outbox } from '../mail/mail.service.ts';
import type { TeamNotices } from '../mail/team-notices.ts';
import { awardsErrors } from './awards.errors.ts';
import type { AwardsRepository } from './awards.repository.ts';
import type { AwardsView } from './awards.view.ts';

/** The job id of a competition's scheduled publication: one per competition, replaced on reschedule. */
export const publicationJobId = (competitionId: string) => `publication-${competitionId}`;

export function createPublicationService({
  db,
  awards,
  view,
  announcements,
  competitions,
  audit,
  queues,
  now,
  notify,
  teamNotices,
  outbox,
  mailOrigin,
}: {
  db: Db;
  awards: Pick<
    AwardsRepository,
    'awardIdsWithWinners' | 'findById' | 'listByCompetition' | 'publish' | 'winnersOf'
  >;
  view: Pick<AwardsView, 'describeOne' | 'publicAwards'>;
  announcements: Pick<AnnouncementsRepository, 'append' | 'lastSeq'>;
  competitions: Pick<CompetitionsRepository, 'finalRound' | 'findById' | 'findBySlug' | 'update'>;
  audit: Pick<AuditService, 'record'>;
  queues: Pick<Queues, 'enqueue' | 'getJob' | 'removeJob'>;
  now: () => Date;
  /** Tells every API process that the competition has a new announcement (after commit). */
  notify: (competitionId: string) => Promise<void>;
  /** Every team hears by mail when the results come out, written with the publication. */
  teamNotices: Pick<TeamNotices, 'resultsReleased'>;
  outbox: Pick<Outbox, 'dispatch'>;
  /** PUBLIC_URL, or the local address: for links in mails that no request carries. */
  mailOrigin: string;
}) {
  const { describeOne, publicAwards } = view;

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
   * The first time a competition's results come out, every team with a submitted entry hears of
   * it, in the transaction that publishes them. Returns the mails' ids.
   */
  async function announceResults(tx: DbOrTx, competition: CompetitionRow, origin: string | undefined) {
    const final = await competitions.finalRound(competition.id, tx);
    return teamNotices.resultsReleased(
      tx,
      competition,
      final?.name ?? competition.name,
      origin ?? mailOrigin,
    );
  }

  /**
   * Publishes every unpublished award that has winners, in one transaction with its announcement
   * and audit record. Used by "publish now" and by the scheduled job (no request, no origin: its
   * mails link to `mailOrigin`).
   */
  async function publishAll(
    actor: Actor,
    competitionId: string,
    { allowEmpty, origin }: { allowEmpty: boolean; origin?: string },
    requestId: string | null,
  ) {
    const at = now();
    const result = await db.transaction(async (tx) => {
      await lockCompetitionAnnouncements(tx, competitionId);
      const ids = await awards.awardIdsWithWinners(competitionId, tx);
      if (ids.length === 0 && !allowEmpty) {
        throw awardsErrors.nothingToPublish();
      }
      const published = await awards.publish(ids, at, tx);
      const before = await competitions.findById(competitionId, tx);
      const competition = await competitions.update(
        competitionId,
        ids.length > 0 ? { resultsPublishedAt: at, resultsPublishAt: null } : { resultsPublishAt: null },
        tx,
      );
      const publishedIds = published.map((a) => a.id);
      const mailIds =
        publishedIds.length > 0 && !before?.resultsPublishedAt
          ? await announceResults(tx, competition, origin)
          : [];
      if (publishedIds.length > 0)
        await closeSubmissions(tx, audit, {
          competitionId,
          at,
          because: 'awards_published',
          actorId: actor.id,
          requestId,
        });
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
      return { competition, publishedIds, mailIds };
    });
    if (result.publishedIds.length > 0) await notify(competitionId);
    await outbox.dispatch(result.mailIds);
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
        nameZh: competition.nameZh,
        slug: competition.slug,
        description: competition.description,
        descriptionZh: competition.descriptionZh,
        timezone: competition.timezone,
        resultsPublishedAt: competition.resultsPublishedAt?.toISOString() ?? null,
      },
      awards: await publicAwards(competition.id),
      lastEventId: String(lastEventId),
    };
  }
  /** A pending job of the old schedule goes; one that is running right now cannot be replaced. */
  async function replaceableJob(competitionId: string) {
    const jobId = publicationJobId(competitionId);
    const job = await queues.getJob(jobId);
    if (!job) return;
    if (job.state === 'active') {
      throw awardsErrors.publicationRunning();
    }
    await queues.removeJob(jobId);
  }

  return {
    publicResults,

    publication: (competition: CompetitionRow) => publicationOf(competition),

    /** `origin`: where links in the mails point (the request's address). */
    async publishNow(actor: Actor, competition: CompetitionRow, origin: string, requestId: string) {
      const hadSchedule = competition.resultsPublishAt !== null;
      const { competition: after, publishedIds } = await publishAll(
        actor,
        competition.id,
        { allowEmpty: false, origin },
        requestId,
      );
      // The schedule is moot now: its job would find nothing left to publish, but it should not linger.
      if (hadSchedule) await queues.removeJob(publicationJobId(competition.id)).catch(() => {});
      return publicationOf(after, publishedIds);
    },

    async schedule(actor: Actor, competition: CompetitionRow, at: Date, requestId: string) {
      const current = now();
      if (at.getTime() <= current.getTime()) {
        throw awardsErrors.publishTimePast(current, competition.timezone);
      }
      await replaceableJob(competition.id);
      const before = competition.resultsPublishAt;
      const after = await db.transaction(async (tx) => {
        await lockCompetitionAnnouncements(tx, competition.id);
        const row = await competitions.update(competition.id, { resultsPublishAt: at }, tx);
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
        await competitions.update(competition.id, { resultsPublishAt: before });
        throw err;
      }
      return publicationOf(after);
    },

    async cancelSchedule(actor: Actor, competition: CompetitionRow, requestId: string) {
      if (!competition.resultsPublishAt) {
        throw awardsErrors.noSchedule();
      }
      await replaceableJob(competition.id);
      const after = await db.transaction(async (tx) => {
        const row = await competitions.update(competition.id, { resultsPublishAt: null }, tx);
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
        { id: payload.requestedBy },
        competition.id,
        { allowEmpty: true },
        null,
      );
      return {
        published: publishedIds,
        ...(publishedIds.length === 0
          ? { skipped: 'No unpublished award had winners at the scheduled time.' }
          : {}),
      };
    },

    /** `origin`: where links in the mails point (the request's address). */
    async reveal(
      actor: Actor,
      competition: CompetitionRow,
      awardId: string,
      origin: string,
      requestId: string,
    ) {
      const at = now();
      const result = await db.transaction(async (tx) => {
        await lockCompetitionAnnouncements(tx, competition.id);
        const award = await awards.findById(awardId, tx);
        if (!award || award.competitionId !== competition.id) throw notFound('That award');
        if (award.publishedAt) {
          throw awardsErrors.alreadyRevealed(award, award.publishedAt, competition.timezone);
        }
        const winners = await awards.winnersOf([award.id], tx);
        if (winners.length === 0) {
          throw awardsErrors.noWinners(award);
        }
        const [published] = await awards.publish([award.id], at, tx);
        const [publicAward] = await publicAwards(competition.id, tx, [award.id]);
        const event = await announcements.append(tx, {
          competitionId: competition.id,
          type: 'reveal',
          awardId: award.id,
          data: { awardId: award.id, award: publicAward, revealedAt: at.toISOString() },
        });
        await closeSubmissions(tx, audit, {
          competitionId: competition.id,
          at,
          because: 'awards_published',
          actorId: actor.id,
          requestId,
        });
        // Once the last award with winners is out, the results as a whole are published.
        const withWinners = await awards.awardIdsWithWinners(competition.id, tx);
        const unpublished = (await awards.listByCompetition(competition.id, tx)).filter(
          (a) => withWinners.includes(a.id) && !a.publishedAt,
        );
        let mailIds: string[] = [];
        if (unpublished.length === 0) {
          const before = await competitions.findById(competition.id, tx);
          const after = await competitions.update(competition.id, { resultsPublishedAt: at }, tx);
          if (!before?.resultsPublishedAt) mailIds = await announceResults(tx, after, origin);
        }
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
        return { award: await describeOne(published!, tx), eventId: String(event.seq), mailIds };
      });
      await notify(competition.id);
      await outbox.dispatch(result.mailIds);
      return { award: result.award, eventId: result.eventId };
    },
  };
}
export type PublicationService = ReturnType<typeof createPublicationService>;
