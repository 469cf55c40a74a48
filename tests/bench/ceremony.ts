// Benchmark of the award ceremony's peak (issue 15, item 1), on loopback.
//
// 1. Reveals: CEREMONY_VIEWERS public viewers (10,000) hold the event stream
//    (/api/v1/public/competitions/:slug/events) of ONE real API process (loadConfig + buildApp, in
//    a child process). The organizer reveals CEREMONY_REVEALS awards through the API, one after
//    the other; each viewer's arrival time of each reveal is taken from the moment the reveal
//    request left. Beside it, in the same run: a bare Node SSE server (http.createServer, nothing
//    else) holding as many responses and writing the same event text to each, timed from the
//    moment it was told to. Rate = viewers reached per second of fan-out (first viewer reached to
//    the last); the p99 is end to end, from the organizer's click.
//    Targets: p99 under 1 s for every reveal, and at least half the bare server's rate.
//    Memory per viewer: the server's RSS growth while the viewers connect, divided by their number.
// 2. Reads after the ceremony: CEREMONY_READERS (2,000) concurrent clients (autocannon) read the
//    public results of the same process, then a static file of the same byte size served by the same
//    process (@fastify/static, the web app's file server). Target: at least half the static rate.
//
// The viewers run in a process of their own, the servers in theirs; every child is started through
// a shell that raises the open-file limit (`ulimit -n`) to the hard limit. The per-address stream
// cap (EVENT_STREAMS_PER_ADDRESS) is raised for the bench, since every viewer comes from 127.0.0.1.
// Called by tests/bench/run.ts (`pnpm bench ceremony`); `tsx tests/bench/ceremony.ts` also runs it.

import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error autocannon ships no types; the little used here is typed below.
import autocannonUntyped from 'autocannon';
import {
  acceptQueueSampler,
  answerParent,
  ask,
  benchOrganizer,
  createBenchEnvironment,
  createClient,
  mb,
  percentile,
  procStatus,
  seedAwardsCompetition,
  startChild,
  stopChild,
} from './support/bench-kit.ts';
import { reportAndServe, serveRealApp } from './support/child-server.ts';

const VIEWERS = Number(process.env.CEREMONY_VIEWERS ?? 10_000);
const REVEALS = Number(process.env.CEREMONY_REVEALS ?? 5);
const READERS = Number(process.env.CEREMONY_READERS ?? 2_000);
const READ_SECONDS = Number(process.env.CEREMONY_READ_SECONDS ?? 10);
const ROLE = 'CEREMONY_ROLE';
const here = fileURLToPath(import.meta.url);
const clock = () => performance.timeOrigin + performance.now();

type LoadResult = {
  requests: { average: number };
  latency: { p50: number; p99: number };
  throughput: { average: number };
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
};
const autocannon = autocannonUntyped as (options: {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
}) => Promise<LoadResult>;

/** The bare SSE server: holds every /events response and writes what it is told to each. */
async function runBare() {
  const open = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    res.write('retry: 3000\n\n');
    open.add(res);
    req.on('close', () => open.delete(res));
  });
  server.maxConnections = 100_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', 1024, resolve));
  answerParent((message: { write?: string }) => {
    if (message.write) for (const res of open) res.write(message.write);
    return { open: open.size };
  });
  reportAndServe({
    server,
    close: () =>
      new Promise((resolve) => {
        for (const res of open) res.end();
        server.close(resolve);
      }),
  });
}

