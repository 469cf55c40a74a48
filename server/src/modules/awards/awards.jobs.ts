import type { Redis } from 'ioredis';
import type { Db } from '../../app/db.ts';
import type { JobProcessor, Queues } from '../../app/queue.ts';
import { notifyAnnouncement } from '../announcements/announcements.hub.ts';
import { createAnnouncementsRepository } from '../announcements/announcements.repository.ts';
import { createAuditService } from '../audit/audit.service.ts';
import { createCompetitionsRepository } from '../competitions/competitions.repository.ts';
import { createRoundEntriesRepository } from '../competitions/round-entries.repository.ts';
import { createAwardsRepository } from './awards.repository.ts';
import { createAwardsService } from './awards.service.ts';

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
  const awardsService = createAwardsService({
    db,
    awards: createAwardsRepository({ db }),
    announcements: createAnnouncementsRepository({ db }),
    competitions: createCompetitionsRepository({ db }),
    roundEntries: createRoundEntriesRepository({ db }),
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
    const result = await awardsService.runScheduledPublication(payload);
    await progress(100, result.published.length > 0 ? 'published' : 'nothingToPublish', {
      count: result.published.length,
    });
    return result;
  };
}
