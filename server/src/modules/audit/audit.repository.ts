import type { AuditQueryParams } from '@wuzhen/shared';
import { and, desc, eq, gte, lt, lte, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../app/db.ts';
import { auditLog } from './audit.table.ts';

export type AuditRow = typeof auditLog.$inferSelect;
export type NewAuditRow = Omit<typeof auditLog.$inferInsert, 'id' | 'createdAt'>;

export function createAuditRepository({ db }: { db: Db }) {
  return {
    /** Writes inside the caller's transaction, so the change and its record commit together. */
    async insert(tx: DbOrTx, rows: NewAuditRow[]) {
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

    /** One page of a competition's log, newest first (one row more than `limit`: is there a next page?). */
    list: ({
      competitionId,
      cursor,
      limit,
      actorId,
      action,
      entityType,
      entityId,
      from,
      to,
    }: AuditQueryParams & { competitionId: string }) =>
      db
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
        .limit(limit + 1),

    /** Each actor, action and entity type that occurs in a competition's log. */
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
export type AuditRepository = ReturnType<typeof createAuditRepository>;
