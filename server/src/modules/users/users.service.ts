import { createHash, createHmac, createSecretKey, randomBytes } from 'node:crypto';
import type { Language, User } from '@wuzhen/shared';
import { createBatcher } from '../../app/batch.ts';
import type { Db, DbOrTx } from '../../app/db.ts';
import { unauthenticated } from '../../app/errors.ts';
import type { Actor } from '../../app/request-context.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CompetitionsRepository } from '../competitions/competitions.repository.ts';
import type { TeamMembersRepository } from '../entries/team-members.repository.ts';
import type { JudgesRepository } from '../judges/judges.repository.ts';
import { mail, type Outbox } from '../mail/mail.service.ts';
import type { Passwords } from './passwords.ts';
import { usersErrors } from './users.errors.ts';
import type { UsersRepository } from './users.repository.ts';

/** A hash outside any request (seeds, benches); requests use `Passwords`, which bounds the work. */
export { hashPassword } from './passwords.ts';

type SessionUser = Awaited<ReturnType<UsersRepository['findSessions']>>[number]['user'];

const resetLinkHours = 1;
const verificationLinkHours = 72;

/** A mailed link's token; only its sha256 is stored. */
const newLinkToken = () => {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: linkTokenHash(token) };
};
export const linkTokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
const linkTo = (origin: string, path: string, token: string) =>
  `${origin.replace(/\/+$/, '')}${path}?token=${token}`;

