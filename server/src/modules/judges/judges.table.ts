import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, unique, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, timestamps, tstz } from '../../app/columns.ts';
import { competitions } from '../competitions/competitions.table.ts';
import { entries } from '../entries/entries.table.ts';
import { users } from '../users/users.table.ts';

/** A judge's profile in one competition. The user account is linked, never duplicated. */
export const judges = pgTable(
  'judges',
  {
    id: id(),
    competitionId: text()
      .notNull()
      .references(() => competitions.id, { onDelete: 'cascade' }),
    /**
     * The account that claimed this profile: through the invitation token, or through an address
     * the account verified. Null until then (and after the organizer revokes the access), so an
     * account registered with the judge's address is not the judge.
     */
    userId: text().references(() => users.id, { onDelete: 'set null' }),
    name: text().notNull(),
    email: text().notNull(),
    organization: text().notNull().default(''),
    country: text().notNull(),
    /** Track ids, most expert first: the first earns affinity 2, the others 1. */
    expertise: text().array().notNull().default(sql`'{}'::text[]`),
    /** Overrides the round's default capacity when set. */
    capacity: integer(),
    /** sha256 of the invitation token; null once accepted. */
    invitationTokenHash: text(),
    invitationAcceptedAt: tstz(),
    /** When an organizer revoked this judge's access; a new invitation clears it. */
    accessRevokedAt: tstz(),
    ...timestamps(),
  },
  (t) => [
    unique('judges_competition_user_key').on(t.competitionId, t.userId),
    uniqueIndex('judges_invitation_key').on(t.invitationTokenHash),
    check('judges_capacity', sql`${t.capacity} is null or ${t.capacity} between 0 and 100000`),
    check('judges_country', sql`${t.country} ~ '^[A-Z]{2}$'`),
  ],
);

/** Declared conflicts. Detected ones (organization, email domain, country) are computed, not stored. */
export const conflicts = pgTable(
  'conflicts',
  {
    id: id(),
    competitionId: text()
      .notNull()
      .references(() => competitions.id, { onDelete: 'cascade' }),
    judgeId: text()
      .notNull()
      .references(() => judges.id, { onDelete: 'cascade' }),
    entryId: text()
      .notNull()
      .references(() => entries.id, { onDelete: 'cascade' }),
    source: text({ enum: ['judge', 'organizer', 'recusal'] }).notNull(),
    reason: text().notNull().default(''),
    createdBy: text().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    unique('conflicts_key').on(t.judgeId, t.entryId, t.source),
    index('conflicts_entry_idx').on(t.entryId),
    check('conflicts_source', sql`${t.source} in ('judge', 'organizer', 'recusal')`),
  ],
);
