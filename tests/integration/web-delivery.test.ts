// How the API delivers the web app and its answers: compressed, hashed assets cached for a year
// as immutable, index.html asked for again, no source map served. The web build is stood in for by
// a folder written here, shaped as `vite build` writes it (precompressed .br/.gz beside each asset).

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

let app: TestApp;
let dist: string;
const script = `console.log(${JSON.stringify('the app '.repeat(400))});\n`;
const html = `<!doctype html><html><head><script type="module" src="/assets/index-AbC123.js"></script></head><body><div id="root"></div>${' '.repeat(2000)}</body></html>`;

beforeAll(async () => {
  dist = await mkdtemp(path.join(tmpdir(), 'wz-web-dist-'));
  await mkdir(path.join(dist, 'assets'));
  await writeFile(path.join(dist, 'index.html'), html);
  await writeFile(path.join(dist, 'index.html.br'), brotliCompressSync(html));
  await writeFile(path.join(dist, 'index.html.gz'), gzipSync(html));
  const asset = path.join(dist, 'assets', 'index-AbC123.js');
  await writeFile(asset, script);
  await writeFile(`${asset}.br`, brotliCompressSync(script));
  await writeFile(`${asset}.gz`, gzipSync(script));
  await writeFile(`${asset}.map`, '{"version":3,"sources":["secret.ts"],"sourcesContent":["the source"]}');
  app = await startTestApp({ config: { WEB_DIST_DIR: dist } });
});

afterAll(async () => {
  await app?.close();
  await rm(dist, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) =>
  app.app.inject({ method: 'GET', url, headers });

describe('web app delivery', () => {
  test('a hashed asset goes out precompressed as the browser accepts, cached a year as immutable', async () => {
    const br = await get('/assets/index-AbC123.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(script);

    const gz = await get('/assets/index-AbC123.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(script);

    const plain = await get('/assets/index-AbC123.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  test('index.html, for any page of the app, is compressed and never kept without asking', async () => {
    for (const url of ['/', '/c/wuzhen-2026/results', '/signin']) {
      const reply = await get(url, { 'accept-encoding': 'br' });
      expect(reply.statusCode, url).toBe(200);
      expect(reply.headers['content-type']).toMatch(/text\/html/);
      expect(reply.headers['content-encoding'], url).toBe('br');
      expect(reply.headers['cache-control'], url).toBe('no-cache');
      expect(brotliDecompressSync(reply.rawPayload).toString()).toBe(html);
    }
  });

  test('a public results page tells the browser to fetch its data with the scripts', async () => {
    const results = await get('/c/wuzhen-2026/results');
    expect(results.headers.link).toBe(
      '</api/v1/public/competitions/wuzhen-2026/results>; rel=preload; as=fetch; crossorigin=anonymous',
    );
    expect((await get('/c/wuzhen-2026/results?track=ai')).headers.link).toBe(results.headers.link);
    // Other pages, the printable results and a slug no competition can have get no hint.
    for (const url of ['/', '/signin', '/c/wuzhen-2026/results/print', '/c/Bad%3E%3Cslug/results']) {
      expect((await get(url)).headers.link, url).toBeUndefined();
    }
  });

  test('no source map is served, even one left in the folder', async () => {
    const reply = await get('/assets/index-AbC123.js.map');
    expect(reply.body).not.toContain('sourcesContent');
    expect(reply.body).not.toContain('the source');
  });

  test('API answers are compressed when the client accepts it, and plain otherwise', async () => {
    const compressed = await get('/api/docs/json', { 'accept-encoding': 'br' });
    expect(compressed.statusCode).toBe(200);
    expect(compressed.headers['content-encoding']).toBe('br');
    const document = JSON.parse(brotliDecompressSync(compressed.rawPayload).toString());
    expect(document.info.title).toBe('Wuzhen Judge API');

    const plain = await get('/api/docs/json');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.json().info.title).toBe('Wuzhen Judge API');
  });
});
