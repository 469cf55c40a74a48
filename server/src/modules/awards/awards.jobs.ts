import type { JobProcessor } from '../../app/queue.ts';
import type { PublicationService } from './awards.publication.service.ts';

/** The scheduled publication: a thin adapter over the service the routes use. */
export function publicationProcessor({
  publicationService,
}: {
  publicationService: Pick<PublicationService, 'runScheduledPublication'>;
}): JobProcessor<'publication'> {
  return async (payload, { progress }) => {
    await progress(10, 'publishing');
    const result = await publicationService.runScheduledPublication(payload);
    await progress(100, result.published.length > 0 ? 'published' : 'nothingToPublish', {
      count: result.published.length,
    });
    return result;
  };
}
