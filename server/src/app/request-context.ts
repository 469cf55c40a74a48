/**
 * Who acts, as every service sees it: the signed-in user (only the id is read), or for a job the
 * user who queued it. The one actor type of every service; a service method takes it first, then
 * its subject(s), then its input, then the request id (docs/ARCHITECTURE.md, "Services").
 */
export type Actor = { id: string };
