import { describe, expect, test } from 'vitest';
import { formatComment, formatEvent, parseLastEventId, startingSeq } from './announcements.fns.ts';
import { type AnnouncementListener, createAnnouncementHub } from './announcements.hub.ts';
import type { AnnouncementRow } from './announcements.repository.ts';

/** An in-memory log standing in for announcement_events. */
function memoryLog() {
  const rows: AnnouncementRow[] = [];
  let queries = 0;
  return {
    rows,
    queries: () => queries,
    add(competitionId: string, type: 'reveal' | 'published' = 'reveal') {
      const seq = rows.filter((r) => r.competitionId === competitionId).length + 1;
      rows.push({
        id: `e${rows.length}`,
        competitionId,
        seq,
        type,
        awardId: `a${seq}`,
        data: { awardId: `a${seq}` },
        createdAt: new Date(),
      });
    },
    repository: {
      since: async (competitionId: string, afterSeq: number, limit = 500) => {
        queries += 1;
        await new Promise((r) => setTimeout(r, 1));
        return rows.filter((r) => r.competitionId === competitionId && r.seq > afterSeq).slice(0, limit);
      },
    },
  };
}

function recorder(lastSeq: number) {
  const seen: number[] = [];
  let ended = false;
  let beats = 0;
  const listener: AnnouncementListener = {
    lastSeq,
    send: (frame) => seen.push(frame.seq),
    heartbeat: () => {
      beats += 1;
    },
    end: () => {
      ended = true;
    },
  };
  return { listener, seen, ended: () => ended, beats: () => beats };
}

describe('announcement hub', () => {
  test('each listener gets exactly the events after its last seq, in order, however pokes interleave', async () => {
    const log = memoryLog();
    const hub = createAnnouncementHub({
      repository: log.repository,
      subscriber: null,
      channel: 'c',
      pollMs: 60_000,
    });
    log.add('x');
    log.add('x');
    const fresh = recorder(2);
    const behind = recorder(0);
    await hub.subscribe('x', fresh.listener).delivered;
    await hub.subscribe('x', behind.listener).delivered;
    expect(fresh.seen).toEqual([]);
    expect(behind.seen).toEqual([1, 2]);
    log.add('x');
    await Promise.all([hub.poke('x'), hub.poke('x'), hub.poke('x')]);
    log.add('x');
    await Promise.all([hub.poke('x'), hub.poke('x')]);
    expect(fresh.seen).toEqual([3, 4]);
    expect(behind.seen).toEqual([1, 2, 3, 4]);
    await hub.close();
  });

  test('a listener added during a delivery still gets what it missed', async () => {
    const log = memoryLog();
    const hub = createAnnouncementHub({
      repository: log.repository,
      subscriber: null,
      channel: 'c',
      pollMs: 60_000,
    });
    for (let i = 0; i < 5; i++) log.add('y');
    const first = recorder(3);
    const delivering = hub.subscribe('y', first.listener).delivered;
    const late = recorder(0);
    const lateDone = hub.subscribe('y', late.listener).delivered;
    await Promise.all([delivering, lateDone]);
    expect(first.seen).toEqual([4, 5]);
    expect(late.seen).toEqual([1, 2, 3, 4, 5]);
    await hub.close();
  });

  test('competitions are separate; unsubscribing forgets the listener; close ends every stream', async () => {
    const log = memoryLog();
    const hub = createAnnouncementHub({
      repository: log.repository,
      subscriber: null,
      channel: 'c',
      pollMs: 60_000,
    });
    const a = recorder(0);
    const b = recorder(0);
    const subA = hub.subscribe('a', a.listener);
    hub.subscribe('b', b.listener);
    log.add('a');
    await hub.poke('a');
    expect(a.seen).toEqual([1]);
    expect(b.seen).toEqual([]);
    expect(hub.listenerCount()).toBe(2);
    subA.unsubscribe();
    subA.unsubscribe();
    expect(hub.listenerCount('a')).toBe(0);
    log.add('a');
    const before = log.queries();
    await hub.poke('a');
    expect(log.queries()).toBe(before);
    await hub.close();
    expect(b.ended()).toBe(true);
    expect(a.ended()).toBe(false);
    expect(hub.listenerCount()).toBe(0);
  });

  test('the poll delivers without any notification, and heartbeats go to every listener', async () => {
    const log = memoryLog();
    const hub = createAnnouncementHub({
      repository: log.repository,
      subscriber: null,
      channel: 'c',
      pollMs: 5,
      heartbeatMs: 5,
    });
    const r = recorder(0);
    await hub.subscribe('z', r.listener).delivered;
    log.add('z');
    for (let i = 0; i < 200 && (r.seen.length === 0 || r.beats() === 0); i++)
      await new Promise((res) => setTimeout(res, 5));
    expect(r.seen).toEqual([1]);
    expect(r.beats()).toBeGreaterThan(0);
    await hub.close();
  });
});

describe('event framing', () => {
  test('an event carries id, name and one line of JSON', () => {
    expect(formatEvent({ seq: 7, type: 'reveal', data: { awardId: 'a', note: 'two\nlines' } })).toBe(
      'id: 7\nevent: reveal\ndata: {"awardId":"a","note":"two\\nlines"}\n\n',
    );
    expect(formatComment('heart\nbeat')).toBe(': heart beat\n\n');
  });

  test.each([
    [{ header: '5' }, 5],
    [{ header: '5', query: '2' }, 5],
    [{ query: '2' }, 2],
    [{ header: 'abc', query: '3' }, 3],
    [{ header: ['4', '9'] }, 4],
    [{ header: '-1' }, null],
    [{ header: '99999999999' }, null],
    [{}, null],
  ])('Last-Event-ID %j reads as %s', (input, expected) => {
    expect(parseLastEventId(input)).toBe(expected);
  });

  test.each([
    [null, 4, 4],
    [2, 4, 2],
    [9, 4, 4],
    [0, 4, 0],
  ])('a listener that saw %s, with the log at %s, starts after %s', (lastEventId, lastSeq, expected) => {
    expect(startingSeq({ lastEventId, lastSeq })).toBe(expected);
  });
});
