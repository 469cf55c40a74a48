import {
  and,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  ilike,
  inArray,
  isNotNull,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import { compiled } from '../../app/compiled.ts';
import { type DbOrTx, inValues } from '../../app/db.ts';
import { worksOnTeam } from '../../app/team-access.ts';
import { competitionsView } from '../competitions/competitions.repository.ts';
import { usersView } from '../users/users.repository.ts';
import { entries, teamAccounts, teamMembers, teams } from './entries.table.ts';

export type TeamRow = typeof teams.$inferSelect;
export type TeamMemberRow = typeof teamMembers.$inferSelect;
export type EntryRow = typeof entries.$inferSelect;
export type EntryWithTeam = { entry: EntryRow; team: TeamRow };

export type EntryFilters = {
  competitionId: string;
  /** Only entries of teams this user works on, as owner or member (a team's own view). */
  teamUserId?: string;
  trackId?: string;
  status?: EntryRow['status'];
  country?: string;
  /** Words found (case-insensitively) in the title, summary, team, organization or a member. */
  q?: string;
};
export type EntrySortKey = 'createdAt' | 'updatedAt' | 'title' | 'team' | 'country';

/** Each sort as a text expression, so the keyset cursor compares exactly what ORDER BY orders. */
const sortExpressions: Record<EntrySortKey, SQL<string>> = {
  createdAt: sql<string>`to_char(${entries.createdAt} at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')`,
  updatedAt: sql<string>`to_char(${entries.updatedAt} at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')`,
  title: sql<string>`lower(${entries.title})`,
  team: sql<string>`lower(${teams.name})`,
  country: sql<string>`${teams.country}`,
};

// PostgreSQL takes at most 65,535 parameters per statement; imports insert in slices below that.
const chunk = <T>(rows: T[], size: number) =>
  Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));

/** `like` patterns match the words literally: % and _ in a search are not wildcards. */
const likePattern = (word: string) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Every word of a search must appear somewhere in the entry, its team or a member. */
const searchBy = (q: string | undefined) => {
  const words = (q ?? '').split(/\s+/).filter(Boolean).slice(0, 8);
  if (words.length === 0) return undefined;
  return and(
    ...words.map((word) => {
      const pattern = likePattern(word);
      return or(
        ilike(entries.title, pattern),
        ilike(entries.summary, pattern),
        ilike(teams.name, pattern),
        ilike(teams.organization, pattern),
        ilike(entries.id, pattern),
        sql`exists (select 1 from ${teamMembers} where ${teamMembers.teamId} = ${teams.id} and (${teamMembers.name} ilike ${pattern} or ${teamMembers.email} ilike ${pattern}))`,
      );
    }),
  );
};

/** What conflict detection knows of entries: their team's organization, country, members and owner. */
const forConflicts = (tx: DbOrTx, which: SQL) => {
  const owner = usersView(tx);
  return tx
    .select({
      id: entries.id,
      title: entries.title,
      trackId: entries.trackId,
      status: entries.status,
      avoidOrganizations: entries.avoidOrganizations,
      organization: teams.organization,
      country: teams.country,
      memberEmails: sql<
        string[]
      >`coalesce((select array_agg(${teamMembers.email}) from ${teamMembers} where ${teamMembers.teamId} = ${teams.id}), '{}')`,
      ownerEmail: owner.email,
    })
    .from(entries)
    .innerJoin(teams, eq(teams.id, entries.teamId))
    .leftJoin(owner, eq(owner.id, teams.ownerId))
    .where(which)
    .orderBy(asc(entries.id));
};
const entriesForConflicts = compiled(['competitionId', 'entryIds'], (tx, p) =>
  forConflicts(tx, and(eq(entries.competitionId, p.competitionId), inValues(entries.id, p.entryIds))!),
);
const submittedForConflicts = compiled(['competitionId'], (tx, p) =>
  forConflicts(tx, and(eq(entries.competitionId, p.competitionId), eq(entries.status, 'submitted'))!),
);

