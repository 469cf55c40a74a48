import type { Access } from '../../app/auth.ts';
import type { Db, DbOrTx } from '../../app/db.ts';
import { notFound } from '../../app/errors.ts';
import type { Actor } from '../../app/request-context.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CompetitionRow, CompetitionsRepository } from '../competitions/competitions.repository.ts';
import { deadlinePassed } from '../competitions/competitions.service.ts';
import type { Outbox } from '../mail/mail.service.ts';
import type { TeamNotices } from '../mail/team-notices.ts';
import type { UploadsRepository } from '../uploads/uploads.repository.ts';
import { entriesErrors } from './entries.errors.ts';
import { toEntry, toTeam } from './entries.fns.ts';
import type { EntriesRepository, EntryRow, EntryWithTeam, TeamRow } from './entries.repository.ts';

/**
 * One rule of who may see an entry (and so open its files). The service checks its own rules
 * (organizer, owning team, assigned judge); other features add theirs through `extraVisibility`
 * (for example, published winners for the public).
 */
export type VisibilityRule = (
  user: Actor,
  entry: Pick<EntryRow, 'id' | 'competitionId' | 'teamId'>,
) => Promise<boolean>;

/** What the entries services are built from (app/services.ts). */
export type EntriesDeps = {
  db: Db;
  /** The team's mails (receipt, withdrawal), written in the transaction of the change. */
  teamNotices: Pick<TeamNotices, 'submissionReceipt' | 'withdrawal' | 'disqualification'>;
  outbox: Pick<Outbox, 'dispatch'>;
  entries: EntriesRepository;
  /** The entries' files. */
  uploads: Pick<UploadsRepository, 'filesOf' | 'fileCountsOf'>;
  competitions: Pick<CompetitionsRepository, 'findById' | 'tracksOf'>;
  access: Pick<Access, 'isOrganizer' | 'judgeSeesEntry' | 'teamRole'>;
  audit: Pick<AuditService, 'record'>;
  now?: () => Date;
  extraVisibility?: VisibilityRule[];
};

/**
 * The rules both sides of entries keep: the deadline (the competition's, or an entry's extension),
 * who may see an entry and who may change it, and how an entry is described.
 */
export function createEntryRules(deps: EntriesDeps) {
  const { db, entries, uploads, competitions, access } = deps;
  const extraVisibility = deps.extraVisibility ?? [];
  const now = deps.now ?? (() => new Date());
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
      files: await uploads.filesOf([found.entry.id], tx),
      editable: isOpenFor(competition, found.entry),
    });
  }

  async function loadTeam(teamId: string, tx: DbOrTx = db) {
    const team = await entries.findTeam(teamId, tx);
    if (!team) return null;
    return toTeam(team, await entries.membersOf([team.id], tx));
  }

  return {
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
  };
}
export type EntryRules = ReturnType<typeof createEntryRules>;
