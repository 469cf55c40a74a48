import type { AuditQueryParams } from '@wuzhen/shared';
import type { DbOrTx } from '../../app/db.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import type { AuditRepository } from './audit.repository.ts';

export type AuditRecord = {
  competitionId?: string | null;
  actorId?: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
};

/** Whether a field's name marks a secret, decided once per name (a review save redacts ~40 fields). */
const secretNames = new Map<string, boolean>();
const isSecret = (key: string) => {
  let secret = secretNames.get(key);
  if (secret === undefined) {
    secret = /passwordHash|password|token|storageKey/i.test(key);
    if (secretNames.size < 10_000) secretNames.set(key, secret);
  }
  return secret;
};

/** Strips secrets that must never land in the log, whatever row a caller hands in. */
const redact = (value: unknown): unknown => {
  if (value === null || value === undefined || typeof value !== 'object') return value ?? null;
  if (Array.isArray(value)) return value.map(redact);
  if (value instanceof Date) return value.toISOString();
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (!isSecret(key)) out[key] = redact((value as Record<string, unknown>)[key]);
  }
  return out;
};

export function createAuditService({
  log,
  users,
}: {
  log: AuditRepository;
  users: Pick<UsersRepository, 'namesOf'>;
}) {
  return {
    /** Write inside the caller's transaction, so the change and its record commit together. */
    async record(tx: DbOrTx, records: AuditRecord | AuditRecord[]) {
      await log.insert(
        tx,
        (Array.isArray(records) ? records : [records]).map((r) => ({
          competitionId: r.competitionId ?? null,
          actorId: r.actorId ?? null,
          action: r.action,
          entityType: r.entityType,
          entityId: r.entityId,
          before: redact(r.before),
          after: redact(r.after),
          requestId: r.requestId ?? null,
        })),
      );
    },

    /**
     * One page of a competition's log, newest first, narrowed by who, what, which entity and when;
     * each record with its actor's name.
     */
    async list(query: AuditQueryParams & { competitionId: string }) {
      const rows = await log.list(query);
      const page = rows.slice(0, query.limit);
      const actorIds = [...new Set(page.map((r) => r.actorId).filter((id): id is string => !!id))];
      const nameOf = new Map((await users.namesOf(actorIds)).map((a) => [a.id, a.name]));
      return {
        rows: page.map((r) => ({ ...r, actorName: r.actorId ? (nameOf.get(r.actorId) ?? null) : null })),
        nextCursor: rows.length > query.limit ? String(page.at(-1)?.id) : null,
      };
    },

    /** What the log's filters may offer: each actor (with name and email), action and entity type in it. */
    async facets(competitionId: string) {
      const facets = await log.facets(competitionId);
      return {
        actors: await users.namesOf(facets.actorIds),
        actions: facets.actions,
        entityTypes: facets.entityTypes,
      };
    },
  };
}
export type AuditService = ReturnType<typeof createAuditService>;
