import { z } from 'zod';
import { idSchema } from './common.ts';
import { criterionSchema, roundKindSchema } from './rounds.ts';

export const assignmentStatusSchema = z.enum(['assigned', 'started', 'submitted', 'recused']);
export type AssignmentStatus = z.infer<typeof assignmentStatusSchema>;
export const assignmentSourceSchema = z.enum(['solver', 'manual', 'panel']);

export const assignmentSchema = z.object({
  id: idSchema,
  roundId: idSchema,
  entryId: idSchema,
  judgeId: idSchema,
  status: assignmentStatusSchema,
  /** 2: the entry's track is the judge's first expertise; 1: another of them; 0: none. */
  affinity: z.number().int().min(0).max(2),
  source: assignmentSourceSchema,
  createdAt: z.string(),
});
export type Assignment = z.infer<typeof assignmentSchema>;
export const assignmentResponseSchema = z.object({ assignment: assignmentSchema });

export const assignmentParamsSchema = z.object({ assignmentId: idSchema });
export const roundAssignmentsQuerySchema = z.object({
  judgeId: idSchema.optional(),
  entryId: idSchema.optional(),
});
export const createAssignmentBodySchema = z.object({ entryId: idSchema, judgeId: idSchema });
export const deleteAssignmentQuerySchema = z.object({
  /** Remove it even though its review was submitted (the review goes with it). */
  force: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});
export const recuseBodySchema = z.object({
  reason: z.string().trim().min(1, 'Say briefly why you step aside (the organizers read it).').max(500),
});
export const recuseResponseSchema = z.object({
  assignment: z.object({ id: idSchema, status: assignmentStatusSchema }),
  /** Whether another judge took the slot; if not, the organizers see it uncovered. */
  reassigned: z.boolean(),
  message: z.string(),
});

/** What the solver could not do, per entry and per track, in words a person can act on. */
export const assignmentDiagnosisSchema = z.object({
  message: z.string(),
  entries: z.array(
    z.object({
      entryId: idSchema,
      title: z.string(),
      trackId: z.string(),
      needed: z.number().int(),
      available: z.number().int(),
      reason: z.string(),
    }),
  ),
  tracks: z.array(z.object({ trackId: z.string(), name: z.string(), message: z.string() })),
});
export type AssignmentDiagnosis = z.infer<typeof assignmentDiagnosisSchema>;

export const trackCoverageSchema = z.object({
  trackId: z.string(),
  name: z.string(),
  entries: z.number().int(),
  fullyCovered: z.number().int(),
  slotsNeeded: z.number().int(),
  slotsFilled: z.number().int(),
  /** Mean affinity of the track's active assignments (0..2). */
  averageAffinity: z.number(),
});
export type TrackCoverage = z.infer<typeof trackCoverageSchema>;

export const coverageSchema = z.object({
  entries: z.number().int(),
  fullyCovered: z.number().int(),
  slotsNeeded: z.number().int(),
  slotsFilled: z.number().int(),
});

/** The job's result (GET /jobs/:jobId `result`) when an assignment run completes. */
export const assignmentRunResultSchema = z.object({
  roundId: idSchema,
  coverage: coverageSchema,
  objective: z.object({
    totalAffinity: z.number(),
    sameOrganizationEntries: z.number().int(),
    sumSquaredLoads: z.number(),
  }),
  tracks: z.array(trackCoverageSchema),
  conflictsAvoided: z.number().int(),
  /** Assignments kept as they were because their review had started or was submitted. */
  locked: z.number().int(),
  changes: z.object({
    inserted: z.number().int(),
    deleted: z.number().int(),
    kept: z.number().int(),
    freed: z.number().int(),
  }),
});
export type AssignmentRunResult = z.infer<typeof assignmentRunResultSchema>;

export const assignmentRunSchema = z.object({
  jobId: idSchema,
  state: z.enum(['waiting', 'active', 'completed', 'failed', 'delayed']),
  progress: z.number(),
  phase: z.string(),
  error: z.string().nullable(),
  diagnosis: assignmentDiagnosisSchema.nullable(),
  finishedAt: z.string().nullable(),
});
export type AssignmentRun = z.infer<typeof assignmentRunSchema>;

