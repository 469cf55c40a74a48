import type { FastifyInstance } from 'fastify';
import type { Config } from '../app/config.ts';

/** Creates or updates the ORGANIZER_EMAIL user at start, as PRODUCT.md promises. */
export async function ensureFirstOrganizer(app: FastifyInstance, config: Config) {
  if (!config.ORGANIZER_EMAIL || !config.ORGANIZER_PASSWORD) {
    app.log.warn(
      'ORGANIZER_EMAIL and ORGANIZER_PASSWORD are not set: no organizer account was created or updated.',
    );
    return null;
  }
  return app.services.usersService.ensureOrganizer({
    email: config.ORGANIZER_EMAIL,
    password: config.ORGANIZER_PASSWORD,
    name: config.ORGANIZER_NAME,
  });
}
