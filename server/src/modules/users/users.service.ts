import { createHash, createHmac, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { errorCodes, type User } from '@wuzhen/shared';
import { createBatcher } from '../../app/batch.ts';
import type { Db } from '../../app/db.ts';
import { createError } from '../../app/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { UsersRepository } from './users.repository.ts';

type SessionUser = Awaited<ReturnType<UsersRepository['findSessions']>>[number]['user'];

// algorithm 2 is Argon2id (the const enum cannot be imported under isolatedModules).
const argonOptions = { algorithm: 2 as const, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
export const hashPassword = (password: string) => hash(password, argonOptions);

// Verifying against a fixed hash for unknown emails keeps the timing of both failures alike.
let dummyHash: Promise<string> | undefined;

const invalidCredentials = () =>
  createError({
    code: errorCodes.invalidCredentials,
    statusCode: 401,
    message: 'The email or password is not right. Check both and try again.',
  });

export function createUsersService({
  db,
  users,
  audit,
  sessionSecret,
  sessionTtlHours,
  now = () => new Date(),
}: {
  db: Db;
  users: UsersRepository;
  audit: Pick<AuditService, 'record'>;
  sessionSecret: string | undefined;
  sessionTtlHours: number;
  now?: () => Date;
}) {
  const sessionIdOf = (token: string) =>
    sessionSecret
      ? createHmac('sha256', sessionSecret).update(token).digest('hex')
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

  async function describe(userId: string): Promise<User> {
    const user = await users.findById(userId);
    if (!user)
      throw createError({
        code: errorCodes.unauthenticated,
        statusCode: 401,
        message: 'Sign in to continue.',
      });
    const memberships = await users.memberships(userId);
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      canCreateCompetitions: user.canCreateCompetitions,
      memberships,
    };
  }

  return {
    describe,
    startSession,
    sessionIdOf,

    async register(input: { email: string; password: string; name: string }, requestId?: string) {
      const existing = await users.findByEmail(input.email);
      if (existing?.passwordHash) {
        throw createError({
          code: errorCodes.emailTaken,
          statusCode: 400,
          message: 'An account with this email already exists. Sign in instead, or use another email.',
          details: [{ path: 'email', message: 'An account with this email already exists.' }],
        });
      }
      const passwordHash = await hashPassword(input.password);
      const user = await db.transaction(async (tx) => {
        // An invited judge who never set a password registers into the account made for them.
        const row = existing
          ? await users.update(existing.id, { passwordHash, name: input.name }, tx)
          : await users.insert({ email: input.email, name: input.name, passwordHash }, tx);
        await audit.record(tx, {
          actorId: row.id,
          action: 'user.registered',
          entityType: 'user',
          entityId: row.id,
          after: { email: row.email, name: row.name },
          requestId,
        });
        return row;
      });
      return user;
    },

    async login(input: { email: string; password: string }) {
      const user = await users.findByEmail(input.email);
      if (!user?.passwordHash) {
        dummyHash ??= hashPassword('a password nobody has');
        await verify(await dummyHash, input.password).catch(() => false);
        throw invalidCredentials();
      }
      const ok = await verify(user.passwordHash, input.password).catch(() => false);
      if (!ok) throw invalidCredentials();
      return user;
    },

    /** The signed-in user of a session token, or null. Every API request asks this once. */
    async userForSession(token: string | undefined) {
      if (!token || token.length > 200) return null;
      return sessionLookups.add(sessionIdOf(token));
    },

    logout: (token: string) => users.deleteSession(sessionIdOf(token)),

    /** The first organizer, from ORGANIZER_EMAIL/ORGANIZER_PASSWORD: created, or updated to match. */
    async ensureOrganizer({ email, password, name }: { email: string; password: string; name: string }) {
      const existing = await users.findByEmail(email);
      if (existing?.passwordHash && existing.canCreateCompetitions) {
        const same = await verify(existing.passwordHash, password).catch(() => false);
        if (same) return existing;
      }
      const passwordHash = await hashPassword(password);
      return db.transaction(async (tx) => {
        const row = existing
          ? await users.update(existing.id, { passwordHash, canCreateCompetitions: true }, tx)
          : await users.insert(
              { email: email.toLowerCase(), name, passwordHash, canCreateCompetitions: true },
              tx,
            );
        await audit.record(tx, {
          action: existing ? 'user.organizer_updated' : 'user.organizer_created',
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
