import type { Redis } from 'ioredis';
import type { Db } from '../../app/db.ts';
import type { JobProcessor, Queues } from '../../app/queue.ts';
import { notifyAnnouncement } from '../announcements/announcements.hub.ts';
import { createAnnouncementsRepository } from '../announcements/announcements.repository.ts';
import { createAuditService } from '../audit/audit.service.ts';
import { createCompetitionsRepository } from '../competitions/competitions.repository.ts';
import { createPublicationService } from './awards.publication.service.ts';
import { createAwardsRepository } from './awards.repository.ts';
import { createAwardsView } from './awards.view.ts';

/**
 * The worker's Redis, borrowed from the publication queue (the worker's composition root hands
 * processors no Redis of their own): it announces a scheduled publication to the API processes.
 */
function queueRedis(queues: Queues): { redis: Pick<Redis, 'publish'> | null; prefix: string } {
  const queue = queues.queues.get('publication');
  const connection = queue?.opts.connection as Partial<Redis> | undefined;
  return {
    redis: connection && typeof connection.publish === 'function' ? (connection as Redis) : null,
    prefix: queue?.opts.prefix ?? 'bull',
  };
}

/** The scheduled publication: a thin adapter over the service the routes use. */
export function createPublicationProcessor({
  db,
  queues,
  now,
}: {
  db: Db;
  queues: Queues;
  now: () => Date;
}): JobProcessor<'publication'> {
  const { redis, prefix } = queueRedis(queues);
  const awards = createAwardsRepository({ db });
  const competitions = createCompetitionsRepository({ db });
  const publicationService = createPublicationService({
    db,
    awards,
    view: createAwardsView({ db, awards, competitions }),
    announcements: createAnnouncementsRepository({ db }),
    competitions,
    audit: createAuditService({ db }),
    queues,
    now,
    // Without a Redis to publish on, the API processes' poll delivers the announcement.
    notify: async (competitionId) => {
      if (redis) await notifyAnnouncement(redis, prefix, competitionId);
    },
  });
  return async (payload, { progress }) => {
    await progress(10, 'publishing');
    const result = await publicationService.runScheduledPublication(payload);
    await progress(100, result.published.length > 0 ? 'published' : 'nothingToPublish', {
      count: result.published.length,
    });
    return result;
  };
}
