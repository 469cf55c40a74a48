// Live announcements over real HTTP: server-sent events from two API processes sharing one
// database and one Redis. Every viewer gets every reveal exactly once, in order, including a
// viewer that drops and reconnects with Last-Event-ID.
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../../server/src/app/server.ts';
import { announcementsChannel } from '../../server/src/modules/announcements/announcements.hub.ts';
import {
  createAgent,
  organizerEmail,
  organizerPassword,
  startTestApp,
  type TestApp,
} from '../support/app.ts';
import { type Setup, setupAwards } from './awards.fixtures.ts';

type SseEvent = { id: string | null; event: string; data: any };

/** A minimal EventSource over fetch: collects events and comments, and says when the stream ends. */
async function openStream(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: controller.signal,
  });
  const events: SseEvent[] = [];
  const comments: string[] = [];
  let retry: number | null = null;
  let ended = false;
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const done = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          let id: string | null = null;
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else if (line.startsWith('id: ')) id = line.slice(4);
            else if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
            else if (line.startsWith('retry: ')) retry = Number(line.slice(7));
          }
          if (data.length > 0) events.push({ id, event, data: JSON.parse(data.join('\n')) });
        }
      }
    } catch {
      // aborted by the test
    }
    ended = true;
  })();
  const stream = {
    response,
    events,
    comments,
    retry: () => retry,
    ended: () => ended,
    ids: () => events.map((e) => e.id),
    async waitFor(what: string, predicate: () => boolean, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline)
          throw new Error(
            `timed out waiting for ${what}; events so far: ${JSON.stringify(events.map((e) => [e.id, e.event]))}`,
          );
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async close() {
      controller.abort();
      await done;
    },
    done,
  };
  await stream.waitFor('the connected comment', () => comments.some((c) => c.startsWith('connected')));
  return stream;
}

let t: TestApp;
let second: FastifyInstance;
let secondUrl = '';
let s: Setup;
let redis: Redis;
const awardIds: string[] = [];

beforeAll(async () => {
  t = await startTestApp({ listen: true });
  // A second API process: same configuration, same database and Redis, its own connections.
  second = await buildApp({ config: t.config });
  secondUrl = await second.listen({ port: 0, host: '127.0.0.1' });
  redis = new Redis(t.config.REDIS_URL!);
  s = await setupAwards(t, { perTrack: 3 });
  for (let i = 0; i < 5; i++) {
    const created = await s.organizer.post(`/api/v1/competitions/${s.competition.id}/awards`, {
      name: `Award number ${i + 1}`,
      kind: 'special',
      slots: 1,
    });
    awardIds.push(created.body.award.id);
    await s.organizer.put(`/api/v1/awards/${created.body.award.id}/winners`, [
      { entryId: s.entries[i]!.id, citation: `Citation ${i + 1}` },
    ]);
  }
});
afterAll(async () => {
  redis?.disconnect();
  await second?.close().catch(() => {});
  await t?.close();
});

const eventsUrl = (base: string) => `${base}/api/v1/public/competitions/${s.slug}/events`;
const reveal = (agent: ReturnType<typeof createAgent>, awardId: string) =>
  agent.post(`/api/v1/competitions/${s.competition.id}/reveal`, { awardId });

