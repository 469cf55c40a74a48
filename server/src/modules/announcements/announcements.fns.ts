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
