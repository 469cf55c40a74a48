/**
 * Who acts, as every service sees it: the signed-in user (only the id is read), or for a job the
 * user who queued it. The one actor type of every service.
 */
export type Actor = { id: string };

/** What a service needs of the request beyond its input: who acts, and the id its audit records carry. */
export type RequestContext = { actor: Actor; requestId: string | null };

/** The request context of a route: the signed-in user and Fastify's request id. */
export const requestContext = (request: { id: string }, actor: Actor): RequestContext => ({
  actor,
  requestId: request.id,
});
