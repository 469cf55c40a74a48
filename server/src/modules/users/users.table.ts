import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, timestamps, tstz } from '../../app/columns.ts';

export const users = pgTable(
  'users',
  {
    id: id(),
    /** Stored lower-cased; unique. */
    email: text().notNull(),
    name: text().notNull(),
    /** argon2id; null for an invited judge who has not yet set a password. */
    passwordHash: text(),
    /** The ORGANIZER_EMAIL user: may create competitions. */
    canCreateCompetitions: boolean().notNull().default(false),
    /**
     * When the person proved they read mail at `email` (a verification link, an accepted
     * invitation, or the configured first organizer). Until then the address claims nothing that
     * others created for it: no judge profile, no team membership, no co-organizer role.
     */
    emailVerifiedAt: tstz(),
    /** The language of the mails this person receives and of the web app's first view. */
    language: text({ enum: ['en', 'zh'] })
      .notNull()
      .default('en'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('users_email_key').on(t.email),
    check('users_email_lower', sql`${t.email} = lower(${t.email})`),
    check('users_language', sql`${t.language} in ('en', 'zh')`),
  ],
);

/**
 * Single-use links mailed to a person: an email verification or a password reset. Only the
 * token's sha256 is stored; a used or expired row opens nothing.
 */
export const accountTokens = pgTable(
  'account_tokens',
  {
    id: id(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text({ enum: ['verify_email', 'reset_password'] }).notNull(),
    tokenHash: text().notNull(),
    /** The address the link was sent to: verifying proves this one, not a later changed one. */
    email: text().notNull(),
    expiresAt: tstz().notNull(),
    usedAt: tstz(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('account_tokens_hash_key').on(t.tokenHash),
    index('account_tokens_user_idx').on(t.userId, t.purpose),
    check('account_tokens_purpose', sql`${t.purpose} in ('verify_email', 'reset_password')`),
  ],
);

/**
 * Server-side sessions, so any API process can serve any user. The cookie carries a random token;
 * only its sha256 is stored, so a leaked table cannot be replayed.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: tstz().notNull(),
    userAgent: text(),
    createdAt: createdAt(),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);
