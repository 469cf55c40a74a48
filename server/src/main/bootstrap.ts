import type { FastifyInstance } from 'fastify';
import type { Config } from '../app/config.ts';
import { createAuditService } from '../modules/audit/audit.service.ts';
import { createPasswords } from '../modules/users/passwords.ts';
import { createUsersRepository } from '../modules/users/users.repository.ts';
import { createUsersService } from '../modules/users/users.service.ts';

/** Creates or updates the ORGANIZER_EMAIL user at start, as PRODUCT.md promises. */
export async function ensureFirstOrganizer(app: FastifyInstance, config: Config) {
  if (!config.ORGANIZER_EMAIL || !config.ORGANIZER_PASSWORD) {
    app.log.warn(
      'ORGANIZER_EMAIL and ORGANIZER_PASSWORD are not set: no organizer account was created or updated.',
    );
    return null;
  }
  const { db } = app.deps;
  const usersService = createUsersService({
    db,
    users: createUsersRepository({ db }),
    audit: createAuditService({ db }),
    // Ensuring the organizer mails nothing.
    outbox: { add: async () => [], dispatch: async () => {} },
    passwords: createPasswords({ concurrency: 1 }),
    sessionSecret: config.SESSION_SECRET,
    sessionTtlHours: config.SESSION_TTL_HOURS,
  });
  return usersService.ensureOrganizer({
    email: config.ORGANIZER_EMAIL,
    password: config.ORGANIZER_PASSWORD,
    name: config.ORGANIZER_NAME,
  });
}
