import { eq } from 'drizzle-orm';
import type { Db } from '../../app/db.ts';
import { competitions } from '../competitions/competitions.table.ts';
import { createLocalStorage } from '../uploads/storage.ts';
import { hashPassword } from '../users/users.service.ts';
import { users } from '../users/users.table.ts';
import { demoPassword, seedDemo } from './demo.seed.ts';

/** Seeds the demo unless it is there already. Returns what it made, or null. */
export async function seedDemoOnce({
  db,
  organizerEmail,
  storageDir,
}: {
  db: Db;
  organizerEmail: string;
  /** STORAGE_DIR: the demo's pitch decks are written there. */
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
    ...(storageDir ? { storage: createLocalStorage({ dir: storageDir }) } : {}),
  });
}
