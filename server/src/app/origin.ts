import type { FastifyRequest } from 'fastify';
import type { Config } from './config.ts';

/**
 * The address links in mails point to: PUBLIC_URL when set (behind a proxy, the address people
 * use), else the address this request came in on.
 */
export const requestOrigin = (request: FastifyRequest, publicUrl: string | undefined) =>
  (publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');

/** Where links point in mails no request causes (a scheduled publication in the worker). */
export const mailOriginOf = (config: Pick<Config, 'PUBLIC_URL' | 'PORT'>) =>
  (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, '');
