// Runs the benchmarks: every tests/bench/*.ts module except this one, in alphabetical order,
// awaiting each module's default export. `pnpm bench` runs all; `pnpm bench assign` only the
// modules whose file name contains "assign".

import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const self = basename(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? '';
const modules = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && f !== self && f.includes(filter))
  .sort();

if (modules.length === 0) console.log(`no benchmark matches "${filter}"`);
for (const file of modules) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { default?: () => Promise<void> };
  if (typeof mod.default !== 'function') continue;
  console.log(`\n── ${file} ${'─'.repeat(Math.max(0, 60 - file.length))}`);
  await mod.default();
}
