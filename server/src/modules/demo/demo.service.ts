import type { Db } from '../../app/db.ts';
import { createCompetitionsRepository } from '../competitions/competitions.repository.ts';
import { createLocalStorage, type Storage } from '../uploads/storage.ts';
import { hashPassword } from '../users/passwords.ts';
import { createUsersRepository } from '../users/users.repository.ts';
import { playDemoPreliminary } from './demo.preliminary.ts';
import { demoPassword, seedDemo } from './demo.seed.ts';
import { seedDemoSetupCompetition } from './demo.setup.ts';

/**
 * How far the demo has run: `final` (the default) has the preliminary reviewed, tallied and
 * advanced and the live final ready; `entries` stops where submissions are in and nothing is
 * assigned yet, to walk the pipeline from its start.
 */
export const demoStages = ['entries', 'final'] as const;
export type DemoStage = (typeof demoStages)[number];

/** Seeds the demo unless it is there already. Returns what it made, or null. */
export async function seedDemoOnce({
  db,
  organizerEmail,
  storage,
  storageDir,
  stage = 'final',
  now = new Date(),
}: {
  db: Db;
  organizerEmail: string;
  /** Where the demo's pitch decks are written: the platform's storage, disk or S3. */
  storage?: Pick<Storage, 'put'>;
  /** Or a storage directory, for the same. */
  storageDir?: string;
  stage?: DemoStage;
  now?: Date;
}) {
  if (await createCompetitionsRepository({ db }).findBySlug('wuzhen-2026')) return null;
  const organizer = await createUsersRepository({ db }).findByEmail(organizerEmail);
  if (!organizer)
    throw new Error(`The organizer ${organizerEmail} does not exist; start the platform once first.`);
  const seeded = await seedDemo({
    db,
    organizerId: organizer.id,
    passwordHash: await hashPassword(demoPassword),
    now,
    ...(storage ? { storage } : storageDir ? { storage: createLocalStorage({ dir: storageDir }) } : {}),
  });
  const preliminary =
    stage === 'final'
      ? await playDemoPreliminary({ db, competitionId: seeded.competitionId, organizerId: organizer.id, now })
      : null;
  const setup = await seedDemoSetupCompetition({ db, organizerId: organizer.id, now });
  return { ...seeded, stage, preliminary, setupCompetitionId: setup.competitionId };
}
