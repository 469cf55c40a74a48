import type { FastifyInstance } from 'fastify';
import { registerJudgesAndAssignment } from '../modules/assignment/assignment.feature.ts';
import type { AuditService } from '../modules/audit/audit.service.ts';
import { registerAwards } from '../modules/awards/awards.feature.ts';
import type { CompetitionsRepository } from '../modules/competitions/competitions.repository.ts';
import type { CompetitionsService } from '../modules/competitions/competitions.service.ts';
import { registerEntries } from '../modules/entries/entries.feature.ts';
import type { ConflictsService } from '../modules/judges/conflicts.service.ts';
import type { Outbox } from '../modules/mail/mail.service.ts';
import { registerReviewsAndTally } from '../modules/reviews/reviews.feature.ts';
import type { Passwords } from '../modules/users/passwords.ts';
import type { UsersRepository } from '../modules/users/users.repository.ts';
import type { UsersService } from '../modules/users/users.service.ts';
import type { Access } from './auth.ts';
import type { AppDeps } from './server.ts';

export type FeatureDeps = AppDeps & {
  audit: AuditService;
  access: Access;
  conflicts: ConflictsService;
  competitions: CompetitionsRepository;
  competitionsService: CompetitionsService;
  usersRepository: UsersRepository;
  usersService: UsersService;
  outbox: Outbox;
  passwords: Passwords;
};

/**
 * Where each feature (submissions, judges, assignment, reviews, tally, awards) wires its
 * repositories, services and routes under /api/v1. One line per feature keeps the composition root
 * readable and lets features land independently.
 */
export async function registerFeatureRoutes(api: FastifyInstance, deps: FeatureDeps): Promise<void> {
  await registerReviewsAndTally(api, deps);
  await registerAwards(api, deps);
  await registerEntries(api, deps);
  await registerJudgesAndAssignment(api, deps);
}
