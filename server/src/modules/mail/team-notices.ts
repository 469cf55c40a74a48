import type { MailKind } from '@wuzhen/shared';
import type { DbOrTx } from '../../app/db.ts';
import type { EntriesRepository } from '../entries/entries.repository.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import { type MailRecipient, mail, type Outbox } from './mail.service.ts';
import type { MailTemplateParams } from './mail.templates.ts';

type Competition = { id: string; name: string; timezone: string };
type TeamEntry = { entryId: string; title: string; teamId: string; teamName: string };
/** A team mail's own params: the competition's and the team's names are filled in for it. */
type OwnParams<K extends MailKind> = Omit<MailTemplateParams[K], 'competitionName' | 'teamName'>;
type Repository = Pick<EntriesRepository, 'teamPeople' | 'entryTeams' | 'teamsWithSubmittedEntries'>;
type Accounts = Pick<UsersRepository, 'findByIds' | 'findByEmails'>;

const base = (origin: string) => origin.replace(/\/+$/, '');

/**
 * Who hears from the platform about each team (see `teamPeople`): the owner and the members who
 * accepted an invitation, at their accounts' addresses, then the members the team listed, each
 * with the account holding that address if there is one. One mail per address, in the language of
 * the account behind it, else English.
 */
export async function teamRecipients(
  repository: Pick<EntriesRepository, 'teamPeople'>,
  users: Accounts,
  tx: DbOrTx,
  teamIds: string[],
): Promise<Map<string, MailRecipient[]>> {
  const people = await repository.teamPeople(teamIds, tx);
  const withAccounts = [...people.owners, ...people.members].filter(
    (p): p is { teamId: string; userId: string } => p.userId !== null,
  );
  const [byId, byEmail] = await Promise.all([
    users.findByIds([...new Set(withAccounts.map((p) => p.userId))], tx),
    users.findByEmails([...new Set(people.listed.map((p) => p.email))], tx),
  ]);
  const accountById = new Map(byId.map((u) => [u.id, u]));
  const accountByEmail = new Map(byEmail.map((u) => [u.email, u]));
  const rows = [
    ...withAccounts.flatMap(({ teamId, userId }) => {
      const account = accountById.get(userId);
      return account ? [{ teamId, email: account.email, userId, language: account.language }] : [];
    }),
    ...people.listed.map(({ teamId, email }) => {
      const account = accountByEmail.get(email);
      return { teamId, email, userId: account?.id ?? null, language: account?.language ?? null };
    }),
  ];
  const byTeam = new Map<string, MailRecipient[]>();
  for (const row of rows) {
    const list = byTeam.get(row.teamId) ?? [];
    if (!list.some((r) => r.email === row.email))
      list.push({ email: row.email, userId: row.userId, language: row.language ?? 'en' });
    byTeam.set(row.teamId, list);
  }
  return byTeam;
}

/** A round's date as its recipient reads it, in the competition's time zone. */
const dateIn = (at: Date, timezone: string, language: 'en' | 'zh') =>
  new Intl.DateTimeFormat(language === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone: timezone,
    dateStyle: 'long',
  }).format(at);

/**
 * The mails a team receives about its entries: submission receipts, withdrawal notices,
 * advancement notices and "results are out". Each function writes the rows in the caller's
 * transaction (the change that causes them) and returns their ids for `outbox.dispatch` after
 * commit. An organizer's withdrawal calls `withdrawal` too; a disqualification has its own mail.
 */
export function createTeamNotices({
  outbox,
  entries,
  users,
}: {
  outbox: Pick<Outbox, 'add'>;
  entries: Repository;
  users: Accounts;
}) {
  /** One mail of `kind` to everyone of each item's team, with the params every team mail names. */
  async function toTeams<K extends MailKind>(
    tx: DbOrTx,
    competition: Competition,
    items: TeamEntry[],
    kind: K,
    params: (item: TeamEntry, to: MailRecipient) => OwnParams<K>,
  ): Promise<string[]> {
    const recipients = await teamRecipients(entries, users, tx, [...new Set(items.map((i) => i.teamId))]);
    return outbox.add(
      tx,
      items.flatMap((item) =>
        (recipients.get(item.teamId) ?? []).map((to) =>
          mail<K>({
            kind,
            competitionId: competition.id,
            to,
            params: {
              competitionName: competition.name,
              teamName: item.teamName,
              ...params(item, to),
            } as MailTemplateParams[K],
          }),
        ),
      ),
    );
  }
  /** A mail about each of these entries, to its team. */
  const aboutEntries = async <K extends MailKind>(
    tx: DbOrTx,
    competition: Competition,
    entryIds: string[],
    kind: K,
    params: (item: TeamEntry, to: MailRecipient) => OwnParams<K>,
  ) => toTeams(tx, competition, await entries.entryTeams(entryIds, tx), kind, params);

  return {
    /** "We received your entry", when it is submitted. */
    submissionReceipt: (tx: DbOrTx, competition: Competition, entryIds: string[], origin: string) =>
      aboutEntries(tx, competition, entryIds, 'submission_receipt', (item) => ({
        entryTitle: item.title,
        url: `${base(origin)}/team/entries/${item.entryId}`,
      })),

    /** "Your entry was withdrawn": by the team, or by an organizer. */
    withdrawal: (tx: DbOrTx, competition: Competition, entryIds: string[]) =>
      aboutEntries(tx, competition, entryIds, 'withdrawal_notice', (item) => ({ entryTitle: item.title })),

    /** "Your entry was disqualified", with the organizers' reason. */
    disqualification: (tx: DbOrTx, competition: Competition, entryIds: string[], reason: string) =>
      aboutEntries(tx, competition, entryIds, 'disqualification_notice', (item) => ({
        entryTitle: item.title,
        reason,
      })),

    /** "Your entry goes on to <round> on <date>", for the entries an advancement adds to a round. */
    advancement: (
      tx: DbOrTx,
      competition: Competition,
      round: { name: string; closesAt: Date | null },
      entryIds: string[],
    ) =>
      aboutEntries(tx, competition, entryIds, 'advancement_notice', (item, to) => ({
        entryTitle: item.title,
        roundName: round.name,
        when: round.closesAt ? dateIn(round.closesAt, competition.timezone, to.language) : null,
      })),

    /** "Results and feedback are out", to every team with a submitted entry, once per team. */
    async resultsReleased(tx: DbOrTx, competition: Competition, roundName: string, origin: string) {
      const teamRows = await entries.teamsWithSubmittedEntries(competition.id, tx);
      return toTeams(
        tx,
        competition,
        teamRows.map((t) => ({ ...t, entryId: '', title: '' })),
        'results_released',
        () => ({ roundName, url: `${base(origin)}/my/results` }),
      );
    },
  };
}
export type TeamNotices = ReturnType<typeof createTeamNotices>;
