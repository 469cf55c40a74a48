import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../app/db.ts';
import { entries, teamAccounts, teamMembers, teams } from '../entries/entries.table.ts';
import { users } from '../users/users.table.ts';
import { type MailRecipient, mail, type NewMail, type Outbox } from './mail.service.ts';

type Competition = { id: string; name: string; timezone: string };
type TeamEntry = { entryId: string; title: string; teamId: string; teamName: string };

const base = (origin: string) => origin.replace(/\/+$/, '');

/**
 * Who hears from the platform about a team: its owner and the members who accepted an invitation
 * (each in their account's language), and the members the team listed by address (an imported
 * team has no accounts: its listed members are all it has), in the language of an account with
 * that address if there is one, else English. One mail per address.
 */
export async function teamRecipients(tx: DbOrTx, teamIds: string[]): Promise<Map<string, MailRecipient[]>> {
  const byTeam = new Map<string, MailRecipient[]>();
  if (teamIds.length === 0) return byTeam;
  const [owners, members, listed] = await Promise.all([
    tx
      .select({ teamId: teams.id, email: users.email, userId: users.id, language: users.language })
      .from(teams)
      .innerJoin(users, eq(users.id, teams.ownerId))
      .where(inArray(teams.id, teamIds)),
    tx
      .select({ teamId: teamAccounts.teamId, email: users.email, userId: users.id, language: users.language })
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
  for (const row of [...owners, ...members, ...listed]) {
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
 * commit. Organizer actions on entries (a withdrawal, a disqualification) call `withdrawal` too.
 */
export function createTeamNotices({ outbox }: { outbox: Pick<Outbox, 'add'> }) {
  async function toTeams(
    tx: DbOrTx,
    items: TeamEntry[],
    build: (item: TeamEntry, to: MailRecipient) => NewMail,
  ): Promise<string[]> {
    const recipients = await teamRecipients(tx, [...new Set(items.map((i) => i.teamId))]);
    return outbox.add(
      tx,
      items.flatMap((item) => (recipients.get(item.teamId) ?? []).map((to) => build(item, to))),
    );
  }

  async function entriesByIds(tx: DbOrTx, entryIds: string[]): Promise<TeamEntry[]> {
    if (entryIds.length === 0) return [];
    return tx
      .select({ entryId: entries.id, title: entries.title, teamId: teams.id, teamName: teams.name })
      .from(entries)
      .innerJoin(teams, eq(teams.id, entries.teamId))
      .where(inArray(entries.id, entryIds));
  }

  return {
    /** "We received your entry", when it is submitted. */
    submissionReceipt: (tx: DbOrTx, competition: Competition, entryIds: string[], origin: string) =>
      entriesByIds(tx, entryIds).then((items) =>
        toTeams(tx, items, (item, to) =>
          mail({
            kind: 'submission_receipt',
            competitionId: competition.id,
            to,
            params: {
              competitionName: competition.name,
              teamName: item.teamName,
              entryTitle: item.title,
              url: `${base(origin)}/team/entries/${item.entryId}`,
            },
          }),
        ),
      ),

    /** "Your entry was withdrawn": by the team, or by an organizer (withdrawal, disqualification). */
    withdrawal: (tx: DbOrTx, competition: Competition, entryIds: string[]) =>
      entriesByIds(tx, entryIds).then((items) =>
        toTeams(tx, items, (item, to) =>
          mail({
            kind: 'withdrawal_notice',
            competitionId: competition.id,
            to,
            params: { competitionName: competition.name, teamName: item.teamName, entryTitle: item.title },
          }),
        ),
      ),

    /** "Your entry goes on to <round> on <date>", for the entries an advancement adds to a round. */
    advancement: (
      tx: DbOrTx,
      competition: Competition,
      round: { name: string; closesAt: Date | null },
      entryIds: string[],
    ) =>
      entriesByIds(tx, entryIds).then((items) =>
        toTeams(tx, items, (item, to) =>
          mail({
            kind: 'advancement_notice',
            competitionId: competition.id,
            to,
            params: {
              competitionName: competition.name,
              teamName: item.teamName,
              entryTitle: item.title,
              roundName: round.name,
              when: round.closesAt ? dateIn(round.closesAt, competition.timezone, to.language) : null,
            },
          }),
        ),
      ),

    /** "Results and feedback are out", to every team with a submitted entry, once per team. */
    async resultsReleased(tx: DbOrTx, competition: Competition, roundName: string, origin: string) {
      const teamRows = await tx
        .selectDistinct({ teamId: teams.id, teamName: teams.name })
        .from(teams)
        .innerJoin(entries, eq(entries.teamId, teams.id))
        .where(and(eq(teams.competitionId, competition.id), eq(entries.status, 'submitted')));
      return toTeams(
        tx,
        teamRows.map((t) => ({ ...t, entryId: '', title: '' })),
        (item, to) =>
          mail({
            kind: 'results_released',
            competitionId: competition.id,
            to,
            params: {
              competitionName: competition.name,
              teamName: item.teamName,
              roundName,
              url: `${base(origin)}/my/results`,
            },
          }),
      );
    },
  };
}
export type TeamNotices = ReturnType<typeof createTeamNotices>;
