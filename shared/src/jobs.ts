import { z } from 'zod';
import { idSchema } from './common.ts';

export const jobStateSchema = z.enum(['waiting', 'active', 'completed', 'failed', 'delayed']);
export type JobState = z.infer<typeof jobStateSchema>;

/** What the worker reports while it runs: a percentage and a sentence on what it is doing. */
export const jobProgressSchema = z.object({ percent: z.number().min(0).max(100), phase: z.string() });
export type JobProgress = z.infer<typeof jobProgressSchema>;

/** `GET /api/v1/jobs/:jobId` answers this shape unwrapped, as PRODUCT.md's API table gives it. */
export const jobSchema = z.object({
  id: idSchema,
  name: z.string(),
  state: jobStateSchema,
  /** 0..100 */
  progress: z.number().min(0).max(100),
  phase: z.string(),
  result: z.unknown().optional(),
  error: z.string().optional(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type Job = z.infer<typeof jobSchema>;
export const jobAcceptedSchema = z.object({ jobId: idSchema });
