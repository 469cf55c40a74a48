import type { MyTeam } from '@wuzhen/shared';
import { forbidden, notFound } from '../../app/errors.ts';
import type { Actor } from '../../app/request-context.ts';
import { createEntryRules, type EntriesDeps } from './entries.common.ts';
import { entriesErrors } from './entries.errors.ts';
import { missingForSubmission, toEntry, toTeam } from './entries.fns.ts';
import { createEntriesOrganizerService } from './entries.organizer.service.ts';
import type { EntryRow } from './entries.repository.ts';

export type { VisibilityRule } from './entries.common.ts';

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
 * Teams and their entries, as their team works on them (organizers' actions on entries are in
 * entries.organizer.service.ts): teams, entries, submission and withdrawal, each until the deadline.
 */
export function createEntriesService(deps: EntriesDeps) {
  const { db, entries, uploads, access, audit, teamNotices, outbox } = deps;
  const now = deps.now ?? (() => new Date());
  const rules = createEntryRules(deps);
  const {
    isOnTeam,
    competitionOf,
    isOpen,
    assertOpen,
    isOpenFor,
    assertOpenFor,
    assertTrack,
    canSeeEntry,
    roleForChange,
    describeEntry,
    loadTeam,
  } = rules;

  return {
    ...createEntriesOrganizerService(deps, rules),
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
          const decks = (await uploads.filesOf([locked.id], tx)).filter((f) => f.kind === 'deck').length;
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

    async submit(user: Actor, entryId: string, origin: string, requestId: string) {
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
        const decks = (await uploads.filesOf([locked.id], tx)).filter((f) => f.kind === 'deck').length;
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
  };
}
export type EntriesService = ReturnType<typeof createEntriesService>;
