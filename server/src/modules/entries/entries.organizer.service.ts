import type {
  EntryDeadlineBody,
  EntryExportParams,
  EntryList,
  EntryListParams,
  EntryModerationBody,
} from '@wuzhen/shared';
import { forbidden, notFound } from '../../app/errors.ts';
import type { Actor } from '../../app/request-context.ts';
import type { AuditRecord } from '../audit/audit.service.ts';
import type { CompetitionRow } from '../competitions/competitions.repository.ts';
import type { EntriesDeps, EntryRules } from './entries.common.ts';
import { entriesErrors } from './entries.errors.ts';
import { decodeCursor, encodeCursor, toEntryListItem, toExportRows, validateImport } from './entries.fns.ts';
import type { EntryFilters, EntryRow } from './entries.repository.ts';

const auditChunk = 1000;
/** Most rows one export carries: far above a competition's 1,100 entries. */
const exportLimit = 50_000;

/**
 * What organizers do with a competition's entries: list and search them, withdraw, disqualify or
 * reinstate one, extend one's deadline, export them, and import teams and entries in bulk.
 */
export function createEntriesOrganizerService(deps: EntriesDeps, rules: EntryRules) {
  const { db, entries, uploads, competitions, access, audit, teamNotices, outbox } = deps;
  const now = deps.now ?? (() => new Date());
  const { competitionOf, isOpenFor, canSeeEntry, describeEntry } = rules;

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
      const fileCounts = await uploads.fileCountsOf(page.map((r) => r.entry.id));
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
      const [tracks, fileCounts] = await Promise.all([
        competitions.tracksOf([competition.id]).then((all) => new Map(all.map((t) => [t.id, t]))),
        uploads.fileCountsOf(rows.map((r) => r.entry.id)),
      ]);
      const countOf = new Map(fileCounts.map((c) => [`${c.entryId}:${c.kind}`, c.count]));
      const of = (entryId: string, kind: 'deck' | 'video' | 'image') =>
        countOf.get(`${entryId}:${kind}`) ?? 0;
      return toExportRows(
        rows.map((r) => ({
          ...r,
          decks: of(r.entry.id, 'deck'),
          videos: of(r.entry.id, 'video'),
          images: of(r.entry.id, 'image'),
        })),
        tracks,
      );
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
