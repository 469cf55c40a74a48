import { describe, expect, test } from 'vitest';
import { createPublicCache, etagMatches, pickEncoding } from './awards.public-cache.ts';

/** A version source whose reads the test finishes by hand, in order. */
function manualVersions() {
  const reads: Array<(v: string | null) => void> = [];
  return {
    read: () => new Promise<string | null>((resolve) => reads.push(resolve)),
    reads,
  };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('public cache', () => {
  test('one version read answers every request waiting for it; one build per version', async () => {
    const cache = createPublicCache();
    const versions = manualVersions();
    let builds = 0;
    const build = async () => ({ n: ++builds });
    const first = cache.get('k', versions.read, build);
    // These arrive while the first read runs: they share the next read, not the running one.
    const crowd = Array.from({ length: 50 }, () => cache.get('k', versions.read, build));
    expect(versions.reads).toHaveLength(1);
    versions.reads[0]!('v1');
    await first;
    await tick();
    expect(versions.reads).toHaveLength(2);
    versions.reads[1]!('v1');
    const answers = await Promise.all(crowd);
    expect(new Set(answers.map((a) => a!.etag)).size).toBe(1);
    expect(builds).toBe(1);
    expect(JSON.parse(answers[0]!.body.toString())).toEqual({ n: 1 });
  });

  test('a request never gets a version read that began before it arrived', async () => {
    const cache = createPublicCache();
    const versions = manualVersions();
    let content = 'old';
    const build = async () => ({ content });
    const early = cache.get('k', versions.read, build);
    // The change commits, then a reader arrives while the early read is still out.
    content = 'new';
    const late = cache.get('k', versions.read, build);
    versions.reads[0]!('v1');
    expect(JSON.parse((await early)!.body.toString())).toEqual({ content: 'new' });
    await tick();
    versions.reads[1]!('v2');
    const answer = (await late)!;
    expect(answer.version).toBe('v2');
  });

  test('a new version drops the copy; an unknown key is null and keeps nothing', async () => {
    const cache = createPublicCache();
    let version: string | null = 'v1';
    let content = 'a';
    const get = () =>
      cache.get(
        'k',
        async () => version,
        async () => ({ content }),
      );
    const one = (await get())!;
    content = 'b';
    expect((await get())!.etag).toBe(one.etag);
    version = 'v2';
    const two = (await get())!;
    expect(JSON.parse(two.body.toString())).toEqual({ content: 'b' });
    expect(two.etag).not.toBe(one.etag);
    version = null;
    expect(await get()).toBeNull();
    expect(cache.size).toBe(0);
  });

  test('keeps at most maxEntries copies, the oldest dropped first', async () => {
    const cache = createPublicCache({ maxEntries: 3 });
    for (const key of ['a', 'b', 'c', 'd'])
      await cache.get(
        key,
        async () => 'v',
        async () => ({ key }),
      );
    expect(cache.size).toBe(3);
  });

  test('encodes once per copy and leaves small bodies plain', async () => {
    const cache = createPublicCache({ minCompressBytes: 100 });
    const big = (await cache.get(
      'big',
      async () => 'v',
      async () => ({ text: 'x'.repeat(5000) }),
    ))!;
    const br = cache.encode(big, 'br');
    expect(br.length).toBeLessThan(big.body.length);
    expect(cache.encode(big, 'br')).toBe(br);
    const small = (await cache.get(
      'small',
      async () => 'v',
      async () => ({ a: 1 }),
    ))!;
    expect(cache.encode(small, 'gzip')).toBe(small.body);
  });
});

describe('pickEncoding', () => {
  test.each([
    [undefined, 'identity'],
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['*', 'br'],
    ['identity', 'identity'],
    ['deflate', 'identity'],
    ['gzip;q=0, br;q=0', 'identity'],
  ])('%s → %s', (header, expected) => {
    expect(pickEncoding(header)).toBe(expected);
  });
});

describe('etagMatches', () => {
  test.each([
    [undefined, false],
    ['W/"abc"', true],
    ['"abc"', true],
    ['"x", W/"abc"', true],
    ['*', true],
    ['W/"abd"', false],
  ])('%s → %s', (header, expected) => {
    expect(etagMatches(header, 'W/"abc"')).toBe(expected);
  });
});