/** The viewers: raw HTTP/1.1 GETs held open, each watching for the marker of the next event. */
async function runViewers() {
  type Viewer = { socket: Socket; tail: string; at: number };
  let viewers: Viewer[] = [];
  let marker = '';
  const onData = (viewer: Viewer, chunk: Buffer) => {
    if (!marker || viewer.at) {
      viewer.tail = '';
      return;
    }
    const text = viewer.tail + chunk.toString('latin1');
    if (text.includes(marker)) viewer.at = clock();
    else viewer.tail = text.slice(-marker.length);
  };
  const open = (port: number, pathName: string) =>
    new Promise<Viewer | null>((resolve) => {
      const socket = connect({ port, host: '127.0.0.1' });
      const viewer: Viewer = { socket, tail: '', at: 0 };
      let settled = false;
      const settle = (ok: boolean) => {
        if (settled) return;
        settled = true;
        if (!ok) socket.destroy();
        resolve(ok ? viewer : null);
      };
      socket.setTimeout(30_000, () => settle(false));
      socket.once('error', () => settle(false));
      socket.on('data', (chunk: Buffer) => {
        if (!settled) {
          const head = chunk.toString('latin1');
          settle(head.startsWith('HTTP/1.1 200'));
          socket.setTimeout(0);
          return;
        }
        onData(viewer, chunk);
      });
      socket.write(`GET ${pathName} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n`);
    });

  answerParent(async (message: any) => {
    if (message.connect) {
      const {
        port,
        path: pathName,
        count,
      } = message.connect as { port: number; path: string; count: number };
      const began = clock();
      let failed = 0;
      for (let i = 0; i < count; i += 250) {
        const batch = await Promise.all(
          Array.from({ length: Math.min(250, count - i) }, () => open(port, pathName)),
        );
        for (const v of batch) v ? viewers.push(v) : failed++;
      }
      return { connected: viewers.length, failed, ms: clock() - began };
    }
    if (message.arm) {
      marker = message.arm as string;
      for (const v of viewers) {
        v.at = 0;
        v.tail = '';
      }
      return { armed: viewers.length };
    }
    if (message.collect) {
      const { t0, timeoutMs } = message.collect as { t0: number; timeoutMs: number };
      const deadline = clock() + timeoutMs;
      while (viewers.some((v) => !v.at) && clock() < deadline) await new Promise((r) => setTimeout(r, 10));
      const reached = viewers.filter((v) => v.at);
      marker = '';
      return {
        latencies: reached.map((v) => v.at - t0),
        missing: viewers.length - reached.length,
      };
    }
    if (message.close) {
      for (const v of viewers) v.socket.destroy();
      viewers = [];
      return { closed: true };
    }
    return null;
  });
  process.send?.({ ready: true });
  process.on('message', (m) => {
    if (m === 'stop') process.exit(0);
  });
}

type Collected = { latencies: number[]; missing: number };
type Reveal = { p50: number; p99: number; max: number; fanOutMs: number; rate: number; missing: number };
/**
 * Latencies are end to end (from the reveal request, or the bare server's order to write). The rate
 * is the fan-out's: viewers reached per second from the first viewer reached to the last, so the
 * reveal's own transaction (which the bare server has no counterpart for) is in the p99, not in it.
 */
const summarize = (c: Collected, viewers: number): Reveal => {
  const first = Math.min(...c.latencies);
  const last = Math.max(...c.latencies);
  const fanOutMs = Math.max(1, last - first);
  return {
    p50: percentile(c.latencies, 50),
    p99: percentile(c.latencies, 99),
    max: last,
    fanOutMs,
    rate: (viewers - c.missing) / (fanOutMs / 1000),
    missing: c.missing,
  };
};
const median = (xs: number[]) => percentile(xs, 50);
const ms = (x: number) => `${x.toFixed(0)} ms`;

