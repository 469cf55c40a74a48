import { slugSchema } from '@wuzhen/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../app/errors.ts';
import type { CompetitionsRepository } from '../competitions/competitions.repository.ts';
import { announcementsErrors } from './announcements.errors.ts';
import {
  type createStreamLimits,
  formatComment,
  formatEvent,
  formatRetry,
  parseLastEventId,
  startingSeq,
} from './announcements.fns.ts';
import type { AnnouncementHub } from './announcements.hub.ts';
import type { AnnouncementsRepository } from './announcements.repository.ts';

/** How long a browser waits before it reconnects after the stream drops. */
const reconnectMs = 3_000;

/**
 * The hub hands the same frame to every listener of a competition: format and encode it once, and
 * write the same bytes to each stream (10,000 JSON.stringify and UTF-8 encodings of one award per
 * reveal in a full hall otherwise).
 */
const formatted = new WeakMap<object, Buffer>();
function formatOnce(frame: Parameters<typeof formatEvent>[0]) {
  let bytes = formatted.get(frame);
  if (bytes === undefined) {
    bytes = Buffer.from(formatEvent(frame));
    formatted.set(frame, bytes);
  }
  return bytes;
}

export const announcementsRoutes =
  ({
    hub,
    repository,
    competitions,
    limits,
  }: {
    hub: AnnouncementHub;
    limits: ReturnType<typeof createStreamLimits>;
    repository: Pick<AnnouncementsRepository, 'lastSeq'>;
    competitions: Pick<CompetitionsRepository, 'findBySlug'>;
  }): FastifyPluginAsyncZod =>
  async (app) => {
    // End the open streams before the HTTP server waits for its connections to finish.
    app.addHook('preClose', async () => {
      await hub.close();
    });

    app.get(
      '/public/competitions/:slug/events',
      {
        schema: {
          tags: ['public', 'awards'],
          summary:
            'Live announcements as server-sent events: one `reveal` event per award revealed in the ceremony',
          description:
            'A `text/event-stream`. Each event has an `id:` that increases per competition; `reveal` events carry `{ awardId, award, revealedAt }`, `published` events `{ awardIds, awards, publishedAt }`. ' +
            'On reconnect, send `Last-Event-ID` (EventSource does this itself) and the missed events are replayed in order. ' +
            'A page that read the results first passes their `lastEventId` as the `lastEventId` query. Comment lines are heartbeats.',
          params: z.object({ slug: slugSchema }),
          querystring: z.object({ lastEventId: z.string().trim().max(20).optional() }),
          response: { 200: z.string().describe('text/event-stream') },
        },
      },
      async (request, reply) => {
        const competition = await competitions.findBySlug(request.params.slug);
        if (!competition) throw notFound('That competition');
        const lastEventId = parseLastEventId({
          header: request.headers['last-event-id'],
          query: request.query.lastEventId,
        });
        const lastSeq = startingSeq({ lastEventId, lastSeq: await repository.lastSeq(competition.id) });

        const place = limits.take(request.ip);
        if (place !== 'ok') {
          reply.header('retry-after', String(reconnectMs / 1000));
          throw place === 'address' ? announcementsErrors.tooManyStreams() : announcementsErrors.serverBusy();
        }
        // The place is given back when the connection closes, however the stream ends.
        reply.raw.on('close', () => limits.release(request.ip));

        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
          'x-request-id': request.id,
        });
        res.write(formatRetry(reconnectMs));
        res.write(formatComment(`connected to ${competition.slug} after event ${lastSeq}`));

        const write = (chunk: string | Buffer) => {
          if (!res.writableEnded && !res.destroyed) res.write(chunk);
        };
        const { unsubscribe } = hub.subscribe(competition.id, {
          lastSeq,
          send: (frame) => write(formatOnce(frame)),
          heartbeat: () => write(formatComment(`heartbeat ${new Date().toISOString()}`)),
          end: () => {
            if (!res.writableEnded) res.end();
          },
        });
        // The viewer left (or the server ended the stream): forget the listener.
        res.on('close', unsubscribe);
        return reply;
      },
    );
  };
