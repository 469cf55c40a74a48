import { createHash, randomBytes } from 'node:crypto';
import type { Language, TeamAccount, TeamInvitation } from '@wuzhen/shared';
import type { Access } from '../../app/auth.ts';
import type { Db } from '../../app/db.ts';
import { forbidden, notFound } from '../../app/errors.ts';
import type { Actor } from '../../app/request-context.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CompetitionsRepository } from '../competitions/competitions.repository.ts';
import { mail, type Outbox } from '../mail/mail.service.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import { entriesErrors } from './entries.errors.ts';
import type { TeamAccountRow as Row, TeamMembersRepository } from './team-members.repository.ts';

/** How long a team invitation link works. */
export const teamInvitationDays = 7;
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Team members beside the owner: the owner invites an address by mail; the link works once and
 * expires; the signed-in account that opens it becomes a member (access.teamRole then lets it
 * edit the team's entries and read its results); the owner removes members, which ends their
 * access at once (the row is gone, and access is read from it on every request).
 */
export function createTeamMembersService({
  db,
  members,
  competitions,
  users,
  access,
  audit,
  outbox,
  now = () => new Date(),
}: {
  db: Db;
  members: TeamMembersRepository;
  competitions: Pick<CompetitionsRepository, 'findById'>;
  users: Pick<UsersRepository, 'findByEmail' | 'namesOf'>;
  access: Pick<Access, 'teamRole' | 'isOrganizer' | 'rolesIn'>;
  audit: Pick<AuditService, 'record'>;
  outbox: Pick<Outbox, 'add' | 'dispatch'>;
  now?: () => Date;
}) {
  const toAccount = (row: Row, name: string | null): TeamAccount => ({
    id: row.id,
    email: row.email,
    name: row.acceptedAt ? name : null,
    status: row.acceptedAt
      ? 'member'
      : row.invitationExpiresAt && row.invitationExpiresAt > now()
        ? 'invited'
        : 'expired',
    invitedAt: row.createdAt.toISOString(),
    expiresAt: row.acceptedAt ? null : (row.invitationExpiresAt?.toISOString() ?? null),
    acceptedAt: row.acceptedAt?.toISOString() ?? null,
  });

  /** The team and the caller's place on it; 404 for anyone who may not see it. */
  async function teamFor(userId: string, teamId: string) {
    const team = await members.findTeam(teamId);
    if (!team) throw notFound('That team');
    const role = await access.teamRole(userId, team);
    if (!role && !(await access.isOrganizer(userId, team.competitionId))) throw notFound('That team');
    return { team, role };
  }
  const ownerOnly = (role: string | null) => {
    if (role !== 'owner') throw forbidden("Only the team's owner may invite and remove members.");
  };

  /** Any invitation the token names, accepted or expired ones too (their pages say so). */
  async function findInvitation(token: string) {
    const found = await members.findByTokenHash(tokenHash(token));
    if (!found?.account.invitationExpiresAt) throw entriesErrors.invitationUnknown();
    const { invitedBy } = found.account;
    const [competition, inviters] = await Promise.all([
      competitions.findById(found.team.competitionId),
      invitedBy ? users.namesOf([invitedBy]) : [],
    ]);
    if (!competition) throw entriesErrors.invitationUnknown();
    return {
      ...found,
      competitionName: competition.name,
      competitionTimezone: competition.timezone,
      inviter: inviters[0]?.name ?? null,
      expiresAt: found.account.invitationExpiresAt,
    };
  }

  return {
    async list(actor: Actor, teamId: string) {
      const { team, role } = await teamFor(actor.id, teamId);
      const rows = await members.listOfTeam(team.id);
      const userIds = rows.flatMap((r) => (r.userId ? [r.userId] : []));
      const people = await users.namesOf(team.ownerId ? [...userIds, team.ownerId] : userIds);
      const byId = new Map(people.map((p) => [p.id, p]));
      const owner = team.ownerId ? byId.get(team.ownerId) : undefined;
      return {
        items: rows.map((r) => toAccount(r, r.userId ? (byId.get(r.userId)?.name ?? null) : null)),
        owner: owner ? { name: owner.name, email: owner.email } : null,
        canManage: role === 'owner',
      };
    },

    /** Invites an address, or mails a fresh link to one already invited (the old link stops). */
    async invite(
      user: { id: string; name: string; language: Language },
      teamId: string,
      { email, language }: { email: string; language?: Language | undefined },
      origin: string,
      requestId: string,
    ) {
      const { team, role } = await teamFor(user.id, teamId);
      ownerOnly(role);
      // A judge's address is not refused here: that would tell the team who judges (PRODUCT.md:
      // never). The judge is refused on accepting, where only they read the reason.
      const competition = await competitions.findById(team.competitionId);
      const recipient = await users.findByEmail(email);
      if (recipient && recipient.id === team.ownerId) {
        throw entriesErrors.memberIsOwner(email);
      }
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now().getTime() + teamInvitationDays * 24 * 3600_000);
      const url = `${origin}/join/${token}`;
      const result = await db.transaction(async (tx) => {
        const existing = await members.lockByEmail(team.id, email, tx);
        if (existing?.acceptedAt) {
          throw entriesErrors.alreadyMember(email, team);
        }
        const values = {
          invitationTokenHash: tokenHash(token),
          invitationExpiresAt: expiresAt,
          invitedBy: user.id,
        };
        const row = existing
          ? await members.update(existing.id, values, tx)
          : await members.insert({ teamId: team.id, email, ...values }, tx);
        await audit.record(tx, {
          competitionId: team.competitionId,
          actorId: user.id,
          action: existing ? 'team.member_reinvited' : 'team.member_invited',
          entityType: 'team',
          entityId: team.id,
          after: { email, invitationExpiresAt: expiresAt },
          requestId,
        });
        const mailIds = await outbox.add(tx, [
          mail({
            kind: 'team_invitation',
            competitionId: team.competitionId,
            to: {
              email,
              userId: recipient?.id ?? null,
              language: language ?? recipient?.language ?? user.language,
            },
            params: {
              competitionName: competition!.name,
              teamName: team.name,
              inviterName: user.name,
              url,
            },
          }),
        ]);
        return { row, mailIds };
      });
      await outbox.dispatch(result.mailIds);
      return { member: toAccount(result.row, null), invitationUrl: url };
    },

    /** Removes a member (their access ends with this request) or withdraws an invitation. */
    async remove(actor: Actor, teamId: string, memberId: string, requestId: string) {
      const { team, role } = await teamFor(actor.id, teamId);
      ownerOnly(role);
      await db.transaction(async (tx) => {
        const removed = await members.remove(team.id, memberId, tx);
        if (!removed) throw notFound('That team member');
        await audit.record(tx, {
          competitionId: team.competitionId,
          actorId: actor.id,
          action: removed.acceptedAt ? 'team.member_removed' : 'team.invitation_withdrawn',
          entityType: 'team',
          entityId: team.id,
          before: { email: removed.email, userId: removed.userId, acceptedAt: removed.acceptedAt },
          requestId,
        });
      });
    },

    async describeInvitation(token: string): Promise<TeamInvitation> {
      const { account, team, competitionName, competitionTimezone, inviter, expiresAt } =
        await findInvitation(token);
      return {
        teamId: team.id,
        teamName: team.name,
        competitionId: team.competitionId,
        competitionName,
        competitionTimezone,
        email: account.email,
        inviterName: inviter ?? 'The team owner',
        expiresAt: expiresAt.toISOString(),
        status: account.acceptedAt ? 'accepted' : expiresAt <= now() ? 'expired' : 'open',
      };
    },

    /**
     * The signed-in account becomes a member, once. The owner holds the link too (it is in the
     * invite's answer), so the link alone proves nothing: only the account whose confirmed address
     * is the invited one may accept. A judge of the competition may not join one of its teams.
     */
    async accept(
      user: { id: string; email: string; emailVerifiedAt: Date | null },
      token: string,
      requestId: string,
    ) {
      const { account, team, competitionName, competitionTimezone, expiresAt } = await findInvitation(token);
      const role = await access.teamRole(user.id, team);
      if (role) {
        throw entriesErrors.onTeamAlready(role, team);
      }
      if (account.acceptedAt) throw entriesErrors.invitationUsed(team.name);
      if (expiresAt <= now())
        throw entriesErrors.invitationExpired(team.name, expiresAt, competitionTimezone);
      if (user.email !== account.email) {
        throw entriesErrors.invitationOtherAccount(account.email, user.email);
      }
      if (!user.emailVerifiedAt) {
        throw entriesErrors.emailUnverified(user.email);
      }
      if ((await access.rolesIn(user.id, team.competitionId)).has('judge')) {
        throw entriesErrors.memberIsJudge(competitionName);
      }
      return db.transaction(async (tx) => {
        const accepted = await members.accept(account.id, tokenHash(token), user.id, now(), tx);
        if (!accepted) throw entriesErrors.invitationUsed(team.name);
        await audit.record(tx, {
          competitionId: team.competitionId,
          actorId: user.id,
          action: 'team.member_joined',
          entityType: 'team',
          entityId: team.id,
          after: { email: accepted.email, userId: user.id },
          requestId,
        });
        return { team: { id: team.id, name: team.name, competitionId: team.competitionId } };
      });
    },
  };
}
export type TeamMembersService = ReturnType<typeof createTeamMembersService>;
