import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../server/src/app/config.ts';
import { webBuilt, webDist } from './services.ts';

const newestMtime = (dir: string): number => {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
};

/** Browser tests drive the built web app: build it when it is missing or older than its sources. */
export default function setup() {
  const web = path.join(repoRoot, 'web');
  const sources = Math.max(
    newestMtime(path.join(web, 'src')),
    newestMtime(path.join(repoRoot, 'shared', 'src')),
  );
  if (webBuilt() && statSync(path.join(webDist, 'index.html')).mtimeMs >= sources) return;
  console.log('[tests] Building the web app for the browser tests…');
  // Build beside it and swap, so a page loading meanwhile never finds a half-written folder.
  const fresh = `${webDist}-${process.pid}`;
  execFileSync('pnpm', ['--filter', '@wuzhen/web', 'exec', 'vite', 'build', '--outDir', fresh], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  const old = `${webDist}-old-${process.pid}`;
  if (existsSync(webDist)) renameSync(webDist, old);
  renameSync(fresh, webDist);
  rmSync(old, { recursive: true, force: true });
}
