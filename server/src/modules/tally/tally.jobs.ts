import type { JobProcessor } from '../../app/queue.ts';
import type { TallyService } from './tally.service.ts';

/** The worker's side of the tally: a thin adapter over the service the routes use. */
export function tallyProcessor({
  tallyService,
}: {
  tallyService: Pick<TallyService, 'runTally'>;
}): JobProcessor<'tally'> {
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
