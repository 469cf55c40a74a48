import type { FastifyInstance } from 'fastify';
import { advancementRoutes } from '../modules/advancement/advancement.routes.ts';
import { createStreamLimits } from '../modules/announcements/announcements.fns.ts';
import { announcementsChannel, createAnnouncementHub } from '../modules/announcements/announcements.hub.ts';
import { announcementsRoutes } from '../modules/announcements/announcements.routes.ts';
import { assignmentRoutes } from '../modules/assignment/assignment.routes.ts';
import { createPublicCache } from '../modules/awards/awards.public-cache.ts';
import { awardsRoutes } from '../modules/awards/awards.routes.ts';
import { competitionsRoutes } from '../modules/competitions/competitions.routes.ts';
import { entriesRoutes } from '../modules/entries/entries.routes.ts';
import { teamMembersRoutes } from '../modules/entries/team-members.routes.ts';
import { jobsRoutes } from '../modules/jobs/jobs.routes.ts';
import { judgesRoutes } from '../modules/judges/judges.routes.ts';
import { mailRoutes } from '../modules/mail/mail.routes.ts';
import { reviewsRoutes } from '../modules/reviews/reviews.routes.ts';
import { tallyRoutes } from '../modules/tally/tally.routes.ts';
import { uploadsRoutes } from '../modules/uploads/uploads.routes.ts';
import { authRoutes } from '../modules/users/auth.routes.ts';
import { createFailureThrottle } from './failure-throttle.ts';
import { createRedis } from './redis.ts';
import type { AppDeps, Services } from './services.ts';

/**
 * Every route under /api/v1, from the services the composition root (services.ts) built. Only
 * what lives and dies with an HTTP process is made here: the announcement hub's subscriber
 * connection, the public results cache, the invitation throttle, the upload temp sweep.
 */
export async function registerApiRoutes(
  api: FastifyInstance,
  { services: s, deps }: { services: Services; deps: AppDeps },
): Promise<void> {
  const { config, redis, queues, now } = deps;
  const { access, competitions } = s;
  const secureCookies = config.PUBLIC_URL?.startsWith('https:') ?? false;

  await api.register(
    authRoutes({
      usersService: s.usersService,
      secureCookies,
      loginRateLimit: config.LOGIN_RATE_LIMIT,
      publicUrl: config.PUBLIC_URL,
    }),
  );
  await api.register(mailRoutes({ access, outbox: s.outbox }));
  await api.register(
    competitionsRoutes({
      access,
      competitionsService: s.competitionsService,
      competitions,
      audit: s.audit,
      now,
    }),
  );
  await api.register(jobsRoutes({ queues, access }));

  // Reviews, live scoring, the tally and advancement.
  await api.register(
    reviewsRoutes({
      access,
      competitions,
      reviewsService: s.reviewsService,
      remindersService: s.remindersService,
      liveService: s.liveService,
      publicUrl: config.PUBLIC_URL,
    }),
  );
  await api.register(tallyRoutes({ access, competitions, tallyService: s.tallyService }));
  await api.register(advancementRoutes({ access, competitions, advancementService: s.advancementService }));

  // Awards, publication and the live ceremony. Each API process subscribes once, on a connection of
  // its own (a subscribed connection can do nothing else); the hub's close (preClose) ends the
  // streams and quits this connection.
  const hub = createAnnouncementHub({
    repository: s.announcements,
    subscriber: createRedis(config.REDIS_URL ?? 'redis://127.0.0.1:6379', 'subscriber'),
    channel: announcementsChannel(config.QUEUE_PREFIX),
    log: api.log,
  });
  await hub.ready;
  await api.register(
    awardsRoutes({
      access,
      awardsService: s.awardsService,
      publicationService: s.publicationService,
      resultsService: s.awardsResultsService,
      exportsService: s.awardsExportsService,
      awards: s.awards,
      competitions,
      publicUrl: config.PUBLIC_URL,
      publicCache: createPublicCache(),
    }),
  );
  await api.register(
    announcementsRoutes({
      hub,
      repository: s.announcements,
      competitions,
      limits: createStreamLimits({
        perAddress: config.EVENT_STREAMS_PER_ADDRESS,
        total: config.EVENT_STREAMS_MAX,
      }),
    }),
  );

  // Submissions: teams, entries and their files. Temporary files older than a day are what a
  // crashed process left behind mid-upload.
  api.addHook('onClose', () => s.storage.close());
  await s.storage.sweepTemp(24 * 3600_000, now());
  await api.register(
    entriesRoutes({ access, entriesService: s.entriesService, publicUrl: config.PUBLIC_URL }),
  );
  await api.register(uploadsRoutes({ uploadsService: s.uploadsService }));
  await api.register(teamMembersRoutes({ teamMembers: s.teamMembersService, publicUrl: config.PUBLIC_URL }));

  // Judges, invitations, conflicts and the assignment.
  await api.register(
    judgesRoutes({
      access,
      judges: s.judges,
      judgesService: s.judgesService,
      conflictsService: s.conflicts,
      endConflictedAssignments: s.assignmentService.endConflictedAssignments,
      invitationsService: s.invitationsService,
      usersService: s.usersService,
      invitationFailures: createFailureThrottle({
        redis,
        prefix: `${config.QUEUE_PREFIX}:invitations`,
        max: config.LOGIN_RATE_LIMIT,
      }),
      publicUrl: config.PUBLIC_URL,
      secureCookies,
    }),
  );
  await api.register(
    assignmentRoutes({ access, repo: s.assignments, assignmentService: s.assignmentService }),
  );
}
