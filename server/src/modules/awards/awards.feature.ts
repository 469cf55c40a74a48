import type { FastifyInstance } from 'fastify';
import type { FeatureDeps } from '../../app/features.ts';
import { createRedis } from '../../app/redis.ts';
import { createStreamLimits } from '../announcements/announcements.fns.ts';
import {
  announcementsChannel,
  createAnnouncementHub,
  notifyAnnouncement,
} from '../announcements/announcements.hub.ts';
import { createAnnouncementsRepository } from '../announcements/announcements.repository.ts';
import { announcementsRoutes } from '../announcements/announcements.routes.ts';
import { createRoundEntriesRepository } from '../competitions/round-entries.repository.ts';
import { createPublicCache } from './awards.public-cache.ts';
import { createAwardsRepository } from './awards.repository.ts';
import { awardsRoutes } from './awards.routes.ts';
import { createAwardsService } from './awards.service.ts';

/** Awards, publication and the live ceremony: from the tally to the public results page. */
export async function registerAwards(api: FastifyInstance, deps: FeatureDeps) {
  const { db, redis, config, audit, access, competitions, queues, now } = deps;
  const awards = createAwardsRepository({ db });
  const announcements = createAnnouncementsRepository({ db });
  const awardsService = createAwardsService({
    db,
    awards,
    announcements,
    competitions,
    roundEntries: createRoundEntriesRepository({ db }),
    audit,
    queues,
    now,
    notify: (competitionId) => notifyAnnouncement(redis, config.QUEUE_PREFIX, competitionId),
  });
  // Each API process subscribes once, on a connection of its own (a subscribed connection can do
  // nothing else); the hub's close (preClose) ends the streams and quits this connection.
  const hub = createAnnouncementHub({
    repository: announcements,
    subscriber: createRedis(config.REDIS_URL ?? 'redis://127.0.0.1:6379', 'subscriber'),
    channel: announcementsChannel(config.QUEUE_PREFIX),
    log: api.log,
  });
  await hub.ready;
  await api.register(
    awardsRoutes({
      access,
      awardsService,
      awards,
      competitions,
      publicUrl: config.PUBLIC_URL,
      publicCache: createPublicCache(),
    }),
  );
  await api.register(
    announcementsRoutes({
      hub,
      repository: announcements,
      competitions,
      limits: createStreamLimits({
        perAddress: config.EVENT_STREAMS_PER_ADDRESS,
        total: config.EVENT_STREAMS_MAX,
      }),
    }),
  );
}
