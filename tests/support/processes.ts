// The product as operators run it: API and worker as separate OS processes started with the
// command their package scripts run, a redis-server of the test's own, and an HTTP client with a
// cookie jar that speaks to them over the network.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../server/src/app/config.ts';
import type { Agent, Reply } from './app.ts';

export const serverDir = path.join(repoRoot, 'server');

export async function freePort() {
  return new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns something truthy, or fails naming `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T> | T,
  timeoutMs = 30_000,
  everyMs = 100,
) {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`,
      );
    await sleep(everyMs);
  }
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once('exit', () => resolve()));

/** A redis-server of the test's own on a spare port, that the test may stop and start again. */
export async function startRedisServer(port?: number) {
  const chosen = port ?? (await freePort());
  const dir = mkdtempSync(path.join(tmpdir(), 'wz-redis-'));
  const child = spawn(
    'redis-server',
    ['--bind', '127.0.0.1', '--port', String(chosen), '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${chosen}`;
  await waitFor(`redis-server on port ${chosen}`, () => canConnect(chosen), 10_000);
  return {
    url,
    port: chosen,
    stop: async () => {
      child.kill('SIGKILL');
      await exited(child);
    },
  };
}

function canConnect(port: number) {
  return new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export type ServerProcess = Awaited<ReturnType<typeof startServerProcess>>;

/**
 * `node --import tsx src/main/<kind>.ts` in server/: what `pnpm --filter @wuzhen/server api`
 * (or `worker`) runs. With `viaPnpm`, that very pnpm command, from the repository's root, as the
 * README gives it to operators: `child` is then pnpm, and a signal sent to it is pnpm's to pass on.
 */
export function startServerProcess(
  kind: 'api' | 'worker',
  env: Record<string, string>,
  label: string = kind,
  { viaPnpm = false }: { viaPnpm?: boolean } = {},
) {
  const [command, args, cwd] = viaPnpm
    ? ['pnpm', ['--filter', '@wuzhen/server', kind], repoRoot]
    : [process.execPath, ['--import', 'tsx', `src/main/${kind}.ts`], serverDir];
  const child = spawn(command, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const lines: string[] = [];
  const onData = (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    for (const line of text.split('\n')) if (line.trim()) lines.push(line);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  return {
    kind,
    label,
    child,
    pid: child.pid!,
    output: () => output,
    /** Log lines as parsed JSON (pino and the worker both log one JSON object a line). */
    logs: () =>
      lines.flatMap((line) => {
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      }),
    exited: () => exited(child),
    alive: () => child.exitCode === null && child.signalCode === null,
    kill: async (signal: NodeJS.Signals = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited(child);
    },
  };
}

/** Waits until an API process answers its readiness check, or fails with what it printed. */
export async function apiReady(api: ServerProcess, baseUrl: string, timeoutMs = 90_000) {
  await waitFor(
    `the ${api.label} process to be ready`,
    async () => {
      if (!api.alive()) throw new Error(`it exited: ${api.output().slice(-2000)}`);
      const reply = await fetch(`${baseUrl}/api/health/ready`).catch(() => null);
      return reply?.status === 200;
    },
    timeoutMs,
    200,
  );
}

/** An HTTP client with a cookie jar, with the same shape as the in-process agent of app.ts. */
export function createHttpAgent(
  baseUrl: string | (() => string),
): Agent & { useCookie: (value: string) => void } {
  let cookie = '';
  const base = typeof baseUrl === 'string' ? () => baseUrl : baseUrl;
  const request = async <T = any>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply<T>> => {
    const response = await fetch(`${base()}${url}`, {
      method,
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    for (const set of response.headers.getSetCookie()) {
      const [pair] = set.split(';');
      const [name, value] = pair!.split('=');
      if (name === 'wz_session') cookie = value ? `wz_session=${value}` : '';
    }
    const text = await response.text();
    const parsed: unknown =
      (response.headers.get('content-type') ?? '').includes('json') && text ? JSON.parse(text) : text;
    const replyHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      replyHeaders[name] = value;
    });
    return { status: response.status, body: parsed as T, headers: replyHeaders };
  };
  const agent = {
    get: <T = any>(url: string, headers?: Record<string, string>) =>
      request<T>('GET', url, undefined, headers),
    post: <T = any>(url: string, body?: unknown, headers?: Record<string, string>) =>
      request<T>('POST', url, body ?? {}, headers),
    put: <T = any>(url: string, body?: unknown, headers?: Record<string, string>) =>
      request<T>('PUT', url, body ?? {}, headers),
    patch: <T = any>(url: string, body?: unknown, headers?: Record<string, string>) =>
      request<T>('PATCH', url, body ?? {}, headers),
    delete: <T = any>(url: string, headers?: Record<string, string>) =>
      request<T>('DELETE', url, undefined, headers),
    cookie: () => cookie,
    /** Uses another agent's session (one person, two API processes). */
    useCookie: (value: string) => {
      cookie = value;
    },
    async login(email: string, password: string) {
      const reply = await agent.post('/api/v1/auth/login', { email, password });
      if (reply.status !== 200)
        throw new Error(`login as ${email} failed: ${reply.status} ${JSON.stringify(reply.body)}`);
      return reply.body.user;
    },
    async register(email: string, name = email.split('@')[0]!, password = 'a-good-password-1') {
      const reply = await agent.post('/api/v1/auth/register', { email, password, name });
      if (reply.status !== 201)
        throw new Error(`register ${email} failed: ${reply.status} ${JSON.stringify(reply.body)}`);
      return reply.body.user;
    },
  };
  return agent;
}

/**
 * An open server-sent-event stream: collects each event's `data` as parsed JSON, as a browser's
 * EventSource would, until closed.
 */
export async function openEventStream(url: string) {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream' }, signal: controller.signal });
  if (response.status !== 200) throw new Error(`event stream ${url}: ${response.status}`);
  const events: Array<{ event: string; data: any }> = [];
  const reading = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).trim());
          }
          if (data.length > 0) {
            const text = data.join('\n');
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text);
            } catch {}
            events.push({ event, data: parsed });
          }
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // aborted on close
    }
  })();
  return {
    events,
    close: async () => {
      controller.abort();
      await reading;
    },
  };
}
