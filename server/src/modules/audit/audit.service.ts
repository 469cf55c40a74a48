import type { AuditQueryParams } from '@wuzhen/shared';
import { and, desc, eq, gte, lt, lte, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../app/db.ts';
import { auditLog } from './audit.table.ts';

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

/** Strips secrets that must never land in the log, whatever row a caller hands in. */
const redact = (value: unknown): unknown => {
  if (value === null || value === undefined || typeof value !== 'object') return value ?? null;
  if (Array.isArray(value)) return value.map(redact);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (/passwordHash|password|token|storageKey/i.test(k)) continue;
    out[k] = v instanceof Date ? v.toISOString() : redact(v);
  }
  return out;
};

export function createAuditService({ db }: { db: Db }) {
  return {
    /** Write inside the caller's transaction, so the change and its record commit together. */
    async record(tx: DbOrTx, records: AuditRecord | AuditRecord[]) {
      const rows = (Array.isArray(records) ? records : [records]).map((r) => ({
        competitionId: r.competitionId ?? null,
        actorId: r.actorId ?? null,
        action: r.action,
        entityType: r.entityType,
        entityId: r.entityId,
        before: redact(r.before),
        after: redact(r.after),
        requestId: r.requestId ?? null,
      }));
      // One statement text whatever the number of records (they travel as one JSON parameter), so
      // it is prepared once per connection; a batch of review saves writes all its records at once.
      if (rows.length > 0)
        await tx.execute(sql`
          insert into ${auditLog} (competition_id, actor_id, action, entity_type, entity_id, before, after, request_id)
          select "competitionId", "actorId", action, "entityType", "entityId", before, after, "requestId"
          from rows from (jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as ("competitionId" text,
            "actorId" text, action text, "entityType" text, "entityId" text, before jsonb, after jsonb,
            "requestId" text)) with ordinality as r("competitionId", "actorId", action, "entityType",
            "entityId", before, after, "requestId", position)
          order by position`);
    },

    /** One page of a competition's log, newest first, narrowed by who, what, which entity and when. */
    async list({
      competitionId,
      cursor,
      limit,
      actorId,
      action,
      entityType,
      entityId,
      from,
      to,
    }: AuditQueryParams & { competitionId: string }) {
      const rows = await db
        .select()
        .from(auditLog)
        .where(
          and(
            eq(auditLog.competitionId, competitionId),
            cursor ? lt(auditLog.id, cursor) : undefined,
            actorId ? eq(auditLog.actorId, actorId) : undefined,
            action ? eq(auditLog.action, action) : undefined,
            entityType ? eq(auditLog.entityType, entityType) : undefined,
            entityId ? eq(auditLog.entityId, entityId) : undefined,
            from ? gte(auditLog.createdAt, new Date(from)) : undefined,
            to ? lte(auditLog.createdAt, new Date(to)) : undefined,
          ),
        )
        .orderBy(desc(auditLog.id))
        .limit(limit + 1);
      const page = rows.slice(0, limit);
      return { rows: page, nextCursor: rows.length > limit ? String(page.at(-1)?.id) : null };
    },

    /** What the log's filters may offer: each actor, action and entity type that occurs in it. */
    async facets(competitionId: string) {
      const where = eq(auditLog.competitionId, competitionId);
      const [actors, actions, entityTypes] = await Promise.all([
        db.selectDistinct({ id: auditLog.actorId }).from(auditLog).where(where),
        db.selectDistinct({ action: auditLog.action }).from(auditLog).where(where).orderBy(auditLog.action),
        db
          .selectDistinct({ entityType: auditLog.entityType })
          .from(auditLog)
          .where(where)
          .orderBy(auditLog.entityType),
      ]);
      return {
        actorIds: actors.map((a) => a.id).filter((id): id is string => id !== null),
        actions: actions.map((a) => a.action),
        entityTypes: entityTypes.map((e) => e.entityType),
      };
    },
  };
}
export type AuditService = ReturnType<typeof createAuditService>;
