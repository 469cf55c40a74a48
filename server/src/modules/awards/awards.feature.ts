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
import { createAwardsExportsService } from './awards.exports.service.ts';
import { createPublicCache } from './awards.public-cache.ts';
import { createPublicationService } from './awards.publication.service.ts';
import { createAwardsRepository } from './awards.repository.ts';
import { createAwardsResultsService } from './awards.results.service.ts';
import { awardsRoutes } from './awards.routes.ts';
import { createAwardsService } from './awards.service.ts';
import { createAwardsView } from './awards.view.ts';

/** Awards, publication and the live ceremony: from the tally to the public results page. */
export async function registerAwards(api: FastifyInstance, deps: FeatureDeps) {
  const { db, redis, config, audit, access, competitions, queues, now } = deps;
  const awards = createAwardsRepository({ db });
  const announcements = createAnnouncementsRepository({ db });
  const view = createAwardsView({ db, awards, competitions });
  const awardsService = createAwardsService({
    db,
    awards,
    view,
    roundEntries: createRoundEntriesRepository({ db }),
    audit,
    now,
  });
  const publicationService = createPublicationService({
    db,
    awards,
    view,
    announcements,
    competitions,
    audit,
    queues,
    now,
    notify: (competitionId) => notifyAnnouncement(redis, config.QUEUE_PREFIX, competitionId),
  });
  const resultsService = createAwardsResultsService({
    db,
    awards,
    competitions,
    publication: publicationService,
    audit,
    now,
  });
  const exportsService = createAwardsExportsService({ awards, view });
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
      publicationService,
      resultsService,
      exportsService,
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