export function createEntriesRepository({ db }: { db: DbOrTx }) {
  const filterBy = (f: EntryFilters, skip: Partial<Record<'trackId' | 'status' | 'country', true>> = {}) =>
    and(
      eq(entries.competitionId, f.competitionId),
      searchBy(f.q),
      f.teamUserId ? worksOnTeam(f.teamUserId) : undefined,
      f.trackId && !skip.trackId ? eq(entries.trackId, f.trackId) : undefined,
      f.status && !skip.status ? eq(entries.status, f.status) : undefined,
      f.country && !skip.country ? eq(teams.country, f.country) : undefined,
    );

  return {
    // Teams
    findTeam: async (id: string, tx: DbOrTx = db) =>
      (await tx.select().from(teams).where(eq(teams.id, id)).limit(1))[0] ?? null,
    membersOf: (teamIds: string[], tx: DbOrTx = db) =>
      teamIds.length === 0
        ? Promise.resolve([] as TeamMemberRow[])
        : tx
            .select()
            .from(teamMembers)
            .where(inArray(teamMembers.teamId, teamIds))
            .orderBy(asc(teamMembers.teamId), asc(teamMembers.position)),
    insertTeam: async (values: typeof teams.$inferInsert, tx: DbOrTx = db) =>
      (await tx.insert(teams).values(values).returning())[0]!,
    updateTeam: async (id: string, values: Partial<typeof teams.$inferInsert>, tx: DbOrTx = db) =>
      (await tx.update(teams).set(values).where(eq(teams.id, id)).returning())[0]!,
    replaceMembers: async (
      teamId: string,
      members: Array<{ name: string; email: string }>,
      tx: DbOrTx = db,
    ) => {
      await tx.delete(teamMembers).where(eq(teamMembers.teamId, teamId));
      if (members.length === 0) return [];
      return tx
        .insert(teamMembers)
        .values(members.map((m, i) => ({ teamId, name: m.name, email: m.email, position: i + 1 })))
        .returning();
    },
    /** Teams a user owns or is a member of, with their competition and how many entries each has. */
    teamsOf: (userId: string, tx: DbOrTx = db) => {
      const competition = competitionsView(tx);
      return tx
        .select({
          team: teams,
          competition: {
            id: competition.id,
            name: competition.name,
            nameZh: competition.nameZh,
            slug: competition.slug,
            timezone: competition.timezone,
            submissionClosesAt: competition.submissionClosesAt,
          },
          entries: sql<number>`(select count(*)::int from ${entries} where ${entries.teamId} = ${teams.id})`,
        })
        .from(teams)
        .innerJoin(competition, eq(competition.id, teams.competitionId))
        .where(worksOnTeam(userId))
        .orderBy(desc(teams.createdAt), asc(teams.id));
    },

    // Entries
    /** Titles, teams, countries and tracks of entries, for the tally's table. */
    summaries: (entryIds: string[], tx: DbOrTx = db) =>
      entryIds.length === 0
        ? Promise.resolve([])
        : tx
            .select({
              id: entries.id,
              title: entries.title,
              teamName: teams.name,
              country: teams.country,
              trackId: entries.trackId,
            })
            .from(entries)
            .innerJoin(teams, eq(teams.id, entries.teamId))
            .where(inArray(entries.id, entryIds)),

    /**
     * What conflict detection needs to know about entries: the team's organization, country, every
     * listed member's email, and the organizations it asked to avoid. The owner's sign-in email is
     * not a member's unless the team lists it. Only submitted
     * entries take part in rounds, so only they are loaded, unless `entryIds` names others.
     */
    async forConflicts(competitionId: string, options: { entryIds?: string[] } = {}, tx: DbOrTx = db) {
      if (options.entryIds && options.entryIds.length === 0) return [];
      // One statement, its members aggregated beside each entry, and the ids as one array
      // parameter; compiled, since it runs on every batch of review saves.
      return options.entryIds
        ? entriesForConflicts(tx, { competitionId, entryIds: options.entryIds })
        : submittedForConflicts(tx, { competitionId });
    },

    /** How many entries (any status) are in the track. */
    countInTrack: async (trackId: string, tx: DbOrTx = db) =>
      (await tx.select({ n: count() }).from(entries).where(eq(entries.trackId, trackId)))[0]?.n ?? 0,

    findEntry: async (id: string, tx: DbOrTx = db): Promise<EntryWithTeam | null> =>
      (
        await tx
          .select({ entry: entries, team: teams })
          .from(entries)
          .innerJoin(teams, eq(teams.id, entries.teamId))
          .where(eq(entries.id, id))
          .limit(1)
      )[0] ?? null,
    /** Locks the entry row for the rest of the transaction (submit, withdraw, file changes). */
    lockEntry: async (id: string, tx: DbOrTx) =>
      (await tx.select().from(entries).where(eq(entries.id, id)).for('update').limit(1))[0] ?? null,
    insertEntry: async (values: typeof entries.$inferInsert, tx: DbOrTx = db) =>
      (await tx.insert(entries).values(values).returning())[0]!,
    updateEntry: async (id: string, values: Partial<typeof entries.$inferInsert>, tx: DbOrTx = db) =>
      (await tx.update(entries).set(values).where(eq(entries.id, id)).returning())[0]!,

    /** One page of entries, keyset-paginated on (sort key, id). */
    listEntries: (
      f: EntryFilters,
      page: { sort: EntrySortKey; order: 'asc' | 'desc'; after?: [string, string]; limit: number },
      tx: DbOrTx = db,
    ) => {
      const key = sortExpressions[page.sort];
      const cmp = page.order === 'asc' ? sql`>` : sql`<`;
      const dir = page.order === 'asc' ? sql`asc` : sql`desc`;
      return tx
        .select({ entry: entries, team: teams, sortKey: key })
        .from(entries)
        .innerJoin(teams, eq(teams.id, entries.teamId))
        .where(
          and(
            filterBy(f),
            page.after ? sql`(${key}, ${entries.id}) ${cmp} (${page.after[0]}, ${page.after[1]})` : undefined,
          ),
        )
        .orderBy(sql`${key} ${dir}`, sql`${entries.id} ${dir}`)
        .limit(page.limit + 1);
    },

    /** Counts for the organizer's charts; each facet leaves out its own filter. */
    async countEntries(f: EntryFilters, tx: DbOrTx = db) {
      const [byTrack, byCountry, byStatus, total] = await Promise.all([
        tx
          .select({ trackId: entries.trackId, count: count() })
          .from(entries)
          .innerJoin(teams, eq(teams.id, entries.teamId))
          .where(filterBy(f, { trackId: true }))
          .groupBy(entries.trackId),
        tx
          .select({ country: teams.country, count: count() })
          .from(entries)
          .innerJoin(teams, eq(teams.id, entries.teamId))
          .where(filterBy(f, { country: true }))
          .groupBy(teams.country)
          .orderBy(desc(count()), asc(teams.country)),
        tx
          .select({ status: entries.status, count: count() })
          .from(entries)
          .innerJoin(teams, eq(teams.id, entries.teamId))
          .where(filterBy(f, { status: true }))
          .groupBy(entries.status),
        tx
          .select({ count: count() })
          .from(entries)
          .innerJoin(teams, eq(teams.id, entries.teamId))
          .where(filterBy(f)),
      ]);
      return { byTrack, byCountry, byStatus, total: total[0]?.count ?? 0 };
    },

    /**
     * Every entry matching the filters, for an export: its team and members in one statement,
     * oldest first. `limit` caps what one file may carry.
     */
    exportEntries: (f: EntryFilters, limit: number, tx: DbOrTx = db) =>
      tx
        .select({
          entry: entries,
          team: teams,
          members: sql<
            Array<{ name: string; email: string }>
          >`coalesce((select json_agg(json_build_object('name', ${teamMembers.name}, 'email', ${teamMembers.email}) order by ${teamMembers.position}) from ${teamMembers} where ${teamMembers.teamId} = ${teams.id}), '[]'::json)`,
        })
        .from(entries)
        .innerJoin(teams, eq(teams.id, entries.teamId))
        .where(filterBy(f))
        .orderBy(asc(entries.createdAt), asc(entries.id))
        .limit(limit),

    // Who hears about a team, and what about (the team's mails)
    /**
     * Who hears from the platform about these teams, as the team knows them: the owner and the
     * members who accepted an invitation (their accounts), and the members the team listed by
     * address (an imported team has no accounts), lower-cased, in the team's order.
     */
    async teamPeople(teamIds: string[], tx: DbOrTx = db) {
      if (teamIds.length === 0) return { owners: [], members: [], listed: [] };
      const [owners, members, listed] = await Promise.all([
        tx.select({ teamId: teams.id, userId: teams.ownerId }).from(teams).where(inArray(teams.id, teamIds)),
        tx
          .select({ teamId: teamAccounts.teamId, userId: teamAccounts.userId })
          .from(teamAccounts)
          .where(and(inArray(teamAccounts.teamId, teamIds), isNotNull(teamAccounts.acceptedAt))),
        tx
          .select({ teamId: teamMembers.teamId, email: sql<string>`lower(${teamMembers.email})` })
          .from(teamMembers)
          .where(inArray(teamMembers.teamId, teamIds))
          .orderBy(teamMembers.teamId, teamMembers.position),
      ]);
      return { owners, members, listed };
    },
    /** The competition's entries, by their submission time (unsubmitted ones last), then id. */
    bySubmission: (competitionId: string, tx: DbOrTx = db) =>
      tx
        .select({ id: entries.id, submittedAt: entries.submittedAt })
        .from(entries)
        .where(eq(entries.competitionId, competitionId))
        .orderBy(asc(entries.submittedAt), asc(entries.id)),
    /** These entries with their team's id and name. */
    async entryTeams(entryIds: string[], tx: DbOrTx = db) {
      if (entryIds.length === 0) return [];
      return tx
        .select({ entryId: entries.id, title: entries.title, teamId: teams.id, teamName: teams.name })
        .from(entries)
        .innerJoin(teams, eq(teams.id, entries.teamId))
        .where(inArray(entries.id, entryIds));
    },
    /** The teams of a competition with at least one submitted entry. */
    teamsWithSubmittedEntries: (competitionId: string, tx: DbOrTx = db) =>
      tx
        .selectDistinct({ teamId: teams.id, teamName: teams.name })
        .from(teams)
        .innerJoin(entries, eq(entries.teamId, teams.id))
        .where(and(eq(teams.competitionId, competitionId), eq(entries.status, 'submitted'))),

    // Import
    async insertTeamsInBulk(rows: Array<typeof teams.$inferInsert>, tx: DbOrTx) {
      const out: TeamRow[] = [];
      for (const part of chunk(rows, 2000)) out.push(...(await tx.insert(teams).values(part).returning()));
      return out;
    },
    async insertMembersInBulk(rows: Array<typeof teamMembers.$inferInsert>, tx: DbOrTx) {
      for (const part of chunk(rows, 4000)) await tx.insert(teamMembers).values(part);
    },
    async insertEntriesInBulk(rows: Array<typeof entries.$inferInsert>, tx: DbOrTx) {
      const out: Array<{ id: string; teamId: string }> = [];
      for (const part of chunk(rows, 1000)) {
        out.push(
          ...(await tx.insert(entries).values(part).returning({ id: entries.id, teamId: entries.teamId })),
        );
      }
      return out;
    },
  };
}
export type EntriesRepository = ReturnType<typeof createEntriesRepository>;

// Read views: what other modules may read of these tables inside a statement of their own (see
// competitionsView). Writes never go through a view.

/** Entries, every column: read as a whole `EntryRow`. */
export const entriesView = (db: DbOrTx) =>
  db.select(getTableColumns(entries)).from(entries).as('entries_view');

/** Teams: name, organization and country (what judges and boards show of a team), and when changed. */
export const teamsView = (db: DbOrTx) =>
  db
    .select({
      id: teams.id,
      name: teams.name,
      organization: teams.organization,
      country: teams.country,
      updatedAt: teams.updatedAt,
    })
    .from(teams)
    .as('teams_view');