describe('live announcements', () => {
  test('each API process subscribes once to the announcements channel', async () => {
    const [, count] = (await redis.pubsub('NUMSUB', announcementsChannel(t.config.QUEUE_PREFIX))) as [
      string,
      number,
    ];
    expect(Number(count)).toBe(2);
  });

  test('an unknown competition is a 404 in the error format, not a stream', async () => {
    const reply = await fetch(`${t.baseUrl}/api/v1/public/competitions/no-such-cup/events`);
    expect(reply.status).toBe(404);
    expect((await reply.json()).error.code).toBe('request.not_found');
  });

  test('two viewers on two processes get every reveal once, in order, one of them across a reconnect', async () => {
    const viewerA = await openStream(eventsUrl(t.baseUrl));
    let viewerB = await openStream(eventsUrl(secondUrl));
    expect(viewerA.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(viewerA.response.headers.get('cache-control')).toContain('no-cache');
    expect(viewerA.retry()).toBe(3000);

    // Revealed through the first process: both see it.
    const first = await reveal(s.organizer, awardIds[0]!);
    expect(first.status).toBe(200);
    expect(first.body.eventId).toBe('1');
    await viewerA.waitFor('reveal 1 on A', () => viewerA.events.length === 1);
    await viewerB.waitFor('reveal 1 on B', () => viewerB.events.length === 1);
    for (const viewer of [viewerA, viewerB]) {
      const [event] = viewer.events;
      expect(event).toMatchObject({ id: '1', event: 'reveal', data: { awardId: awardIds[0] } });
      expect(event!.data.award).toMatchObject({
        id: awardIds[0],
        name: 'Award number 1',
        winners: [{ entryId: s.entries[0]!.id, citation: 'Citation 1' }],
      });
      expect(JSON.stringify(event!.data)).not.toMatch(/score|rank|judge/i);
    }

    // B drops; a reveal happens while it is away.
    await viewerB.close();
    await reveal(s.organizer, awardIds[1]!);
    await viewerA.waitFor('reveal 2 on A', () => viewerA.events.length === 2);

    // B comes back with the id it last saw, and the missed reveal is replayed, once.
    viewerB = await openStream(eventsUrl(secondUrl), { 'last-event-id': '1' });
    await viewerB.waitFor('replay of reveal 2 on B', () => viewerB.events.length === 1);
    expect(viewerB.ids()).toEqual(['2']);

    // Revealed through the second process this time: A, on the first, still sees it.
    const organizer2 = createAgent(second);
    await organizer2.login(organizerEmail, organizerPassword);
    expect((await reveal(organizer2, awardIds[2]!)).status).toBe(200);
    await viewerA.waitFor('reveal 3 on A', () => viewerA.events.length === 3);
    await viewerB.waitFor('reveal 3 on B', () => viewerB.events.length === 2);

    // Publishing the rest is announced too, as a `published` event naming the awards.
    const published = await s.organizer.post(`/api/v1/competitions/${s.competition.id}/publish`, {});
    expect(published.body.publication.publishedAwardIds.sort()).toEqual([awardIds[3], awardIds[4]].sort());
    await viewerA.waitFor('published on A', () => viewerA.events.length === 4);
    await viewerB.waitFor('published on B', () => viewerB.events.length === 3);
    expect(viewerA.events[3]).toMatchObject({ id: '4', event: 'published' });
    expect(viewerA.events[3]!.data.awardIds.sort()).toEqual([awardIds[3], awardIds[4]].sort());
    expect(viewerA.events[3]!.data.awards).toHaveLength(2);

    expect(viewerA.ids()).toEqual(['1', '2', '3', '4']);
    expect(viewerA.events.slice(0, 3).map((e) => e.data.awardId)).toEqual(awardIds.slice(0, 3));
    expect(viewerB.ids()).toEqual(['2', '3', '4']);
    await viewerA.close();
    await viewerB.close();
  });

  test('a page that read the results first passes their lastEventId; a first visit gets no replay', async () => {
    const results = await (await fetch(`${t.baseUrl}/api/v1/public/competitions/${s.slug}/results`)).json();
    expect(results.lastEventId).toBe('4');
    const fromStart = await openStream(`${eventsUrl(t.baseUrl)}?lastEventId=0`);
    await fromStart.waitFor('the whole log', () => fromStart.events.length === 4);
    expect(fromStart.ids()).toEqual(['1', '2', '3', '4']);
    const fresh = await openStream(`${eventsUrl(secondUrl)}?lastEventId=${results.lastEventId}`);
    const firstVisit = await openStream(eventsUrl(t.baseUrl));
    // The header wins over the query: EventSource sends it on reconnect, with the newer id.
    const headerWins = await openStream(`${eventsUrl(t.baseUrl)}?lastEventId=0`, { 'last-event-id': '3' });
    await headerWins.waitFor('the event after 3', () => headerWins.events.length === 1);
    expect(headerWins.ids()).toEqual(['4']);

    // A new award, revealed now: each open stream gets exactly it.
    const created = await s.organizer.post(`/api/v1/competitions/${s.competition.id}/awards`, {
      name: 'Late Award',
      kind: 'special',
      slots: 1,
    });
    await s.organizer.put(`/api/v1/awards/${created.body.award.id}/winners`, [
      { entryId: s.entries[5]!.id, citation: 'Late' },
    ]);
    await reveal(s.organizer, created.body.award.id);
    for (const stream of [fromStart, fresh, firstVisit, headerWins]) {
      await stream.waitFor('reveal 5', () => stream.events.some((e) => e.id === '5'));
    }
    expect(fresh.ids()).toEqual(['5']);
    expect(firstVisit.ids()).toEqual(['5']);
    expect(fromStart.ids()).toEqual(['1', '2', '3', '4', '5']);
    expect(headerWins.ids()).toEqual(['4', '5']);
    // A stale id from the future (another database) does not lock a viewer out.
    const future = await openStream(eventsUrl(t.baseUrl), { 'last-event-id': '999' });
    for (const stream of [fromStart, fresh, firstVisit, headerWins, future]) await stream.close();
  });

  test('closing an API process ends its open streams and its subscription', async () => {
    const viewer = await openStream(eventsUrl(secondUrl));
    await second.close();
    await viewer.waitFor('the stream to end', () => viewer.ended());
    const [, count] = (await redis.pubsub('NUMSUB', announcementsChannel(t.config.QUEUE_PREFIX))) as [
      string,
      number,
    ];
    expect(Number(count)).toBe(1);
  });
});

describe('limits on open streams', () => {
  test('past the per-address and total caps a viewer is told to retry, and a closed stream frees its place', async () => {
    const capped = await buildApp({
      // Behind a proxy on this host, so each viewer's address comes from X-Forwarded-For.
      config: { ...t.config, TRUST_PROXY: 'loopback', EVENT_STREAMS_PER_ADDRESS: 2, EVENT_STREAMS_MAX: 3 },
    });
    const base = await capped.listen({ port: 0, host: '127.0.0.1' });
    const from = (address: string) => ({ 'x-forwarded-for': address });
    const refused = async (address: string) => {
      const response = await fetch(eventsUrl(base), { headers: from(address) });
      return {
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        body: await response.json(),
      };
    };
    try {
      const first = await openStream(eventsUrl(base), from('10.0.0.1'));
      const second = await openStream(eventsUrl(base), from('10.0.0.1'));
      const third = await refused('10.0.0.1');
      expect(third.status).toBe(429);
      expect(third.retryAfter).toBe('3');
      expect(third.body.error.code).toBe('announcements.too_many_streams');
      expect(third.body.error.message).toMatch(/Too many live views are open from your network/);

      const other = await openStream(eventsUrl(base), from('10.0.0.2'));
      const full = await refused('10.0.0.3');
      expect(full.status).toBe(503);
      expect(full.body.error.code).toBe('announcements.server_busy');

      // A viewer leaves: the place is free again once the server sees the stream close.
      await first.close();
      const deadline = Date.now() + 5_000;
      let admitted = 503;
      while (admitted !== 200 && Date.now() < deadline) {
        const probe = await fetch(eventsUrl(base), { headers: from('10.0.0.3') });
        admitted = probe.status;
        await probe.body?.cancel();
        if (admitted !== 200) await new Promise((r) => setTimeout(r, 50));
      }
      expect(admitted).toBe(200);
      await Promise.all([second.close(), other.close()]);
    } finally {
      await capped.close();
    }
  });
});
