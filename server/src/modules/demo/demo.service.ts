import { eq } from 'drizzle-orm';
import type { Db } from '../../app/db.ts';
import { competitions } from '../competitions/competitions.table.ts';
import { createLocalStorage, type Storage } from '../uploads/storage.ts';
import { hashPassword } from '../users/passwords.ts';
import { users } from '../users/users.table.ts';
import { demoPassword, seedDemo } from './demo.seed.ts';

/** Seeds the demo unless it is there already. Returns what it made, or null. */
export async function seedDemoOnce({
  db,
  organizerEmail,
  storage,
  storageDir,
}: {
  db: Db;
  organizerEmail: string;
  /** Where the demo's pitch decks are written: the platform's storage, disk or S3. */
  storage?: Pick<Storage, 'put'>;
  /** Or a storage directory, for the same. */
  storageDir?: string;
}) {
  const [existing] = await db
    .select({ id: competitions.id })
    .from(competitions)
    .where(eq(competitions.slug, 'wuzhen-2026'));
  if (existing) return null;
  const [organizer] = await db.select().from(users).where(eq(users.email, organizerEmail.toLowerCase()));
  if (!organizer)
    throw new Error(`The organizer ${organizerEmail} does not exist; start the platform once first.`);
  return seedDemo({
    db,
    organizerId: organizer.id,
    passwordHash: await hashPassword(demoPassword),
    ...(storage ? { storage } : storageDir ? { storage: createLocalStorage({ dir: storageDir }) } : {}),
  });
}
