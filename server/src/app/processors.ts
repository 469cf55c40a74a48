import { assignmentProcessor } from '../modules/assignment/assignment.jobs.ts';
import { publicationProcessor } from '../modules/awards/awards.jobs.ts';
import { mailProcessors } from '../modules/mail/mail.jobs.ts';
import { tallyProcessor } from '../modules/tally/tally.jobs.ts';
import type { JobProcessors } from './queue.ts';
import type { Services } from './services.ts';

/**
 * The worker's processors: each a thin adapter over the same service its routes call, taken from
 * the one composition root (services.ts). The API and the worker build the same services.
 */
export function createJobProcessors(services: Services): JobProcessors {
  return {
    tally: tallyProcessor({ tallyService: services.tallyService }),
    publication: publicationProcessor({ publicationService: services.publicationService }),
    assignment: assignmentProcessor({ service: services.assignmentService, runs: services.assignmentRuns }),
    ...mailProcessors({ delivery: services.mailDelivery, enqueue: services.enqueueMail }),
  };
}
