import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, unique, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, timestamps, tstz } from '../../app/columns.ts';
import { competitions, tracks } from '../competitions/competitions.table.ts';
import { users } from '../users/users.table.ts';

export const teams = pgTable(
  'teams',
  {
    id: id(),
    competitionId: text()
      .notNull()
      .references(() => competitions.id, { onDelete: 'cascade' }),
    ownerId: text().references(() => users.id, { onDelete: 'set null' }),
    name: text().notNull(),
    organization: text().notNull(),
    /** ISO 3166-1 alpha-2. */
    country: text().notNull(),
    ...timestamps(),
  },
  (t) => [
    index('teams_competition_idx').on(t.competitionId),
    index('teams_owner_idx').on(t.ownerId),
    check('teams_country', sql`${t.country} ~ '^[A-Z]{2}$'`),
  ],
);

export const teamMembers = pgTable(
  'team_members',
  {
    id: id(),
    teamId: text()
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    email: text().notNull(),
    position: integer().notNull(),
  },
  (t) => [index('team_members_team_idx').on(t.teamId), index('team_members_email_idx').on(t.email)],
);

/**
 * Accounts that work on a team besides its owner. The owner invites an address; the membership is
 * claimed only through the mailed token (its sha256 is stored) or by an account that verified that
 * address, never by registering with it. Once claimed, the member edits the team's entries and
 * reads its results like the owner.
 */
export const teamAccounts = pgTable(
  'team_accounts',
  {
    id: id(),
    teamId: text()
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    email: text().notNull(),
    userId: text().references(() => users.id, { onDelete: 'cascade' }),
    invitationTokenHash: text(),
    /** The mailed link works until then (and once); a new invitation replaces it. */
    invitationExpiresAt: tstz(),
    invitedBy: text().references(() => users.id, { onDelete: 'set null' }),
    acceptedAt: tstz(),
    createdAt: createdAt(),
  },
  (t) => [
    unique('team_accounts_team_email_key').on(t.teamId, t.email),
    uniqueIndex('team_accounts_invitation_key').on(t.invitationTokenHash),
    index('team_accounts_user_idx').on(t.userId),
  ],
);

export const entries = pgTable(
  'entries',
  {
    id: id(),
    competitionId: text()
      .notNull()
      .references(() => competitions.id, { onDelete: 'cascade' }),
    teamId: text()
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    trackId: text().references(() => tracks.id, { onDelete: 'restrict' }),
    title: text().notNull().default(''),
    summary: text().notNull().default(''),
    description: text().notNull().default(''),
    websiteUrl: text(),
    videoUrl: text(),
    /** Organizations the team asks not to be judged by (a declared conflict source). */
    avoidOrganizations: text().array().notNull().default(sql`'{}'::text[]`),
    status: text({ enum: ['draft', 'submitted', 'withdrawn', 'disqualified'] })
      .notNull()
      .default('draft'),
    submittedAt: tstz(),
    /**
     * An organizer's extension of this entry's own deadline: its team may change it until then,
     * even after the competition's submissions closed. Null: the competition's deadline holds.
     */
    deadlineExtendedUntil: tstz(),
    ...timestamps(),
  },
  (t) => [
    index('entries_competition_idx').on(t.competitionId, t.status, t.trackId),
    index('entries_team_idx').on(t.teamId),
    check('entries_status', sql`${t.status} in ('draft', 'submitted', 'withdrawn', 'disqualified')`),
    check('entries_summary_length', sql`char_length(${t.summary}) <= 300`),
  ],
);
