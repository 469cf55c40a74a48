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
  ne,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import { type DbOrTx, equalsAny } from '../../app/db.ts';
import { worksOnTeam } from '../../app/team-access.ts';
import { assignments } from '../assignment/assignment.table.ts';
import { competitions, rounds } from '../competitions/competitions.table.ts';
import { judges } from '../judges/judges.table.ts';
import { files } from '../uploads/uploads.table.ts';
import { users } from '../users/users.table.ts';
import { entries, teamAccounts, teamMembers, teams } from './entries.table.ts';

export type TeamRow = typeof teams.$inferSelect;
export type TeamMemberRow = typeof teamMembers.$inferSelect;
export type EntryRow = typeof entries.$inferSelect;
export type FileRow = typeof files.$inferSelect;
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
    teamsOf: (userId: string, tx: DbOrTx = db) =>
      tx
        .select({
          team: teams,
          competition: {
            id: competitions.id,
            name: competitions.name,
            slug: competitions.slug,
            timezone: competitions.timezone,
            submissionClosesAt: competitions.submissionClosesAt,
          },
          entries: sql<number>`(select count(*)::int from ${entries} where ${entries.teamId} = ${teams.id})`,
        })
        .from(teams)
        .innerJoin(competitions, eq(competitions.id, teams.competitionId))
        .where(worksOnTeam(userId))
        .orderBy(desc(teams.createdAt), asc(teams.id)),

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
      // parameter: it runs on every batch of review saves, where an `in (…)` list of a hundred ids
      // was a statement planned afresh each time, and the members a second round trip after it.
      const rows = await tx
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
        })
        .from(entries)
        .innerJoin(teams, eq(teams.id, entries.teamId))
        .where(
          and(
            eq(entries.competitionId, competitionId),
            options.entryIds ? equalsAny(entries.id, options.entryIds) : eq(entries.status, 'submitted'),
          ),
        )
        .orderBy(asc(entries.id));
      return rows;
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
     * Every entry matching the filters, for an export: its team, members and file counts in one
     * statement, oldest first. `limit` caps what one file may carry.
     */
    exportEntries: (f: EntryFilters, limit: number, tx: DbOrTx = db) =>
      tx
        .select({
          entry: entries,
          team: teams,
          members: sql<
            Array<{ name: string; email: string }>
          >`coalesce((select json_agg(json_build_object('name', ${teamMembers.name}, 'email', ${teamMembers.email}) order by ${teamMembers.position}) from ${teamMembers} where ${teamMembers.teamId} = ${teams.id}), '[]'::json)`,
          decks: sql<number>`(select count(*)::int from ${files} where ${files.entryId} = ${entries.id} and ${files.kind} = 'deck')`,
          videos: sql<number>`(select count(*)::int from ${files} where ${files.entryId} = ${entries.id} and ${files.kind} = 'video')`,
          images: sql<number>`(select count(*)::int from ${files} where ${files.entryId} = ${entries.id} and ${files.kind} = 'image')`,
        })
        .from(entries)
        .innerJoin(teams, eq(teams.id, entries.teamId))
        .where(filterBy(f))
        .orderBy(asc(entries.createdAt), asc(entries.id))
        .limit(limit),

    // Files
    filesOf: (entryIds: string[], tx: DbOrTx = db) =>
      entryIds.length === 0
        ? Promise.resolve([] as FileRow[])
        : tx
            .select()
            .from(files)
            .where(inArray(files.entryId, entryIds))
            .orderBy(asc(files.createdAt), asc(files.id)),
    fileCountsOf: (entryIds: string[], tx: DbOrTx = db) =>
      entryIds.length === 0
        ? Promise.resolve([] as Array<{ entryId: string; kind: FileRow['kind']; count: number }>)
        : tx
            .select({ entryId: files.entryId, kind: files.kind, count: count() })
            .from(files)
            .where(inArray(files.entryId, entryIds))
            .groupBy(files.entryId, files.kind),
    countFiles: async (entryId: string, kind: FileRow['kind'], tx: DbOrTx = db) =>
      (
        await tx
          .select({ n: count() })
          .from(files)
          .where(and(eq(files.entryId, entryId), eq(files.kind, kind)))
      )[0]?.n ?? 0,
    findFile: async (id: string, tx: DbOrTx = db) =>
      (
        await tx
          .select({ file: files, entry: entries, team: teams })
          .from(files)
          .innerJoin(entries, eq(entries.id, files.entryId))
          .innerJoin(teams, eq(teams.id, entries.teamId))
          .where(eq(files.id, id))
          .limit(1)
      )[0] ?? null,
    insertFile: async (values: typeof files.$inferInsert, tx: DbOrTx = db) =>
      (await tx.insert(files).values(values).returning())[0]!,
    deleteFile: (id: string, tx: DbOrTx = db) => tx.delete(files).where(eq(files.id, id)),
    /** How many file rows use a stored blob: identical uploads share one. */
    countFilesWithKey: async (storageKey: string, tx: DbOrTx = db) =>
      (await tx.select({ n: count() }).from(files).where(eq(files.storageKey, storageKey)))[0]?.n ?? 0,
    /** Serializes everything that creates or removes the blob under this key. */
    lockStorageKey: (storageKey: string, tx: DbOrTx) =>
      tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${storageKey}, 0))`),

    // Judges
    /** A judge of the entry's competition holds a live (not recused) assignment to it and declared no conflict. */
    /**
     * The judge rows through which a user is assigned to an entry that is still in competition:
     * active assignments (not recused) on a submitted entry, each with its round's country policy.
     * Whether a conflict hides the entry anyway is the access module's to decide.
     */
    judgeAssignmentsOn: (userId: string, entry: Pick<EntryRow, 'id' | 'competitionId'>, tx: DbOrTx = db) =>
      tx
        .select({ judgeId: judges.id, sameCountry: rounds.conflictSameCountry })
        .from(assignments)
        .innerJoin(judges, eq(judges.id, assignments.judgeId))
        .innerJoin(rounds, eq(rounds.id, assignments.roundId))
        .innerJoin(entries, eq(entries.id, assignments.entryId))
        .where(
          and(
            eq(assignments.entryId, entry.id),
            eq(judges.userId, userId),
            eq(judges.competitionId, entry.competitionId),
            ne(assignments.status, 'recused'),
            eq(entries.status, 'submitted'),
          ),
        ),

    // Who hears about a team, and what about (the team's mails)
    /**
     * Everyone who hears from the platform about these teams: the owner and the members who
     * accepted an invitation, with their accounts' language, and the members the team listed by
     * address (an imported team has no accounts), with the language of an account with that
     * address if there is one. Listed members come in the team's order.
     */
    async teamAddressees(teamIds: string[], tx: DbOrTx = db) {
      type Addressee = { teamId: string; email: string; userId: string | null; language: 'en' | 'zh' | null };
      if (teamIds.length === 0) return [] as Addressee[];
      const [owners, members, listed] = await Promise.all([
        tx
          .select({ teamId: teams.id, email: users.email, userId: users.id, language: users.language })
          .from(teams)
          .innerJoin(users, eq(users.id, teams.ownerId))
          .where(inArray(teams.id, teamIds)),
        tx
          .select({
            teamId: teamAccounts.teamId,
            email: users.email,
            userId: users.id,
            language: users.language,
          })
          .from(teamAccounts)
          .innerJoin(users, eq(users.id, teamAccounts.userId))
          .where(and(inArray(teamAccounts.teamId, teamIds), isNotNull(teamAccounts.acceptedAt))),
        tx
          .select({
            teamId: teamMembers.teamId,
            email: sql<string>`lower(${teamMembers.email})`,
            userId: users.id,
            language: users.language,
          })
          .from(teamMembers)
          .leftJoin(users, eq(users.email, sql`lower(${teamMembers.email})`))
          .where(inArray(teamMembers.teamId, teamIds))
          .orderBy(teamMembers.teamId, teamMembers.position),
      ]);
      return [...owners, ...members, ...listed] as Addressee[];
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

/** Teams: name, organization and country (what judges and boards show of a team). */
export const teamsView = (db: DbOrTx) =>
  db
    .select({ id: teams.id, name: teams.name, organization: teams.organization, country: teams.country })
    .from(teams)
    .as('teams_view');
