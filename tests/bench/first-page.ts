// Benchmark of the first page on a phone link (issue 15, item 4): the built web app served by the
// real API process (loadConfig + buildApp, in a child process), opened cold in Debian's Chromium
// (playwright-core) with the link throttled through CDP Network.emulateNetworkConditions to
// 1.6 Mbps down, 750 kbps up, 150 ms latency.
//
// For the sign-in page and a competition's public results page: the bytes that crossed the link
// (CDP encodedDataLength, every request of the page load), and the time from navigation start to
// the page's heading (its <h1> with the text). Beside them, in the same run: the same pages with
// compression refused (Accept-Encoding: identity), as the app was sent before. Also checked: the
// charts' chunk (recharts) is not fetched by either page.
// Targets: under 250 KB for each page, under 2.5 s to the results heading.
// Called by tests/bench/run.ts (`pnpm bench first-page`); `tsx tests/bench/first-page.ts` also runs it.

import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { repoRoot } from '../../server/src/app/config.ts';
import { launchBrowser } from '../support/browser.ts';
import {
  benchOrganizer,
  createBenchEnvironment,
  createClient,
  seedAwardsCompetition,
  startChild,
  stopChild,
} from './support/bench-kit.ts';
import { serveRealApp } from './support/child-server.ts';

const ROLE = 'FIRST_PAGE_ROLE';
const here = fileURLToPath(import.meta.url);
const ROUNDS = Number(process.env.FIRST_PAGE_ROUNDS ?? 3);
const link = { latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 };
const webDist = path.join(repoRoot, 'web', 'dist');

type Visit = { bytes: number; headingMs: number; requests: number; urls: string[] };

/** One cold visit: a fresh context (empty cache), the throttled link, until the heading shows and the network settles. */
async function visit(browser: Browser, url: string, heading: string, compressed: boolean): Promise<Visit> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-US' });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, ...link });
    if (!compressed)
      await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': 'identity' } });
    const sizes = new Map<string, number>();
    const urls = new Map<string, string>();
    const started = new Map<string, number>();
    const trace: string[] = [];
    cdp.on(
      'Network.requestWillBeSent',
      (e: { requestId: string; request: { url: string }; timestamp: number }) => {
        urls.set(e.requestId, e.request.url);
        started.set(e.requestId, e.timestamp);
      },
    );
    cdp.on(
      'Network.loadingFinished',
      (e: { requestId: string; encodedDataLength: number; timestamp: number }) => {
        sizes.set(e.requestId, e.encodedDataLength);
        const first = Math.min(...started.values());
        trace.push(
          `    ${((started.get(e.requestId)! - first) * 1000).toFixed(0).padStart(5)} → ${((e.timestamp - first) * 1000).toFixed(0).padStart(5)} ms ${String(e.encodedDataLength).padStart(7)} B ${urls.get(e.requestId)}`,
        );
      },
    );
    await page.goto(url, { waitUntil: 'commit', timeout: 60_000 });
    await page.waitForFunction(
      (text) => Array.from(document.querySelectorAll('h1')).some((h) => h.textContent?.includes(text)),
      heading,
      { timeout: 60_000, polling: 20 },
    );
    const headingMs = await page.evaluate(() => performance.now());
    await page.waitForLoadState('networkidle', { timeout: 60_000 });
    // FIRST_PAGE_TRACE=1: each request's start and end, from the first request.
    if (process.env.FIRST_PAGE_TRACE)
      console.log(`  ${url} (heading at ${headingMs.toFixed(0)} ms)\n${trace.join('\n')}`);
    return {
      bytes: [...sizes.values()].reduce((a, b) => a + b, 0),
      headingMs,
      requests: sizes.size,
      urls: [...urls.values()],
    };
  } finally {
    await context.close();
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const medianOf = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export default async function run(): Promise<void> {
  // The app as shipped: built now, so the bench measures this checkout.
  execFileSync('pnpm', ['--filter', '@wuzhen/web', 'build'], { cwd: repoRoot, stdio: 'ignore' });
  const chartChunks = readdirSync(path.join(webDist, 'assets')).filter((f) => /^BarChart-.*\.js$/.test(f));
  const bench = await createBenchEnvironment('first_page');
  let browser: Browser | null = null;
  let app: ReturnType<typeof startChild<{ port: number }>> | null = null;
  try {
    app = startChild(here, ROLE, 'app', { ...bench.env, WEB_DIST_DIR: webDist });
    const base = `http://127.0.0.1:${(await app.ready).port}`;
    const office = createClient(base);
    await office('POST', '/api/v1/auth/login', benchOrganizer);
    const cup = await seedAwardsCompetition(bench.sql, office, { awards: 12, entries: 40 });
    await office('POST', `/api/v1/competitions/${cup.competitionId}/publish`, {});

    browser = await launchBrowser();
    const pages = [
      { name: 'sign-in page', url: `${base}/signin`, heading: 'Sign in' },
      { name: 'public results page', url: `${base}/c/${cup.slug}/results`, heading: 'Wuzhen Bench Cup' },
    ];
    console.log(
      `first page: cold visits in Chromium on a ${(link.downloadThroughput * 8e-6).toFixed(1)} Mbps / ${link.latency} ms link, median of ${ROUNDS}`,
    );
    const outcome: Array<{ name: string; now: Visit; before: Visit }> = [];
    for (const p of pages) {
      const now: Visit[] = [];
      const before: Visit[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        now.push(await visit(browser, p.url, p.heading, true));
        before.push(await visit(browser, p.url, p.heading, false));
      }
      const pick = (list: Visit[]) => {
        const ms = medianOf(list.map((v) => v.headingMs));
        return { ...list.find((v) => v.headingMs === ms)!, bytes: Math.max(...list.map((v) => v.bytes)) };
      };
      outcome.push({ name: p.name, now: pick(now), before: pick(before) });
    }
    for (const { name, now, before } of outcome) {
      console.log(
        `  ${name.padEnd(20)} ${kb(now.bytes).padStart(7)} in ${now.requests} requests, heading after ${s(now.headingMs)}   (uncompressed baseline: ${kb(before.bytes)}, heading after ${s(before.headingMs)})`,
      );
    }
    const chartsFetched = outcome.some(({ now }) =>
      now.urls.some((u) => chartChunks.some((c) => u.endsWith(`/assets/${c}`))),
    );
    const [signin, results] = outcome;
    const bytesOk = outcome.every(({ now }) => now.bytes < 250 * 1024);
    const timeOk = results!.now.headingMs < 2500;
    const ok = bytesOk && timeOk && !chartsFetched;
    console.log(
      `${ok ? 'PASS' : 'MISS'}: sign-in ${kb(signin!.now.bytes)}, results ${kb(results!.now.bytes)} compressed (target < 250 KB; uncompressed baseline ${kb(signin!.before.bytes)} / ${kb(results!.before.bytes)}), results heading after ${s(results!.now.headingMs)} (target < 2.5 s; baseline ${s(results!.before.headingMs)}), charts chunk ${chartsFetched ? 'FETCHED' : 'not fetched'} by these pages`,
    );
  } finally {
    await browser?.close();
    await stopChild(app?.child);
    await bench.close();
  }
}

if (process.env[ROLE] === 'app') await serveRealApp();
else if (process.argv[1] === here) await run();
