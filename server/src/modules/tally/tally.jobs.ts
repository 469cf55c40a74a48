import type { Db } from '../../app/db.ts';
import type { JobProcessor } from '../../app/queue.ts';
import { createAuditService } from '../audit/audit.service.ts';
import { createCompetitionsRepository } from '../competitions/competitions.repository.ts';
import { createRoundEntriesRepository } from '../competitions/round-entries.repository.ts';
import { createConflictsService } from '../judges/conflicts.service.ts';
import { createJudgesRepository } from '../judges/judges.repository.ts';
import { createReviewsRepository } from '../reviews/reviews.repository.ts';
import { createTallyRepository } from './tally.repository.ts';
import { createTallyService } from './tally.service.ts';

/** The worker's side of the tally: a thin adapter over the service the routes use. */
export function createTallyProcessor({ db }: { db: Db }): JobProcessor<'tally'> {
  const competitions = createCompetitionsRepository({ db });
  const audit = createAuditService({ db });
  const tallyService = createTallyService({
    db,
    tally: createTallyRepository({ db }),
    reviews: createReviewsRepository({ db }),
    conflicts: createConflictsService({ db, judges: createJudgesRepository({ db }), competitions, audit }),
    competitions,
    roundEntries: createRoundEntriesRepository({ db }),
    audit,
  });
  return (payload, { progress, jobId }) =>
    tallyService.runTally({
      roundId: payload.roundId,
      method: payload.method,
      cutoffPerTrack: payload.cutoffPerTrack,
      requestedBy: payload.requestedBy,
      jobId,
      progress,
    });
}
