import type { Invitation } from '@wuzhen/shared';
import type { Access } from '../../app/auth.ts';
import type { Db } from '../../app/db.ts';
import { notFound } from '../../app/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CompetitionsRepository } from '../competitions/competitions.repository.ts';
import type { Passwords } from '../users/passwords.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import { judgesErrors } from './judges.errors.ts';
import type { JudgesRepository } from './judges.repository.ts';
import { invitationTokenHash } from './judges.service.ts';

const invitationNotFound = () =>
  notFound('That invitation (it may have been used or replaced by a newer link)');

/**
 * Invitations: the token is the credential that makes an account the judge. A judge opens the
 * link, sets a password and is signed in.
 * - When an account that confirmed the judge's address already has a password, the link asks for
 *   that password and never changes it: a forwarded or leaked link cannot take over the account.
 * - An account that never confirmed the address proves nothing: anyone can register with any
 *   address. The link was mailed to that address, so its holder sets the password like a mailed
 *   reset link would, every session of that account ends, and the address counts as confirmed.
 *   Registering with a judge's address, before or after the invitation, gains nothing.
 */
export function createInvitationsService({
  db,
  judges,
  users,
  competitions,
  access,
  audit,
  passwords,
  now = () => new Date(),
}: {
  db: Db;
  judges: Pick<JudgesRepository, 'findByInvitation' | 'acceptInvitation' | 'update'>;
  users: Pick<UsersRepository, 'findByEmails' | 'insert' | 'update' | 'deleteSessionsOfUser'>;
  competitions: Pick<CompetitionsRepository, 'addMember'>;
  access: Pick<Access, 'rolesIn'>;
  audit: Pick<AuditService, 'record'>;
  passwords: Pick<Passwords, 'hash' | 'verify'>;
  now?: () => Date;
}) {
  /**
   * The invitation's judge and competition, and the account that holds the judge's address, if
   * any: it is not the judge until the token is used (with that account's password) or the
   * address is verified.
   */
  async function find(token: string) {
    const found = await judges.findByInvitation(invitationTokenHash(token));
    if (!found) throw invitationNotFound();
    const [account] = await users.findByEmails([found.judge.email]);
    return { ...found, account: account ?? null };
  }

  return {
    async describe(token: string): Promise<Invitation> {
      const { judge, competitionName, account } = await find(token);
      return {
        judgeName: judge.name,
        email: judge.email,
        competitionId: judge.competitionId,
        competitionName,
        hasPassword: account?.passwordHash != null && account.emailVerifiedAt !== null,
      };
    },

    /** Returns the user to sign in. The token works once. */
    async accept(token: string, password: string, requestId: string) {
      const { judge, account, competitionName } = await find(token);
      let passwordHash: string | null = null;
      if (account?.passwordHash && account.emailVerifiedAt) {
        if (!(await passwords.verify(account.passwordHash, password))) {
          throw judgesErrors.wrongInvitationPassword(judge);
        }
      } else {
        passwordHash = await passwords.hash(password);
      }
      // The converse of a judge joining a team (refused there): someone who works on one of the
      // competition's teams does not judge it. Asked once the password is proven, so a forwarded
      // link tells nothing about the account.
      if (account && (await access.rolesIn(account.id, judge.competitionId)).has('team')) {
        throw judgesErrors.onTeam(competitionName);
      }
      return db.transaction(async (tx) => {
        // Consumes the token only if it is still this one: of two racing accepts, one wins.
        const accepted = await judges.acceptInvitation(judge.id, invitationTokenHash(token), now(), tx);
        if (!accepted) throw invitationNotFound();
        // The token was mailed to the judge's address: using it proves the address too.
        const user = account
          ? await users.update(
              account.id,
              {
                ...(passwordHash ? { passwordHash } : {}),
                emailVerifiedAt: account.emailVerifiedAt ?? now(),
              },
              tx,
            )
          : await users.insert(
              { email: judge.email, name: judge.name, passwordHash, emailVerifiedAt: now() },
              tx,
            );
        // A password set over an unconfirmed account's: whoever registered it is signed out.
        if (account && passwordHash) await users.deleteSessionsOfUser(account.id, null, tx);
        await judges.update(judge.id, { userId: user.id }, tx);
        await competitions.addMember(
          { competitionId: judge.competitionId, userId: user.id, role: 'judge' },
          tx,
        );
        await audit.record(tx, {
          competitionId: judge.competitionId,
          actorId: user.id,
          action: 'judge.invitation_accepted',
          entityType: 'judge',
          entityId: judge.id,
          after: {
            invitationAcceptedAt: accepted.invitationAcceptedAt,
            accountActivated: passwordHash !== null,
          },
          requestId,
        });
        return { userId: user.id, competitionId: judge.competitionId };
      });
    },
  };
}
export type InvitationsService = ReturnType<typeof createInvitationsService>;
