import { z } from 'zod';

export const auditEntrySchema = z.object({
  id: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
  createdAt: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

const auditText = (max: number) => z.string().trim().min(1).max(max).optional();

/** The audit log's filters: who, what, which entity, and when (inclusive ISO bounds). */
export const auditQuerySchema = z
  .object({
    actorId: auditText(64),
    action: auditText(100),
    entityType: auditText(50),
    entityId: auditText(64),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    cursor: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), {
    message: 'The start of the period comes after its end; swap them.',
    path: ['to'],
  });
export type AuditQuery = z.input<typeof auditQuerySchema>;
export type AuditQueryParams = z.output<typeof auditQuerySchema>;

/** What the audit log's filters may choose from: the people who acted, the actions, the entities. */
export const auditFacetsSchema = z.object({
  actors: z.array(z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() })),
  actions: z.array(z.string()),
  entityTypes: z.array(z.string()),
});
export type AuditFacets = z.infer<typeof auditFacetsSchema>;
