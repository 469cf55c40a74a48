import type {
  EntryDeadlineBody,
  EntryExportParams,
  EntryList,
  EntryListParams,
  EntryModerationBody,
  MyTeam,
} from '@wuzhen/shared';
import type { Access } from '../../app/auth.ts';
import type { Db, DbOrTx } from '../../app/db.ts';
import { forbidden, notFound } from '../../app/errors.ts';
import type { Actor } from '../../app/request-context.ts';
import type { AuditRecord, AuditService } from '../audit/audit.service.ts';
import type { CompetitionRow, CompetitionsRepository } from '../competitions/competitions.repository.ts';
import { deadlinePassed } from '../competitions/competitions.service.ts';
import type { Outbox } from '../mail/mail.service.ts';
import type { TeamNotices } from '../mail/team-notices.ts';
import { entriesErrors } from './entries.errors.ts';
import {
  decodeCursor,
  encodeCursor,
  missingForSubmission,
  toEntry,
  toEntryListItem,
  toExportRows,
  toTeam,
  validateImport,
} from './entries.fns.ts';
import type {
  EntriesRepository,
  EntryFilters,
  EntryRow,
  EntryWithTeam,
  TeamRow,
} from './entries.repository.ts';

type TeamInput = {
  name: string;
  organization: string;
  country: string;
  members: Array<{ name: string; email: string }>;
};
type EntryInput = {
  trackId: string;
  title: string;
  summary: string;
  description: string;
  websiteUrl?: string | null;
  videoUrl?: string | null;
  avoidOrganizations: string[];
};

/**
 * One rule of who may see an entry (and so open its files). The service checks its own rules
 * (organizer, owning team, assigned judge); other features add theirs through `extraVisibility`
 * (for example, published winners for the public).
 */
export type VisibilityRule = (
  user: Actor,
  entry: Pick<EntryRow, 'id' | 'competitionId' | 'teamId'>,
) => Promise<boolean>;

const auditChunk = 1000;
/** Most rows one export carries: far above a competition's 1,100 entries. */
const exportLimit = 50_000;