export function createUsersService({
  db,
  users,
  competitions,
  teamMembers,
  judges,
  audit,
  outbox,
  passwords,
  sessionSecret,
  sessionTtlHours,
  now = () => new Date(),
}: {
  db: Db;
  users: UsersRepository;
  competitions: Pick<CompetitionsRepository, 'membershipsOf' | 'namesOf' | 'addJudgeMembers'>;
  teamMembers: Pick<TeamMembersRepository, 'competitionsOf' | 'claimInvitations'>;
  judges: Pick<JudgesRepository, 'claimByEmail'>;
  audit: Pick<AuditService, 'record'>;
  outbox: Pick<Outbox, 'add' | 'dispatch'>;
  passwords: Passwords;
  sessionSecret: string | undefined;
  sessionTtlHours: number;
  now?: () => Date;
}) {
  // The key imported once: every API request hashes its session token.
  const sessionKey = sessionSecret ? createSecretKey(Buffer.from(sessionSecret)) : null;
  const sessionIdOf = (token: string) =>
    sessionKey
      ? createHmac('sha256', sessionKey).update(token).digest('hex')
      : createHash('sha256').update(token).digest('hex');

  // Lookups arriving together share one query: under load that is one round trip for many requests.
  const sessionLookups = createBatcher<string, SessionUser | null>({
    maxBatch: 200,
    maxConcurrent: 4,
    run: async (sessionIds) => {
      const found = await users.findSessions([...new Set(sessionIds)], now());
      const userOf = new Map(found.map((row) => [row.sessionId, row.user]));
      return sessionIds.map((id) => ({ ok: true, value: userOf.get(id) ?? null }));
    },
  });

  async function startSession(userId: string, userAgent?: string) {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now().getTime() + sessionTtlHours * 3600_000);
    await users.insertSession({
      id: sessionIdOf(token),
      userId,
      expiresAt,
      userAgent: userAgent?.slice(0, 300) ?? null,
    });
    return { token, expiresAt };
  }

  /** Organizer and judge memberships, and the competitions where the user works on a team. */
  async function membershipsOf(userId: string): Promise<User['memberships']> {
    const [members, teamCompetitionIds] = await Promise.all([
      competitions.membershipsOf(userId),
      teamMembers.competitionsOf(userId),
    ]);
    const onTeams = (await competitions.namesOf(teamCompetitionIds)).map((c) => ({
      competitionId: c.id,
      competitionName: c.name,
      role: 'team' as const,
    }));
    return [...members, ...onTeams].sort(
      (a, b) => a.competitionName.localeCompare(b.competitionName) || a.role.localeCompare(b.role),
    );
  }

  /**
   * What others created for an address, claimed by the account that proved it reads mail there:
   * judge profiles not yet claimed (nor revoked), with their judge memberships, then the team
   * invitations waiting for that address (not those of a competition the account now judges).
   */
  async function claimByVerifiedEmail(userId: string, email: string, tx: DbOrTx) {
    const claimedJudges = await judges.claimByEmail(userId, email, tx);
    for (const { competitionId } of claimedJudges) {
      await competitions.addJudgeMembers(competitionId, [userId], tx);
    }
    await teamMembers.claimInvitations(userId, email, tx);
    return { judges: claimedJudges.length };
  }

  async function describe(userId: string): Promise<User> {
    const user = await users.findById(userId);
    if (!user) throw unauthenticated();
    const memberships = await membershipsOf(userId);
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      canCreateCompetitions: user.canCreateCompetitions,
      emailVerified: user.emailVerifiedAt !== null,
      language: user.language,
      memberships,
    };
  }

  /** Writes a verification link and its mail in the caller's transaction. */
  async function addVerification(
    tx: Parameters<Parameters<Db['transaction']>[0]>[0],
    user: { id: string; email: string; name: string; language: Language },
    origin: string,
  ) {
    const { token, hash } = newLinkToken();
    await users.insertToken(
      {
        userId: user.id,
        purpose: 'verify_email',
        tokenHash: hash,
        email: user.email,
        expiresAt: new Date(now().getTime() + verificationLinkHours * 3600_000),
      },
      tx,
    );
    return outbox.add(tx, [
      mail({
        kind: 'email_verification',
        competitionId: null,
        to: { email: user.email, userId: user.id, language: user.language },
        params: { name: user.name, url: linkTo(origin, '/verify-email', token) },
      }),
    ]);
  }

  return {
    describe,
    startSession,
    sessionIdOf,

    /**
     * Creates the account and mails a verification link. Registering with an address grants
     * nothing that others created for it (a judge profile, a team membership): only the
     * verification link, or the invitation's own token, does.
     */
    async register(
      input: { email: string; password: string; name: string; language?: Language | undefined },
      origin: string,
      requestId?: string,
    ) {
      const existing = await users.findByEmail(input.email);
      if (existing?.passwordHash) {
        throw usersErrors.emailTaken();
      }
      const passwordHash = await passwords.hash(input.password);
      const language = input.language ?? 'en';
      const { user, mailIds } = await db.transaction(async (tx) => {
        // An account without a password (made before invitations stopped creating accounts)
        // holds no memberships since then, so taking it over takes nothing.
        const row = existing
          ? await users.update(existing.id, { passwordHash, name: input.name, language }, tx)
          : await users.insert({ email: input.email, name: input.name, passwordHash, language }, tx);
        await audit.record(tx, {
          actorId: row.id,
          action: 'user.registered',
          entityType: 'user',
          entityId: row.id,
          after: { email: row.email, name: row.name },
          requestId,
        });
        return { user: row, mailIds: await addVerification(tx, row, origin) };
      });
      await outbox.dispatch(mailIds);
      return user;
    },

    async login(input: { email: string; password: string }) {
      const user = await users.findByEmail(input.email);
      if (!user?.passwordHash) {
        await passwords.verifyNothing(input.password);
        throw usersErrors.invalidCredentials();
      }
      if (!(await passwords.verify(user.passwordHash, input.password)))
        throw usersErrors.invalidCredentials();
      return user;
    },

    /** A new verification link for the signed-in user (the first may be lost or expired). */
    async resendVerification(actor: Actor, origin: string) {
      const user = await users.findById(actor.id);
      if (!user) throw usersErrors.invalidCredentials();
      if (user.emailVerifiedAt) {
        throw usersErrors.alreadyVerified(user);
      }
      const mailIds = await db.transaction((tx) => addVerification(tx, user, origin));
      await outbox.dispatch(mailIds);
    },

    /** The verification link: the address is proven, and what waits for it is claimed. */
    async verifyEmail(token: string, requestId: string) {
      return db.transaction(async (tx) => {
        const used = await users.useToken(linkTokenHash(token), 'verify_email', now(), tx);
        const user = used && (await users.findById(used.userId, tx));
        if (!used || !user || user.email !== used.email) {
          throw usersErrors.invalidVerificationLink();
        }
        await users.update(user.id, { emailVerifiedAt: user.emailVerifiedAt ?? now() }, tx);
        const claimed = await claimByVerifiedEmail(user.id, user.email, tx);
        await audit.record(tx, {
          actorId: user.id,
          action: 'user.email_verified',
          entityType: 'user',
          entityId: user.id,
          after: { email: user.email, judgeProfilesClaimed: claimed.judges },
          requestId,
        });
        return { userId: user.id };
      });
    },

    /**
     * Mails a reset link when an account uses this address. The answer is the same either way,
     * so the form does not tell strangers who has an account.
     */
    async forgotPassword(email: string, origin: string) {
      const user = await users.findByEmail(email);
      if (!user) return;
      const { token, hash } = newLinkToken();
      const mailIds = await db.transaction(async (tx) => {
        await users.insertToken(
          {
            userId: user.id,
            purpose: 'reset_password',
            tokenHash: hash,
            email: user.email,
            expiresAt: new Date(now().getTime() + resetLinkHours * 3600_000),
          },
          tx,
        );
        return outbox.add(tx, [
          mail({
            kind: 'password_reset',
            competitionId: null,
            to: { email: user.email, userId: user.id, language: user.language },
            params: { name: user.name, url: linkTo(origin, '/reset-password', token) },
          }),
        ]);
      });
      await outbox.dispatch(mailIds);
    },

    /**
     * Sets a new password from a reset link: once, within the hour. Every session of the user ends
     * (whoever knew the old password is signed out). The link came by mail, so the address is
     * proven too, and what waits for it is claimed.
     */
    async resetPassword(token: string, password: string, requestId: string) {
      const passwordHash = await passwords.hash(password);
      return db.transaction(async (tx) => {
        const used = await users.useToken(linkTokenHash(token), 'reset_password', now(), tx);
        const user = used && (await users.findById(used.userId, tx));
        if (!used || !user || user.email !== used.email) {
          throw usersErrors.invalidResetLink();
        }
        await users.update(user.id, { passwordHash, emailVerifiedAt: user.emailVerifiedAt ?? now() }, tx);
        await users.deleteSessionsOfUser(user.id, null, tx);
        await claimByVerifiedEmail(user.id, user.email, tx);
        await audit.record(tx, {
          actorId: user.id,
          action: 'user.password_reset',
          entityType: 'user',
          entityId: user.id,
          requestId,
        });
        return { userId: user.id };
      });
    },

    /** Needs the current password; ends every other session of the user, keeps this one. */
    async changePassword(
      actor: Actor,
      sessionToken: string | null,
      input: { currentPassword: string; password: string },
      requestId: string,
    ) {
      const user = await users.findById(actor.id);
      if (!user?.passwordHash || !(await passwords.verify(user.passwordHash, input.currentPassword))) {
        throw usersErrors.wrongPassword();
      }
      const passwordHash = await passwords.hash(input.password);
      await db.transaction(async (tx) => {
        await users.update(user.id, { passwordHash }, tx);
        await users.deleteSessionsOfUser(user.id, sessionToken ? sessionIdOf(sessionToken) : null, tx);
        await audit.record(tx, {
          actorId: user.id,
          action: 'user.password_changed',
          entityType: 'user',
          entityId: user.id,
          requestId,
        });
      });
    },

    async updateProfile(actor: Actor, patch: { name?: string | undefined; language?: Language | undefined }) {
      await users.update(actor.id, {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.language !== undefined ? { language: patch.language } : {}),
      });
      return describe(actor.id);
    },

    /** The signed-in user of a session token, or null. Every API request asks this once. */
    async userForSession(token: string | undefined) {
      if (!token || token.length > 200) return null;
      return sessionLookups.add(sessionIdOf(token));
    },

    logout: (token: string) => users.deleteSession(sessionIdOf(token)),

    /**
     * The first organizer, from ORGANIZER_EMAIL/ORGANIZER_PASSWORD: created, or updated to match.
     * The address is the operator's word, so it counts as verified.
     */
    async ensureOrganizer({ email, password, name }: { email: string; password: string; name: string }) {
      const existing = await users.findByEmail(email);
      if (existing?.passwordHash && existing.canCreateCompetitions && existing.emailVerifiedAt) {
        if (await passwords.verify(existing.passwordHash, password)) return existing;
      }
      const passwordHash = await passwords.hash(password);
      return db.transaction(async (tx) => {
        // Several API processes starting together each ensure the organizer: one at a time, and
        // each reads again under the lock (read outside it, two of them inserted the same email
        // and all but one exited at start).
        await users.lockEmail('organizer', email, tx);
        const current = await users.findByEmail(email, tx);
        if (current && current.id !== existing?.id && current.canCreateCompetitions) return current;
        const row = current
          ? await users.update(
              current.id,
              {
                passwordHash,
                canCreateCompetitions: true,
                emailVerifiedAt: current.emailVerifiedAt ?? now(),
              },
              tx,
            )
          : await users.insert(
              {
                email: email.toLowerCase(),
                name,
                passwordHash,
                canCreateCompetitions: true,
                emailVerifiedAt: now(),
              },
              tx,
            );
        await audit.record(tx, {
          action: current ? 'user.organizer_updated' : 'user.organizer_created',
          entityType: 'user',
          entityId: row.id,
          after: { email: row.email, canCreateCompetitions: true },
        });
        return row;
      });
    },
  };
}
export type UsersService = ReturnType<typeof createUsersService>;
