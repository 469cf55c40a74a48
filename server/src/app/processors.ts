import { createAssignmentProcessor } from '../modules/assignment/assignment.jobs.ts';
import { createPublicationProcessor } from '../modules/awards/awards.jobs.ts';
import { createMailProcessors } from '../modules/mail/mail.jobs.ts';
import type { MailTransport } from '../modules/mail/mail.service.ts';
import { createTallyProcessor } from '../modules/tally/tally.jobs.ts';
import type { Config } from './config.ts';
import type { Db } from './db.ts';
import type { JobProcessors, Queues } from './queue.ts';

export type WorkerDeps = {
  db: Db;
  queues: Queues;
  now: () => Date;
  config: Config;
  /** Replaces the SMTP transport built from SMTP_URL. */
  mailTransport?: MailTransport;
};

/**
 * The worker's composition root: each feature adds its processor here as a thin adapter over the
 * same service its routes call.
 */
export function createJobProcessors(deps: WorkerDeps): JobProcessors {
  return {
    tally: createTallyProcessor(deps),
    publication: createPublicationProcessor(deps),
    assignment: createAssignmentProcessor(deps),
    ...createMailProcessors({ ...deps, transport: deps.mailTransport }),
  };
}
