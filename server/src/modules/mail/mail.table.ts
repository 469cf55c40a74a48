import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, tstz } from '../../app/columns.ts';
import { competitions } from '../competitions/competitions.table.ts';
import { users } from '../users/users.table.ts';

export const mailStates = ['kept', 'pending', 'sending', 'sent', 'retrying', 'failed', 'unknown'] as const;
export type MailState = (typeof mailStates)[number];

/**
 * The outbox: every mail is a row written in the same transaction as the change that causes it,
 * then delivered by the worker (mail.jobs.ts). States:
 * - kept: no SMTP server is configured; the mail is read on the Outbox page instead;
 * - pending: waiting for its first delivery attempt;
 * - sending: claimed by a worker until `leaseUntil`;
 * - sent; retrying (the last attempt failed, another is due at `nextAttemptAt`);
 * - failed: every attempt failed, `lastError` holds the server's answer;
 * - unknown: a worker stopped while delivering it; it may or may not have arrived, and is never
 *   resent blindly (see mail.service.ts).
 */
export const mails = pgTable(
  'mails',
  {
    id: id(),
    /** Null for account mails (verification, password reset). */
    competitionId: text().references(() => competitions.id, { onDelete: 'cascade' }),
    kind: text().notNull(),
    recipientEmail: text().notNull(),
    recipientUserId: text().references(() => users.id, { onDelete: 'set null' }),
    language: text({ enum: ['en', 'zh'] }).notNull(),
    subject: text().notNull(),
    text: text().notNull(),
    html: text().notNull(),
    state: text({ enum: mailStates }).notNull(),
    attempts: integer().notNull().default(0),
    lastError: text(),
    nextAttemptAt: tstz(),
    leaseUntil: tstz(),
    sentAt: tstz(),
    /** Set when at most one such mail may exist (one reminder per judge and day). */
    dedupeKey: text(),
    createdAt: createdAt(),
  },
  (t) => [
    index('mails_competition_idx').on(t.competitionId, t.createdAt),
    index('mails_state_idx').on(t.state, t.nextAttemptAt),
    uniqueIndex('mails_dedupe_key').on(t.dedupeKey),
    check(
      'mails_state',
      sql`${t.state} in ('kept', 'pending', 'sending', 'sent', 'retrying', 'failed', 'unknown')`,
    ),
  ],
);