export default async function run(): Promise<void> {
  const bench = await createBenchEnvironment('ceremony');
  const children: Array<ReturnType<typeof startChild>['child']> = [];
  try {
    const webDir = path.join(bench.work, 'web');
    await mkdir(webDir, { recursive: true });
    await writeFile(path.join(webDir, 'index.html'), '<!doctype html><title>bench</title>');
    // Rewritten below with exactly as many bytes as the public results, once they are known.
    const staticFile = path.join(webDir, 'results-copy.json');
    await writeFile(staticFile, '{}');

    const app = startChild(
      here,
      ROLE,
      'app',
      {
        ...bench.env,
        WEB_DIST_DIR: webDir,
        EVENT_STREAMS_PER_ADDRESS: String(VIEWERS + 100),
        EVENT_STREAMS_MAX: String(VIEWERS + 100),
      },
      // CEREMONY_PROFILE=<dir>: a CPU profile of the API process, written when it stops.
      process.env.CEREMONY_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.CEREMONY_PROFILE}`] : [],
    );
    children.push(app.child);
    const appPort = (await app.ready).port;
    const base = `http://127.0.0.1:${appPort}`;
    const office = createClient(base);
    await office('POST', '/api/v1/auth/login', benchOrganizer);
    const cup = await seedAwardsCompetition(bench.sql, office, { awards: REVEALS, entries: 40 });

    const viewers = startChild<boolean>(here, ROLE, 'viewers');
    children.push(viewers.child);
    await viewers.ready;

    // 1a. The real app.
    const rssBefore = procStatus(app.child.pid!, 'VmRSS') ?? 0;
    const joined = await ask<{ connected: number; failed: number; ms: number }>(viewers.child, {
      connect: { port: appPort, path: `/api/v1/public/competitions/${cup.slug}/events`, count: VIEWERS },
    });
    await new Promise((r) => setTimeout(r, 1_000));
    const rssAfter = procStatus(app.child.pid!, 'VmRSS') ?? 0;
    console.log(
      `ceremony: ${joined.connected.toLocaleString('en')} viewers on one API process (${joined.failed} refused), connected in ${(joined.ms / 1000).toFixed(1)} s; ${REVEALS} reveals`,
    );
    const appReveals: Reveal[] = [];
    const events: string[] = [];
    for (const [i, awardId] of cup.awardIds.entries()) {
      await ask(viewers.child, { arm: `id: ${i + 1}\n` });
      const t0 = clock();
      const answer = await office('POST', `/api/v1/competitions/${cup.competitionId}/reveal`, { awardId });
      const collected = await ask<Collected>(viewers.child, { collect: { t0, timeoutMs: 15_000 } });
      appReveals.push(summarize(collected, joined.connected));
      // The same event, for the bare server to write.
      const results = await office('GET', `/api/v1/public/competitions/${cup.slug}/results`);
      const award = results.awards.find((a: { id: string }) => a.id === awardId);
      events.push(
        `id: ${answer.eventId}\nevent: reveal\ndata: ${JSON.stringify({ awardId, award, revealedAt: award.publishedAt })}\n\n`,
      );
      await new Promise((r) => setTimeout(r, 500));
    }
    await ask(viewers.child, { close: true });

    // 1b. The bare SSE server, the same viewers and events.
    const bare = startChild(here, ROLE, 'bare');
    children.push(bare.child);
    const barePort = (await bare.ready).port;
    const bareRssBefore = procStatus(bare.child.pid!, 'VmRSS') ?? 0;
    const bareJoined = await ask<{ connected: number; failed: number }>(viewers.child, {
      connect: { port: barePort, path: '/events', count: VIEWERS },
    });
    await new Promise((r) => setTimeout(r, 1_000));
    const bareRssAfter = procStatus(bare.child.pid!, 'VmRSS') ?? 0;
    const bareReveals: Reveal[] = [];
    for (const [i, text] of events.entries()) {
      await ask(viewers.child, { arm: `id: ${i + 1}\n` });
      const t0 = clock();
      await ask(bare.child, { write: text });
      const collected = await ask<Collected>(viewers.child, { collect: { t0, timeoutMs: 15_000 } });
      bareReveals.push(summarize(collected, bareJoined.connected));
      await new Promise((r) => setTimeout(r, 500));
    }
    await ask(viewers.child, { close: true });
    await stopChild(bare.child);
    await stopChild(viewers.child);

    const perViewer = (rssAfter - rssBefore) / Math.max(1, joined.connected);
    const barePerViewer = (bareRssAfter - bareRssBefore) / Math.max(1, bareJoined.connected);
    const line = (r: Reveal) =>
      `p50 ${ms(r.p50)}, p99 ${ms(r.p99)}, last ${ms(r.max)}; fan-out ${ms(r.fanOutMs)}, ${Math.round(r.rate).toLocaleString('en')} viewers/s${r.missing ? `, ${r.missing} missed` : ''}`;
    appReveals.forEach((r, i) => {
      console.log(`  reveal ${i + 1}: app ${line(r)}`);
      console.log(`            bare ${line(bareReveals[i]!)}`);
    });
    const appRate = median(appReveals.map((r) => r.rate));
    const bareRate = median(bareReveals.map((r) => r.rate));
    const worstP99 = Math.max(...appReveals.map((r) => r.p99));
    const missed = appReveals.reduce((n, r) => n + r.missing, 0);
    console.log(
      `  memory: app ${mb(rssBefore)} → ${mb(rssAfter)}, ${(perViewer / 1024).toFixed(1)} KB per viewer; bare server ${(barePerViewer / 1024).toFixed(1)} KB per viewer`,
    );

    // 2. Reads after the ceremony.
    const results = await fetch(`${base}/api/v1/public/competitions/${cup.slug}/results`);
    const body = Buffer.from(await results.arrayBuffer());
    await writeFile(staticFile, Buffer.alloc(body.length, 0x20));
    type Read = LoadResult & { acceptQueue: number };
    const reads = { results: [] as Read[], file: [] as Read[] };
    // Each load with the largest number of connections left waiting in the accept queue meanwhile.
    const measured = async (url: string): Promise<Read> => {
      const queue = acceptQueueSampler(appPort);
      const result = await autocannon({ url, connections: READERS, duration: READ_SECONDS });
      return { ...result, acceptQueue: queue.stop() };
    };
    for (let round = 0; round < (READ_SECONDS > 0 ? 2 : 0); round++) {
      reads.results.push(await measured(`${base}/api/v1/public/competitions/${cup.slug}/results`));
      reads.file.push(await measured(`${base}/results-copy.json`));
    }
    const best = (list: Read[]) => list.reduce((a, b) => (b.requests.average > a.requests.average ? b : a));
    const r = best(reads.results);
    const f = best(reads.file);
    const read = (name: string, x: Read) =>
      `  ${name.padEnd(44)} ${x.requests.average.toFixed(0).padStart(6)} req/s, p50 ${x.latency.p50} ms, p99 ${x.latency.p99} ms, ${x.non2xx} non-2xx, ${x.errors - x.timeouts} errors, ${x.timeouts} timeouts; at most ${x.acceptQueue} connections waiting to be accepted`;
    console.log(
      `reads: ${READERS.toLocaleString('en')} concurrent clients, ${READ_SECONDS} s each, best of 2 rounds; ${body.length.toLocaleString('en')} bytes each`,
    );
    console.log(read('GET public results (cached, version checked)', r));
    console.log(read('static file of the same size (baseline)', f));
    // A timeout here is a client whose connection was still in the accept queue after 10 s: Node
    // 20 (libuv 1.46) accepts one connection per pass of its event loop over the ready sockets, so
    // a process saturated by the connections it has accepted takes the others in slowly, whatever
    // route they will ask for (the static file shows it too). Counted and printed, not a failure of
    // the route; a proxy in front (see Deploy in the README) holds such a crowd's connections.
    if (r.timeouts + f.timeouts > 0)
      console.log(
        `  timeouts: clients whose connection waited in the accept queue for ${READ_SECONDS} s; Node 20 accepts one connection per event-loop pass`,
      );

    const rateOk = appRate >= bareRate / 2;
    const p99Ok = worstP99 < 1000;
    const readRatio = r.requests.average / f.requests.average;
    const readOk = readRatio >= 0.5 && r.non2xx === 0 && r.errors === r.timeouts;
    const ok = rateOk && p99Ok && readOk && missed === 0 && joined.failed === 0;
    console.log(
      `${ok ? 'PASS' : 'MISS'}: reveals p99 ${ms(worstP99)} worst of ${REVEALS} (target < 1000 ms), ${Math.round(appRate).toLocaleString('en')} viewers/s = ${((appRate / bareRate) * 100).toFixed(0)}% of bare SSE ${Math.round(bareRate).toLocaleString('en')} viewers/s (target ≥ 50%), ${joined.connected.toLocaleString('en')} viewers, ${missed} missed, ${(perViewer / 1024).toFixed(1)} KB per viewer (bare ${(barePerViewer / 1024).toFixed(1)} KB); results reads ${r.requests.average.toFixed(0)} req/s = ${(readRatio * 100).toFixed(0)}% of static ${f.requests.average.toFixed(0)} req/s (target ≥ 50%), ${r.non2xx + r.errors - r.timeouts} failed, ${r.timeouts} timed out waiting to be accepted (static ${f.timeouts})`,
    );
  } finally {
    for (const child of children) await stopChild(child);
    await bench.close();
  }
}

const role = process.env[ROLE];
if (role === 'app') await serveRealApp();
else if (role === 'bare') await runBare();
else if (role === 'viewers') await runViewers();
else if (process.argv[1] === here) await run();
