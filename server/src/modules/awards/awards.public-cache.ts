import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/**
 * The public results (and their feed) as ready bytes, per API process, for the crowd that reloads
 * the results page after the ceremony.
 *
 * Correct across API processes without any message between them: every request first reads the
 * results' version from PostgreSQL (`version`, one indexed query), and a copy made at another
 * version is dropped and rebuilt. A reveal, a publication or a citation correction changes the
 * version, so it shows on the next request to any process. Requests for one key that arrive while
 * a version read is running wait for the next read, which starts after they arrived: a reader never
 * gets a version older than its own request (an organizer sees their own correction at once), and
 * under load one read answers a whole crowd.
 *
 * Each copy carries an ETag (a hash of its bytes): a client that sends it back in
 * If-None-Match gets a 304 without a body. Brotli and gzip variants are made once per copy.
 */
export type CachedBody = {
  version: string;
  etag: string;
  body: Buffer;
  encoded: { br?: Buffer; gzip?: Buffer };
};

export type Encoding = 'br' | 'gzip' | 'identity';

export function createPublicCache({
  maxEntries = 500,
  minCompressBytes = 1024,
}: {
  maxEntries?: number;
  minCompressBytes?: number;
} = {}) {
  const entries = new Map<string, CachedBody>();
  const building = new Map<string, Promise<CachedBody>>();
  const reads = new Map<string, { running: boolean; waiting: Array<Waiter> }>();
  type Waiter = { resolve: (value: unknown) => void; reject: (error: unknown) => void };

  /** Runs `read` for the key; callers that come while it runs share the next run (see above). */
  function coalesced<T>(key: string, read: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let state = reads.get(key);
      if (!state) {
        state = { running: false, waiting: [] };
        reads.set(key, state);
      }
      state.waiting.push({ resolve: resolve as (value: unknown) => void, reject });
      if (!state.running) start(key, state, read);
    });
  }

  function start<T>(key: string, state: { running: boolean; waiting: Waiter[] }, read: () => Promise<T>) {
    const batch = state.waiting;
    state.waiting = [];
    state.running = true;
    read()
      .then(
        (value) => {
          for (const w of batch) w.resolve(value);
        },
        (error: unknown) => {
          for (const w of batch) w.reject(error);
        },
      )
      .finally(() => {
        state.running = false;
        if (state.waiting.length > 0) start(key, state, read);
        else reads.delete(key);
      });
  }

  function remember(key: string, entry: CachedBody) {
    entries.delete(key);
    entries.set(key, entry);
    // The oldest copy goes first: a Map iterates in insertion order.
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
  }

  return {
    /**
     * The bytes for `key` at the current version: from the copy when its version matches, else
     * built (once per key and version, however many requests ask meanwhile). Null when `version`
     * says the thing does not exist.
     */
    async get(
      key: string,
      version: () => Promise<string | null>,
      build: () => Promise<unknown>,
    ): Promise<CachedBody | null> {
      const current = await coalesced(`version:${key}`, version);
      if (current === null) {
        entries.delete(key);
        return null;
      }
      const held = entries.get(key);
      if (held && held.version === current) return held;
      const buildKey = `${key}\u0000${current}`;
      let pending = building.get(buildKey);
      if (!pending) {
        pending = (async () => {
          const body = Buffer.from(JSON.stringify(await build()));
          // Weak: the same results go out in three encodings, and each is equally good.
          const etag = `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
          const entry: CachedBody = { version: current, etag, body, encoded: {} };
          // Should an older build finish last, the next request sees its version is not current
          // and builds again: the copy is only ever used at the version it was made for.
          remember(key, entry);
          return entry;
        })().finally(() => building.delete(buildKey));
        building.set(buildKey, pending);
      }
      return pending;
    },

    /** The body in the encoding, compressed on first use and kept with the copy. */
    encode(entry: CachedBody, encoding: Encoding): Buffer {
      if (encoding === 'identity' || entry.body.length < minCompressBytes) return entry.body;
      const made = entry.encoded[encoding];
      if (made) return made;
      const bytes =
        encoding === 'br'
          ? brotliCompressSync(entry.body, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: 9,
                [constants.BROTLI_PARAM_SIZE_HINT]: entry.body.length,
              },
            })
          : gzipSync(entry.body, { level: 9 });
      entry.encoded[encoding] = bytes;
      return bytes;
    },

    get size() {
      return entries.size;
    },
  };
}
export type PublicCache = ReturnType<typeof createPublicCache>;

/** The encoding to answer with, from Accept-Encoding: brotli, then gzip, else none (q=0 refuses). */
export function pickEncoding(header: string | undefined): Encoding {
  if (!header) return 'identity';
  const accepted = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name, q ? Number(q.slice(2)) || 0 : 1);
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return 'identity';
}

/** Whether If-None-Match names this ETag (a list, weak forms, or `*`). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => bare(tag) === bare(etag));
}
