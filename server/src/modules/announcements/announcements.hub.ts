import type { Redis } from 'ioredis';
import type { AnnouncementFrame } from './announcements.fns.ts';
import type { AnnouncementRow } from './announcements.repository.ts';

/** One connected viewer. `lastSeq` is the id of the last event it was sent. */
export type AnnouncementListener = {
  lastSeq: number;
  send: (frame: AnnouncementFrame) => void;
  heartbeat: () => void;
  end: () => void;
};

type Log = { warn: (obj: object, msg: string) => void };

/** The channel API processes (and workers) announce on; the message names the competition only. */
export const announcementsChannel = (prefix: string) => `${prefix}:announcements`;

/**
 * Publishes "something new for competition X" to every API process. The event itself is already
 * committed to announcement_events: a lost message only delays delivery until the next poll.
 */
export async function notifyAnnouncement(
  publisher: Pick<Redis, 'publish'> & Partial<Pick<Redis, 'status'>>,
  prefix: string,
  competitionId: string,
) {
  // Redis away: do not wait for it; the poll delivers.
  if (publisher.status !== undefined && publisher.status !== 'ready') return;
  try {
    await publisher.publish(announcementsChannel(prefix), JSON.stringify({ competitionId }));
  } catch {
    // The hub's poll picks the event up from the database.
  }
}

/**
 * The per-process fan-out of announcements to server-sent-event listeners. The database log is the
 * source of truth; Redis pub/sub only wakes the processes up. Each competition's delivery runs one
 * at a time and sends each listener exactly the events after its `lastSeq`, in order, so a
 * listener neither misses nor repeats an event, however notifications and polls interleave.
 */
export function createAnnouncementHub({
  repository,
  subscriber,
  channel,
  pollMs = 5_000,
  heartbeatMs = 15_000,
  log,
}: {
  repository: {
    since: (
      competitionId: string,
      afterSeq: number,
    ) => Promise<Array<Pick<AnnouncementRow, 'seq' | 'type' | 'data'>>>;
  };
  /** A connection of its own (a subscribed connection can do nothing else); null: polling only. */
  subscriber: Redis | null;
  channel: string;
  pollMs?: number;
  heartbeatMs?: number;
  log?: Log;
}) {
  const listeners = new Map<string, Set<AnnouncementListener>>();
  const pumps = new Map<string, { running: boolean; again: boolean; done: Promise<void> }>();
  let closed = false;

  async function deliver(competitionId: string) {
    // A snapshot of the listeners: one added meanwhile is served by the next pass, never skipped.
    const targets = [...(listeners.get(competitionId) ?? [])];
    if (targets.length === 0) return;
    let from = Math.min(...targets.map((l) => l.lastSeq));
    for (;;) {
      const rows = await repository.since(competitionId, from);
      for (const row of rows) {
        const frame = { seq: row.seq, type: row.type, data: row.data };
        for (const listener of targets) {
          if (row.seq > listener.lastSeq) {
            listener.send(frame);
            listener.lastSeq = row.seq;
          }
        }
        from = row.seq;
      }
      if (rows.length < 500) return;
    }
  }

  /** Runs a delivery for the competition; a request during a run schedules exactly one more. */
  function pump(competitionId: string): Promise<void> {
    const current = pumps.get(competitionId);
    if (current) {
      current.again = true;
      return current.done;
    }
    const state = { running: true, again: true, done: Promise.resolve() };
    state.done = (async () => {
      try {
        while (state.again && !closed) {
          state.again = false;
          try {
            await deliver(competitionId);
          } catch (err) {
            log?.warn({ err, competitionId }, 'announcement delivery failed; the next poll retries');
          }
        }
      } finally {
        pumps.delete(competitionId);
      }
    })();
    pumps.set(competitionId, state);
    return state.done;
  }

  const onMessage = (ch: string, message: string) => {
    if (ch !== channel) return;
    try {
      const { competitionId } = JSON.parse(message) as { competitionId?: unknown };
      if (typeof competitionId === 'string' && listeners.has(competitionId)) void pump(competitionId);
    } catch {
      // Not ours: ignore.
    }
  };
  const ready = subscriber
    ? subscriber.subscribe(channel).then(
        () => undefined,
        (err: unknown) => log?.warn({ err }, 'could not subscribe to announcements; polling only'),
      )
    : Promise.resolve();
  subscriber?.on('message', onMessage);

  // One timer for the whole process: a poll as a safety net, and heartbeats.
  let ticks = 0;
  const tickMs = Math.min(pollMs, heartbeatMs);
  const timer = setInterval(() => {
    ticks += 1;
    for (const competitionId of listeners.keys()) void pump(competitionId);
    if ((ticks * tickMs) % heartbeatMs < tickMs) {
      for (const set of listeners.values()) for (const listener of set) listener.heartbeat();
    }
  }, tickMs);
  timer.unref();

  return {
    ready,

    /** Adds a listener and sends it what it missed. Returns the function that removes it. */
    subscribe(competitionId: string, listener: AnnouncementListener) {
      let set = listeners.get(competitionId);
      if (!set) {
        set = new Set();
        listeners.set(competitionId, set);
      }
      set.add(listener);
      const delivered = pump(competitionId);
      let removed = false;
      const unsubscribe = () => {
        if (removed) return;
        removed = true;
        const current = listeners.get(competitionId);
        current?.delete(listener);
        if (current && current.size === 0) listeners.delete(competitionId);
      };
      return { unsubscribe, delivered };
    },

    /** Wake this process's listeners of a competition now (the process that made the event). */
    poke: (competitionId: string) => (listeners.has(competitionId) ? pump(competitionId) : Promise.resolve()),

    listenerCount: (competitionId?: string) =>
      competitionId
        ? (listeners.get(competitionId)?.size ?? 0)
        : [...listeners.values()].reduce((n, s) => n + s.size, 0),

    /** Ends every stream (so the HTTP server can close) and the subscription. */
    async close() {
      closed = true;
      clearInterval(timer);
      for (const set of listeners.values()) for (const listener of set) listener.end();
      listeners.clear();
      await Promise.all([...pumps.values()].map((p) => p.done));
      if (subscriber) {
        subscriber.off('message', onMessage);
        await subscriber.quit().catch(() => subscriber.disconnect());
      }
    },
  };
}
export type AnnouncementHub = ReturnType<typeof createAnnouncementHub>;
