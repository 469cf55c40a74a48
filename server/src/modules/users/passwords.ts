import { hash, verify } from '@node-rs/argon2';
import { createSemaphore } from '../../app/semaphore.ts';

// algorithm 2 is Argon2id (the const enum cannot be imported under isolatedModules).
const argonOptions = { algorithm: 2 as const, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** One hash outside any request (the demo seed's shared password). */
export const hashPassword = (password: string) => hash(password, argonOptions);

/**
 * Password hashing and checking, at most `concurrency` at once (register, sign-in, invitation
 * acceptance, password reset and change all go through here): 150 judges accepting together queue
 * for the CPU instead of each taking 19 MiB and a core at the same moment.
 */
export function createPasswords({ concurrency }: { concurrency: number }) {
  const work = createSemaphore(concurrency);
  let dummyHash: Promise<string> | undefined;
  const hashLimited = (password: string) => work.run(() => hashPassword(password));
  const verifyPassword = (passwordHash: string, password: string) =>
    work.run(() => verify(passwordHash, password).catch(() => false));
  return {
    hash: hashLimited,
    verify: verifyPassword,
    /** Spends the time of a real check, so an unknown account answers as slowly as a wrong password. */
    async verifyNothing(password: string) {
      dummyHash ??= hashLimited('a password nobody has');
      await verifyPassword(await dummyHash, password);
      return false;
    },
    stats: work.stats,
  };
}
export type Passwords = ReturnType<typeof createPasswords>;
