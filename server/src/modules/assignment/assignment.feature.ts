import type { FastifyInstance } from 'fastify';
import { createFailureThrottle } from '../../app/failure-throttle.ts';
import type { FeatureDeps } from '../../app/features.ts';
import { createRoundEntriesRepository } from '../competitions/round-entries.repository.ts';
import { createInvitationsService } from '../judges/invitations.service.ts';
import { createJudgesRepository } from '../judges/judges.repository.ts';
import { judgesRoutes } from '../judges/judges.routes.ts';
import { createJudgesService } from '../judges/judges.service.ts';
import { createAssignmentRuns } from './assignment.jobs.ts';
import { createAssignmentRepository } from './assignment.repository.ts';
import { assignmentRoutes } from './assignment.routes.ts';
import { createAssignmentService } from './assignment.service.ts';

/** Judges, invitations, conflicts and the assignment: repositories, then services, then routes. */
export async function registerJudgesAndAssignment(api: FastifyInstance, deps: FeatureDeps) {
  const { db, audit, access, competitions, config, queues, now, conflicts: conflictsService } = deps;
  const judges = createJudgesRepository({ db });
  const judgesService = createJudgesService({ db, judges, competitions, audit, outbox: deps.outbox, now });
  const invitationsService = createInvitationsService({
    db,
    judges,
    audit,
    passwords: deps.passwords,
    now,
  });
  const repo = createAssignmentRepository({ db });
  const assignmentService = createAssignmentService({
    db,
    repo,
    roundEntries: createRoundEntriesRepository({ db }),
    competitions,
    judges,
    conflictsService,
    audit,
    queues,
    runs: createAssignmentRuns(queues),
    now,
  });

  await api.register(
    judgesRoutes({
      access,
      judges,
      judgesService,
      conflictsService,
      endConflictedAssignments: assignmentService.endConflictedAssignments,
      invitationsService,
      usersService: deps.usersService,
      invitationFailures: createFailureThrottle({
        redis: deps.redis,
        prefix: `${config.QUEUE_PREFIX}:invitations`,
        max: config.LOGIN_RATE_LIMIT,
      }),
      publicUrl: config.PUBLIC_URL,
      secureCookies: config.PUBLIC_URL?.startsWith('https:') ?? false,
    }),
  );
  await api.register(assignmentRoutes({ access, repo, assignmentService }));
}