export function createEntriesService({
  db,
  entries,
  competitions,
  access,
  audit,
  now = () => new Date(),
  extraVisibility = [],
  teamNotices,
  outbox,
}: {
  db: Db;
  /** The team's mails (receipt, withdrawal), written in the transaction of the change. */
  teamNotices: Pick<TeamNotices, 'submissionReceipt' | 'withdrawal' | 'disqualification'>;
  outbox: Pick<Outbox, 'dispatch'>;
  entries: EntriesRepository;
  competitions: Pick<CompetitionsRepository, 'findById' | 'tracksOf'>;
  access: Pick<Access, 'isOrganizer' | 'judgeSeesEntry' | 'teamRole'>;
  audit: Pick<AuditService, 'record'>;
  now?: () => Date;
  extraVisibility?: VisibilityRule[];
}) {
  /** The team's owner or one of its members (access.teamRole decides): they act alike on entries. */
  const isOnTeam = async (user: Actor, team: Pick<TeamRow, 'id' | 'ownerId'>) =>
    (await access.teamRole(user.id, team)) !== null;

  async function competitionOf(competitionId: string) {
    const competition = await competitions.findById(competitionId);
    if (!competition) throw notFound('That competition');
    return competition;
  }
  const isOpen = (competition: CompetitionRow) => !deadlinePassed(competition, now());
  const assertOpen = (competition: CompetitionRow) => {
    if (!isOpen(competition)) throw entriesErrors.deadlinePassed(competition);
  };
  /**
   * The deadline rule for one entry: the competition's deadline, or later when an organizer
   * extended this entry's own (PRODUCT.md: editable until the deadline, then 409).
   */
  const isOpenFor = (competition: CompetitionRow, entry: Pick<EntryRow, 'deadlineExtendedUntil'>) =>
    isOpen(competition) ||
    (entry.deadlineExtendedUntil !== null && now().getTime() < entry.deadlineExtendedUntil.getTime());
  const assertOpenFor = (competition: CompetitionRow, entry: Pick<EntryRow, 'deadlineExtendedUntil'>) => {
    if (!isOpenFor(competition, entry)) throw entriesErrors.deadlinePassed(competition);
  };

  async function assertTrack(competitionId: string, trackId: string) {
    const tracks = await competitions.tracksOf([competitionId]);
    if (!tracks.some((t) => t.id === trackId)) {
      throw entriesErrors.unknownTrack();
    }
  }

  const rules: VisibilityRule[] = [
    async (user, entry) => access.isOrganizer(user.id, entry.competitionId),
    async (user, entry) => {
      const team = await entries.findTeam(entry.teamId);
      return !!team && (await isOnTeam(user, team));
    },
    async (user, entry) => access.judgeSeesEntry(user.id, entry),
    ...extraVisibility,
  ];

  /**
   * Who may see an entry and its files (PRODUCT.md's table): the organizers of its competition,
   * the team that owns it, and a judge as `access.judgeSeesEntry` decides.
   */
  async function canSeeEntry(user: Actor, entry: Pick<EntryRow, 'id' | 'competitionId' | 'teamId'>) {
    for (const rule of rules) if (await rule(user, entry)) return true;
    return false;
  }

  /** Who may change an entry: its team's owner or an organizer. Anyone else gets 404. */
  async function roleForChange(user: Actor, found: EntryWithTeam | null): Promise<'owner' | 'organizer'> {
    if (found && (await isOnTeam(user, found.team))) return 'owner';
    if (found && (await access.isOrganizer(user.id, found.entry.competitionId))) return 'organizer';
    throw notFound('That entry');
  }

  async function describeEntry(found: EntryWithTeam, competition: CompetitionRow, tx: DbOrTx = db) {
    return toEntry({
      ...found,
      files: await entries.filesOf([found.entry.id], tx),
      editable: isOpenFor(competition, found.entry),
    });
  }

  async function loadTeam(teamId: string, tx: DbOrTx = db) {
    const team = await entries.findTeam(teamId, tx);
    if (!team) return null;
    return toTeam(team, await entries.membersOf([team.id], tx));
  }

  /** An entry for an organizer's action: 404 to whoever may not see it, 403 to its team or judges. */
  async function organizerEntry(user: Actor, entryId: string) {
    const found = await entries.findEntry(entryId);
    if (!found || !(await canSeeEntry(user, found.entry))) throw notFound('That entry');
    if (!(await access.isOrganizer(user.id, found.entry.competitionId)))
      throw forbidden('Only the organizers of this competition may do this to an entry.');
    return found;
  }

  /**
   * An organizer's change of an entry's status, with its reason, audited in the same transaction.
   * `from` lists the statuses it may start from; anything else is a 409 that says what the entry is.
   */
  async function changeStatus(
    user: Actor,
    entryId: string,
    change: { to: EntryRow['status']; from: EntryRow['status'][]; action: string; reason: string },
    requestId: string,
  ) {
    const found = await organizerEntry(user, entryId);
    const competition = await competitionOf(found.entry.competitionId);
    const result = await db.transaction(async (tx) => {
      const locked = (await entries.lockEntry(entryId, tx))!;
      if (!change.from.includes(locked.status)) {
        throw entriesErrors.statusConflict(locked.status, change);
      }
      const entry = await entries.updateEntry(
        locked.id,
        {
          status: change.to,
          updatedAt: now(),
          ...(change.to === 'submitted' && !locked.submittedAt ? { submittedAt: now() } : {}),
        },
        tx,
      );
      await audit.record(tx, {
        competitionId: locked.competitionId,
        actorId: user.id,
        action: change.action,
        entityType: 'entry',
        entityId: locked.id,
        before: { status: locked.status },
        after: { status: entry.status, reason: change.reason },
        requestId,
      });
      // The team hears of it in this transaction, as when it withdraws the entry itself.
      const mailIds =
        change.to === 'withdrawn'
          ? await teamNotices.withdrawal(tx, competition, [entry.id])
          : change.to === 'disqualified'
            ? await teamNotices.disqualification(tx, competition, [entry.id], change.reason)
            : [];
      return { entry: await describeEntry({ entry, team: found.team }, competition, tx), mailIds };
    });
    await outbox.dispatch(result.mailIds);
    return result.entry;
  }

  return {
    canSeeEntry,
    isOpen,
    isOpenFor,
    assertOpen,
    competitionOf,

    /**
     * The entry, its team and competition, for a change by its owner or an organizer: 404 for anyone
     * else, 409 after the deadline.
     */
    async entryForChange(user: Actor, entryId: string, { ownerOnly = false } = {}) {
      const found = await entries.findEntry(entryId);
      const role = await roleForChange(user, found);
      if (ownerOnly && role !== 'owner') throw forbidden('Only the team that owns this entry may do this.');
      const competition = await competitionOf(found!.entry.competitionId);
      assertOpenFor(competition, found!.entry);
      return { ...found!, competition, role };
    },

    async createTeam(user: Actor, competitionId: string, input: TeamInput, requestId: string) {
      const competition = await competitionOf(competitionId);
      if (!isOpen(competition)) {
        throw entriesErrors.registrationClosed(competition);
      }
      return db.transaction(async (tx) => {
        const team = await entries.insertTeam(
          {
            competitionId,
            ownerId: user.id,
            name: input.name,
            organization: input.organization,
            country: input.country,
          },
          tx,
        );
        const members = await entries.replaceMembers(team.id, input.members, tx);
        const shaped = toTeam(team, members);
        await audit.record(tx, {
          competitionId,
          actorId: user.id,
          action: 'team.created',
          entityType: 'team',
          entityId: team.id,
          after: shaped,
          requestId,
        });
        return shaped;
      });
    },

    async getTeam(user: Actor, teamId: string) {
      const team = await entries.findTeam(teamId);
      if (
        !team ||
        !((await isOnTeam(user, team)) || (await access.isOrganizer(user.id, team.competitionId)))
      ) {
        throw notFound('That team');
      }
      return (await loadTeam(team.id))!;
    },

    async updateTeam(user: Actor, teamId: string, patch: Partial<TeamInput>, requestId: string) {
      const team = await entries.findTeam(teamId);
      const owner = !!team && (await isOnTeam(user, team));
      if (!team || !(owner || (await access.isOrganizer(user.id, team.competitionId))))
        throw notFound('That team');
      // Organizers may correct a team's details at any time; the team itself until the deadline.
      if (owner && !(await access.isOrganizer(user.id, team.competitionId))) {
        const competition = await competitionOf(team.competitionId);
        if (!isOpen(competition)) throw entriesErrors.deadlinePassed(competition, 'Team details');
      }
      const before = (await loadTeam(team.id))!;
      return db.transaction(async (tx) => {
        const { members, ...fields } = patch;
        if (Object.keys(fields).length > 0) await entries.updateTeam(team.id, fields, tx);
        else await entries.updateTeam(team.id, { updatedAt: now() }, tx);
        if (members) await entries.replaceMembers(team.id, members, tx);
        const after = (await loadTeam(team.id, tx))!;
        await audit.record(tx, {
          competitionId: team.competitionId,
          actorId: user.id,
          action: 'team.updated',
          entityType: 'team',
          entityId: team.id,
          before,
          after,
          requestId,
        });
        return after;
      });
    },

    async myTeams(user: Actor): Promise<MyTeam[]> {
      const rows = await entries.teamsOf(user.id);
      const members = await entries.membersOf(rows.map((r) => r.team.id));
      return rows.map((r) => ({
        ...toTeam(r.team, members),
        competition: { ...r.competition, submissionClosesAt: r.competition.submissionClosesAt.toISOString() },
        entries: r.entries,
        role: r.team.ownerId === user.id ? ('owner' as const) : ('member' as const),
      }));
    },

    async createEntry(
      user: Actor,
      competitionId: string,
      input: EntryInput & { teamId: string },
      requestId: string,
    ) {
      const competition = await competitionOf(competitionId);
      const team = await entries.findTeam(input.teamId);
      if (!team || team.competitionId !== competitionId || !(await isOnTeam(user, team)))
        throw notFound('That team');
      assertOpen(competition);
      await assertTrack(competitionId, input.trackId);
      return db.transaction(async (tx) => {
        const entry = await entries.insertEntry(
          {
            competitionId,
            teamId: team.id,
            trackId: input.trackId,
            title: input.title,
            summary: input.summary,
            description: input.description,
            websiteUrl: input.websiteUrl ?? null,
            videoUrl: input.videoUrl ?? null,
            avoidOrganizations: input.avoidOrganizations,
            status: 'draft',
          },
          tx,
        );
        await audit.record(tx, {
          competitionId,
          actorId: user.id,
          action: 'entry.created',
          entityType: 'entry',
          entityId: entry.id,
          after: entry,
          requestId,
        });
        return toEntry({ entry, team, files: [], editable: true });
      });
    },

    async getEntry(user: Actor, entryId: string) {
      const found = await entries.findEntry(entryId);
      if (!found || !(await canSeeEntry(user, found.entry))) throw notFound('That entry');
      return describeEntry(found, await competitionOf(found.entry.competitionId));
    },

    /**
     * The team changes its entry until the deadline, and a submitted one stays complete. An
     * organizer may correct a submitted entry also after the deadline, and also one that arrived
     * incomplete (imported without a deck); only what was there may not be cleared.
     */
    async updateEntry(user: Actor, entryId: string, patch: Partial<EntryInput>, requestId: string) {
      const found = await entries.findEntry(entryId);
      await roleForChange(user, found);
      const { entry: before, team } = found!;
      const organizer = await access.isOrganizer(user.id, before.competitionId);
      const competition = await competitionOf(before.competitionId);
      const assertMayEdit = (locked: EntryRow) => {
        if (!(organizer && locked.status === 'submitted')) assertOpenFor(competition, locked);
      };
      assertMayEdit(before);
      if (patch.trackId && patch.trackId !== before.trackId)
        await assertTrack(before.competitionId, patch.trackId);
      return db.transaction(async (tx) => {
        const locked = (await entries.lockEntry(before.id, tx))!;
        assertMayEdit(locked);
        const values = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
        const next = { ...locked, ...values } as EntryRow;
        if (locked.status === 'submitted') {
          // A submitted entry stays complete: clearing its title or summary needs a withdrawal first.
          const decks = (await entries.filesOf([locked.id], tx)).filter((f) => f.kind === 'deck').length;
          const missingBefore = new Set(missingForSubmission({ entry: locked, deckCount: decks }));
          const missing = missingForSubmission({ entry: next, deckCount: decks }).filter(
            (m) => !(organizer && missingBefore.has(m)),
          );
          if (missing.length > 0) {
            throw entriesErrors.submittedIncomplete(missing);
          }
        }
        const entry = await entries.updateEntry(before.id, { ...values, updatedAt: now() }, tx);
        await audit.record(tx, {
          competitionId: before.competitionId,
          actorId: user.id,
          action: 'entry.updated',
          entityType: 'entry',
          entityId: before.id,
          before: locked,
          after: entry,
          requestId,
        });
        return describeEntry({ entry, team }, competition, tx);
      });
    },

    async submit(user: Actor, entryId: string, requestId: string, origin: string) {
      const found = await entries.findEntry(entryId);
      const role = await roleForChange(user, found);
      if (role !== 'owner') throw forbidden('Only the team that owns this entry may submit it.');
      const competition = await competitionOf(found!.entry.competitionId);
      assertOpenFor(competition, found!.entry);
      const { described, mailIds } = await db.transaction(async (tx) => {
        const locked = (await entries.lockEntry(entryId, tx))!;
        if (locked.status === 'submitted')
          return {
            described: await describeEntry({ entry: locked, team: found!.team }, competition, tx),
            mailIds: [],
          };
        if (locked.status === 'disqualified') {
          throw entriesErrors.disqualified();
        }
        const decks = (await entries.filesOf([locked.id], tx)).filter((f) => f.kind === 'deck').length;
        const missing = missingForSubmission({ entry: locked, deckCount: decks });
        if (missing.length > 0) {
          throw entriesErrors.incomplete(missing);
        }
        const entry = await entries.updateEntry(
          locked.id,
          { status: 'submitted', submittedAt: now(), updatedAt: now() },
          tx,
        );
        await audit.record(tx, {
          competitionId: locked.competitionId,
          actorId: user.id,
          action: 'entry.submitted',
          entityType: 'entry',
          entityId: locked.id,
          before: { status: locked.status, submittedAt: locked.submittedAt },
          after: { status: entry.status, submittedAt: entry.submittedAt },
          requestId,
        });
        return {
          described: await describeEntry({ entry, team: found!.team }, competition, tx),
          mailIds: await teamNotices.submissionReceipt(tx, competition, [entry.id], origin),
        };
      });
      await outbox.dispatch(mailIds);
      return described;
    },

    async withdraw(user: Actor, entryId: string, requestId: string) {
      const found = await entries.findEntry(entryId);
      const role = await roleForChange(user, found);
      if (role !== 'owner') throw forbidden('Only the team that owns this entry may withdraw it.');
      const competition = await competitionOf(found!.entry.competitionId);
      assertOpenFor(competition, found!.entry);
      const { described, mailIds } = await db.transaction(async (tx) => {
        const locked = (await entries.lockEntry(entryId, tx))!;
        if (locked.status === 'withdrawn')
          return {
            described: await describeEntry({ entry: locked, team: found!.team }, competition, tx),
            mailIds: [],
          };
        if (locked.status !== 'submitted') {
          throw entriesErrors.notSubmitted(locked.status);
        }
        const entry = await entries.updateEntry(locked.id, { status: 'withdrawn', updatedAt: now() }, tx);
        await audit.record(tx, {
          competitionId: locked.competitionId,
          actorId: user.id,
          action: 'entry.withdrawn',
          entityType: 'entry',
          entityId: locked.id,
          before: { status: locked.status },
          after: { status: entry.status },
          requestId,
        });
        return {
          described: await describeEntry({ entry, team: found!.team }, competition, tx),
          mailIds: await teamNotices.withdrawal(tx, competition, [entry.id]),
        };
      });
      await outbox.dispatch(mailIds);
      return described;
    },

    /** Organizers see every entry; a team sees its own. Counts follow the same visibility. */
    async list(
      user: Actor,
      competition: CompetitionRow,
      roles: Set<string>,
      query: EntryListParams,
    ): Promise<EntryList> {
      const filters: EntryFilters = {
        competitionId: competition.id,
        ...(roles.has('organizer') ? {} : { teamUserId: user.id }),
        ...(query.trackId ? { trackId: query.trackId } : {}),
        ...(query.status ? { status: query.status } : {}),
        ...(query.country ? { country: query.country } : {}),
        ...(query.q ? { q: query.q } : {}),
      };
      let after: [string, string] | undefined;
      if (query.cursor) {
        const decoded = decodeCursor(query.cursor);
        if (!decoded) {
          throw entriesErrors.badCursor();
        }
        after = decoded;
      }
      const { limit } = query;
      const [rows, counts] = await Promise.all([
        entries.listEntries(filters, {
          sort: query.sort,
          order: query.order,
          ...(after ? { after } : {}),
          limit,
        }),
        entries.countEntries(filters),
      ]);
      const page = rows.slice(0, limit);
      const fileCounts = await entries.fileCountsOf(page.map((r) => r.entry.id));
      const last = page.at(-1);
      return {
        items: page.map((r) => {
          const of = (kind: 'deck' | 'video' | 'image') =>
            fileCounts.find((c) => c.entryId === r.entry.id && c.kind === kind)?.count ?? 0;
          return toEntryListItem({
            entry: r.entry,
            team: r.team,
            fileCounts: { deck: of('deck'), video: of('video'), image: of('image') },
            editable: isOpenFor(competition, r.entry),
          });
        }),
        nextCursor: rows.length > limit && last ? encodeCursor(last.sortKey, last.entry.id) : null,
        counts,
      };
    },

    /** An organizer withdraws, disqualifies or reinstates an entry, with a reason for the log. */
    moderate(user: Actor, entryId: string, body: EntryModerationBody, requestId: string) {
      const changes = {
        withdraw: { to: 'withdrawn', from: ['submitted'], action: 'entry.withdrawn_by_organizer' },
        disqualify: { to: 'disqualified', from: ['submitted', 'withdrawn'], action: 'entry.disqualified' },
        reinstate: { to: 'submitted', from: ['withdrawn', 'disqualified'], action: 'entry.reinstated' },
      } as const;
      const change = changes[body.action];
      return changeStatus(
        user,
        entryId,
        { to: change.to, from: [...change.from], action: change.action, reason: body.reason },
        requestId,
      );
    },

    /**
     * Gives one team more time on one entry: until `until` its team may change, submit or
     * withdraw it as before the deadline. Null lifts the extension.
     */
    async extendDeadline(user: Actor, entryId: string, body: EntryDeadlineBody, requestId: string) {
      const found = await organizerEntry(user, entryId);
      const competition = await competitionOf(found.entry.competitionId);
      const until = body.until === null ? null : new Date(body.until);
      if (until && until.getTime() <= Math.max(now().getTime(), competition.submissionClosesAt.getTime())) {
        throw entriesErrors.extensionTooEarly(competition);
      }
      if (until && until.getTime() > now().getTime() + 366 * 24 * 3600_000) {
        throw entriesErrors.extensionTooLate();
      }
      return db.transaction(async (tx) => {
        const locked = (await entries.lockEntry(entryId, tx))!;
        const entry = await entries.updateEntry(
          locked.id,
          { deadlineExtendedUntil: until, updatedAt: now() },
          tx,
        );
        await audit.record(tx, {
          competitionId: locked.competitionId,
          actorId: user.id,
          action: until ? 'entry.deadline_extended' : 'entry.deadline_extension_lifted',
          entityType: 'entry',
          entityId: locked.id,
          before: { deadlineExtendedUntil: locked.deadlineExtendedUntil },
          after: { deadlineExtendedUntil: entry.deadlineExtendedUntil, reason: body.reason },
          requestId,
        });
        return describeEntry({ entry, team: found.team }, competition, tx);
      });
    },

    /** Every entry matching the organizer's filters, for a CSV or XLSX export. */
    async exportRows(competition: CompetitionRow, query: EntryExportParams) {
      const rows = await entries.exportEntries(
        {
          competitionId: competition.id,
          ...(query.trackId ? { trackId: query.trackId } : {}),
          ...(query.status ? { status: query.status } : {}),
          ...(query.country ? { country: query.country } : {}),
          ...(query.q ? { q: query.q } : {}),
        },
        exportLimit,
      );
      const tracks = new Map((await competitions.tracksOf([competition.id])).map((t) => [t.id, t]));
      return toExportRows(rows, tracks);
    },

    /**
     * Brings in teams and their entries from another channel, all or nothing: every row is checked
     * first and every problem reported with its row; then teams, members and entries go in with a
     * few bulk inserts in one transaction. Imported entries arrive submitted, with no owner.
     */
    async importEntries(user: Actor, competitionId: string, rawTeams: unknown[], requestId: string) {
      const tracks = await competitions.tracksOf([competitionId]);
      const { errors, teams } = validateImport({ teams: rawTeams, tracks });
      if (errors.length > 0) {
        throw entriesErrors.importInvalid(errors);
      }
      const at = now();
      return db.transaction(async (tx) => {
        const teamRows = await entries.insertTeamsInBulk(
          teams.map((t) => ({
            competitionId,
            ownerId: null,
            name: t.name,
            organization: t.organization,
            country: t.country,
          })),
          tx,
        );
        await entries.insertMembersInBulk(
          teams.flatMap((t, i) =>
            t.members.map((m, j) => ({
              teamId: teamRows[i]!.id,
              name: m.name,
              email: m.email,
              position: j + 1,
            })),
          ),
          tx,
        );
        const entryValues = teams.flatMap((t, i) =>
          t.entries.map((e) => ({
            competitionId,
            teamId: teamRows[i]!.id,
            trackId: e.trackId,
            title: e.title,
            summary: e.summary,
            description: e.description,
            websiteUrl: e.websiteUrl ?? null,
            videoUrl: e.videoUrl ?? null,
            avoidOrganizations: e.avoidOrganizations,
            status: 'submitted' as const,
            submittedAt: at,
          })),
        );
        const entryRows = await entries.insertEntriesInBulk(entryValues, tx);
        const records: AuditRecord[] = [
          ...teamRows.map((team, i) => ({
            competitionId,
            actorId: user.id,
            action: 'team.imported',
            entityType: 'team',
            entityId: team.id,
            after: { ...team, members: teams[i]!.members },
            requestId,
          })),
          ...entryRows.map((row, i) => ({
            competitionId,
            actorId: user.id,
            action: 'entry.imported',
            entityType: 'entry',
            entityId: row.id,
            after: { ...entryValues[i], id: row.id },
            requestId,
          })),
        ];
        for (let i = 0; i < records.length; i += auditChunk)
          await audit.record(tx, records.slice(i, i + auditChunk));
        const entryIdsOf = new Map<string, string[]>();
        for (const row of entryRows) {
          const ids = entryIdsOf.get(row.teamId) ?? [];
          ids.push(row.id);
          entryIdsOf.set(row.teamId, ids);
        }
        return {
          imported: { teams: teamRows.length, entries: entryRows.length },
          teams: teamRows.map((t) => ({ id: t.id, name: t.name, entryIds: entryIdsOf.get(t.id) ?? [] })),
        };
      });
    },
  };
}
export type EntriesService = ReturnType<typeof createEntriesService>;