export const assignmentSummarySchema = z.object({
  roundId: idSchema,
  reviewsPerEntry: z.number().int(),
  coverage: coverageSchema,
  tracks: z.array(trackCoverageSchema),
  judges: z.array(
    z.object({
      judgeId: idSchema,
      name: z.string(),
      organization: z.string(),
      load: z.number().int(),
      capacity: z.number().int(),
    }),
  ),
  affinityHistogram: z.array(z.object({ affinity: z.number().int(), count: z.number().int() })),
  /** Entries with two or more judges from one organization. */
  sameOrganizationEntries: z.number().int(),
  /** Conflicted judge–entry pairs in this round, none of which is assigned. */
  conflictsAvoided: z.number().int(),
  /** Active assignments on a conflicted pair (declared after the review started): should be 0. */
  conflictedAssignments: z.number().int(),
  entries: z.array(
    z.object({
      entryId: idSchema,
      title: z.string(),
      trackId: z.string(),
      assigned: z.number().int(),
      needed: z.number().int(),
    }),
  ),
  /** The latest assignment run of this round, if one is known. */
  lastRun: assignmentRunSchema.nullable(),
});
export type AssignmentSummary = z.infer<typeof assignmentSummarySchema>;
export const assignmentSummaryResponseSchema = z.object({ summary: assignmentSummarySchema });

export const reviewSummarySchema = z.object({
  status: z.enum(['draft', 'submitted']),
  updatedAt: z.string(),
  submittedAt: z.string().nullable(),
});

export const myAssignmentSchema = z.object({
  id: idSchema,
  status: assignmentStatusSchema,
  /** The judge's own id in this competition, which a conflict they declare names. */
  judgeId: idSchema,
  competitionId: idSchema,
  competitionName: z.string(),
  /** The competition's IANA time zone: its dates read in it, whatever the judge's device says. */
  competitionTimezone: z.string(),
  roundId: idSchema,
  roundName: z.string(),
  /** A live round's entries are scored on its panel page as each pitch happens, not by the review form. */
  roundKind: roundKindSchema,
  roundClosesAt: z.string().nullable(),
  entry: z.object({
    id: idSchema,
    title: z.string(),
    summary: z.string(),
    trackId: z.string().nullable(),
    trackName: z.string(),
  }),
  review: reviewSummarySchema.nullable(),
});
export type MyAssignment = z.infer<typeof myAssignmentSchema>;
export const myAssignmentsQuerySchema = z.object({
  competitionId: idSchema.optional(),
  roundId: idSchema.optional(),
});

export const assignmentFileSchema = z.object({
  id: idSchema,
  name: z.string(),
  kind: z.enum(['deck', 'video', 'image']),
  size: z.number().int(),
  mime: z.string(),
});

export const assignmentDetailSchema = z.object({
  id: idSchema,
  status: assignmentStatusSchema,
  competitionId: idSchema,
  competitionName: z.string(),
  /** The competition's IANA time zone: its dates read in it, whatever the judge's device says. */
  competitionTimezone: z.string(),
  roundId: idSchema,
  roundName: z.string(),
  roundClosesAt: z.string().nullable(),
  entry: z.object({
    id: idSchema,
    title: z.string(),
    summary: z.string(),
    description: z.string(),
    websiteUrl: z.string().nullable(),
    videoUrl: z.string().nullable(),
    trackId: z.string().nullable(),
    trackName: z.string(),
    team: z.object({ name: z.string(), organization: z.string(), country: z.string() }),
    files: z.array(assignmentFileSchema),
  }),
  rubric: z.array(criterionSchema),
  review: z
    .object({
      id: idSchema,
      status: z.enum(['draft', 'submitted']),
      comment: z.string(),
      privateNote: z.string(),
      total: z.number().nullable(),
      scores: z.record(z.string(), z.number()),
      updatedAt: z.string(),
      submittedAt: z.string().nullable(),
    })
    .nullable(),
});
export type AssignmentDetail = z.infer<typeof assignmentDetailSchema>;
export const assignmentDetailResponseSchema = z.object({ assignment: assignmentDetailSchema });
