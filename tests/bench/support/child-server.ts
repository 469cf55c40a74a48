import type { AddressInfo } from 'node:net';

type Listening = { server: { address(): AddressInfo | string | null }; close(): Promise<unknown> };

/**
 * In a forked benchmark child: tell the parent the port, and close on its 'stop' message.
 * The parent measures the child's memory from outside, so the server runs alone in it.
 */
export function reportAndServe(app: Listening, onStop: () => Promise<unknown> = async () => {}) {
  const address = app.server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
  process.on('message', async (message) => {
    if (message === 'stop') {
      await app.close();
      await onStop();
      process.exit(0);
    }
  });
}

/** The real app, wired as in production from the environment the parent set, on a port the OS picks. */
export async function serveRealApp() {
  const { loadConfig } = await import('../../../server/src/app/config.ts');
  const { buildApp, listenBacklog } = await import('../../../server/src/app/server.ts');
  const { ensureFirstOrganizer } = await import('../../../server/src/main/bootstrap.ts');
  const config = loadConfig(process.env);
  const app = await buildApp({ config });
  await ensureFirstOrganizer(app, config);
  await app.listen({ port: 0, host: '127.0.0.1', backlog: listenBacklog });
  reportAndServe(app);
}
