import { bigserial, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt } from '../../app/columns.ts';

/**
 * Append-only: a trigger in the migrations refuses UPDATE and DELETE. No foreign keys, so the log
 * outlives what it describes.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    competitionId: text(),
    actorId: text(),
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text().notNull(),
    before: jsonb(),
    after: jsonb(),
    requestId: text(),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_log_competition_idx').on(t.competitionId, t.id),
    index('audit_log_entity_idx').on(t.entityType, t.entityId),
  ],
);
