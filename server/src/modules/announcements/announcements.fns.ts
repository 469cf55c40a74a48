// Server-sent events framing (https://html.spec.whatwg.org/multipage/server-sent-events.html).

export type AnnouncementFrame = { seq: number; type: string; data: unknown };

/** One event: `id`, `event` and a single-line `data` (JSON never contains a raw newline). */
export function formatEvent(frame: AnnouncementFrame): string {
  return `id: ${frame.seq}\nevent: ${frame.type}\ndata: ${JSON.stringify(frame.data)}\n\n`;
}

/** A comment line: ignored by EventSource, but keeps proxies and load balancers from timing out. */
export function formatComment(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, ' ')}\n\n`;
}

/** How long a browser waits before reconnecting, in milliseconds. */
export function formatRetry(ms: number): string {
  return `retry: ${Math.max(0, Math.round(ms))}\n\n`;
}

const maxSeq = 2 ** 31 - 1;

/**
 * The event id a client last saw. The `Last-Event-ID` header (sent by EventSource when it
 * reconnects) wins over the `lastEventId` query (set by a page that read the results first). A
 * value that is not a small non-negative integer is ignored rather than refused: a stale or
 * foreign id must not lock a viewer out.
 */
export function parseLastEventId({
  header,
  query,
}: {
  header?: string | string[];
  query?: string;
}): number | null {
  for (const raw of [Array.isArray(header) ? header[0] : header, query]) {
    if (raw === undefined) continue;
    const text = raw.trim();
    if (/^\d{1,10}$/.test(text)) {
      const n = Number(text);
      if (n <= maxSeq) return n;
    }
  }
  return null;
}

/** Where a new listener starts: after what it saw, never beyond the log's end, nothing for a first visit. */
export function startingSeq({
  lastEventId,
  lastSeq,
}: {
  lastEventId: number | null;
  lastSeq: number;
}): number {
  if (lastEventId === null) return lastSeq;
  return Math.min(lastEventId, lastSeq);
}

/**
 * Open event streams, counted per address and in all, so one client cannot hold every socket of
 * an API process. The per-address cap is generous: a venue's audience often shares one address.
 */
export function createStreamLimits({ perAddress, total }: { perAddress: number; total: number }) {
  const open = new Map<string, number>();
  let all = 0;
  return {
    /** Takes a place for a stream from `address`, or says which limit is reached. */
    take(address: string): 'ok' | 'address' | 'total' {
      if (all >= total) return 'total';
      const mine = open.get(address) ?? 0;
      if (mine >= perAddress) return 'address';
      open.set(address, mine + 1);
      all += 1;
      return 'ok';
    },
    /** Gives back the place of a stream that ended. */
    release(address: string) {
      const mine = open.get(address) ?? 0;
      if (mine <= 0) return;
      if (mine === 1) open.delete(address);
      else open.set(address, mine - 1);
      all -= 1;
    },
    get open() {
      return { total: all, addresses: open.size };
    },
  };
}
