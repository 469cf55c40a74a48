// Seeds the demo competition into DATABASE_URL on request (pnpm seed:demo). With --stage=entries
// it stops where submissions are in, to walk the pipeline from its start.
import { parseArgs } from 'node:util';
import { loadConfig, loadDotEnv } from '../app/config.ts';
import { createDb } from '../app/db.ts';
import { migrateWithLock } from '../app/lifecycle.ts';
import { type DemoStage, demoStages, seedDemoOnce } from '../modules/demo/demo.service.ts';
import { storageFromConfig } from '../modules/uploads/storage.config.ts';

const { values } = parseArgs({ options: { stage: { type: 'string', default: 'final' } } });
if (!demoStages.includes(values.stage as DemoStage)) {
  throw new Error(`--stage must be one of ${demoStages.join(', ')}.`);
}
loadDotEnv();
const config = loadConfig();
if (!config.DATABASE_URL || !config.ORGANIZER_EMAIL) {
  throw new Error('Set DATABASE_URL and ORGANIZER_EMAIL (the organizer who will own the demo competition).');
}
await migrateWithLock(config.DATABASE_URL);
const { db, close } = createDb({ url: config.DATABASE_URL, max: 2 });
// The decks go where the platform reads files: the S3 bucket when S3_BUCKET is set.
const storage = storageFromConfig(config);
try {
  const seeded = await seedDemoOnce({
    db,
    organizerEmail: config.ORGANIZER_EMAIL,
    storage,
    stage: values.stage as DemoStage,
  });
  console.log(
    seeded ? `Demo seeded: ${JSON.stringify(seeded)}` : 'The demo competition exists already; nothing to do.',
  );
} finally {
  await storage.close();
  await close();
}
