import { verify } from '@node-rs/argon2';
import type { Invitation } from '@wuzhen/shared';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../app/db.ts';
import { badRequest, notFound } from '../../app/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { hashPassword } from '../users/users.service.ts';
import { users } from '../users/users.table.ts';
import type { JudgesRepository } from './judges.repository.ts';
import { invitationTokenHash } from './judges.service.ts';
import { judges as judgesTable } from './judges.table.ts';

const invitationNotFound = () =>
  notFound('That invitation (it may have been used or replaced by a newer link)');

/**
 * Invitations: a judge opens the link, sets a password and is signed in. When the account already
 * has a password (the person had registered, or judges elsewhere), the link asks for that password
 * instead and never changes it: a forwarded or leaked link cannot take over an existing account.
 */
export function createInvitationsService({
  db,
  judges,
  audit,
  now = () => new Date(),
}: {
  db: Db;
  judges: Pick<JudgesRepository, 'findByInvitation' | 'addJudgeMembership'>;
  audit: Pick<AuditService, 'record'>;
  now?: () => Date;
}) {
  async function find(token: string) {
    const found = await judges.findByInvitation(invitationTokenHash(token));
    if (!found) throw invitationNotFound();
    return found;
  }

  return {
    async describe(token: string): Promise<Invitation> {
      const { judge, competitionName, user } = await find(token);
      return {
        judgeName: judge.name,
        email: judge.email,
        competitionId: judge.competitionId,
        competitionName,
        hasPassword: user.passwordHash !== null,
      };
    },

    /** Returns the user to sign in. The token works once. */
    async accept(token: string, password: string, requestId: string) {
      const { judge, user } = await find(token);
      let passwordHash: string | null = null;
      if (user.passwordHash) {
        const ok = await verify(user.passwordHash, password).catch(() => false);
        if (!ok) {
          throw badRequest(
            'invitations.wrong_password',
            `${judge.email} already has an account. Enter that account's password to accept the invitation.`,
            [{ path: 'password', message: 'This is not the password of the existing account.' }],
          );
        }
      } else {
        passwordHash = await hashPassword(password);
      }
      return db.transaction(async (tx) => {
        // Consumes the token only if it is still this one: of two racing accepts, one wins.
        const [accepted] = await tx
          .update(judgesTable)
          .set({ invitationTokenHash: null, invitationAcceptedAt: now() })
          .where(
            and(
              eq(judgesTable.id, judge.id),
              eq(judgesTable.invitationTokenHash, invitationTokenHash(token)),
            ),
          )
          .returning();
        if (!accepted) throw invitationNotFound();
        if (passwordHash) await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
        await judges.addJudgeMembership(judge.competitionId, user.id, tx);
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
