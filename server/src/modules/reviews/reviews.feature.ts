import type { FastifyInstance } from 'fastify';
import type { FeatureDeps } from '../../app/features.ts';
import { advancementRoutes } from '../advancement/advancement.routes.ts';
import { createAdvancementService } from '../advancement/advancement.service.ts';
import { createRoundEntriesRepository } from '../competitions/round-entries.repository.ts';
import { createTallyRepository } from '../tally/tally.repository.ts';
import { tallyRoutes } from '../tally/tally.routes.ts';
import { createTallyService } from '../tally/tally.service.ts';
import { createLiveService } from './live.service.ts';
import { createReviewsRepository } from './reviews.repository.ts';
import { reviewsRoutes } from './reviews.routes.ts';
import { createReviewsService } from './reviews.service.ts';

/** Reviews, live scoring, the tally and advancement: from a judge's score to who advances. */
export async function registerReviewsAndTally(api: FastifyInstance, deps: FeatureDeps) {
  const { db, audit, access, conflicts, competitions, queues, now } = deps;
  const reviews = createReviewsRepository({ db });
  const roundEntries = createRoundEntriesRepository({ db });
  const tally = createTallyRepository({ db });
  const reviewsService = createReviewsService({ db, reviews, conflicts, audit, now });
  const liveService = createLiveService({ db, reviews, conflicts, competitions, roundEntries, audit, now });
  const tallyService = createTallyService({
    db,
    tally,
    reviews,
    conflicts,
    competitions,
    roundEntries,
    audit,
    queues,
  });
  const advancementService = createAdvancementService({
    db,
    tally,
    tallyService,
    competitions,
    roundEntries,
    audit,
    now,
  });
  await api.register(reviewsRoutes({ access, competitions, reviewsService, liveService }));
  await api.register(tallyRoutes({ access, competitions, tallyService }));
  await api.register(advancementRoutes({ access, competitions, advancementService }));
}
