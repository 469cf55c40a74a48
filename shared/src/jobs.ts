import { z } from 'zod';
import { idSchema } from './common.ts';

export const jobStateSchema = z.enum(['waiting', 'active', 'completed', 'failed', 'delayed']);
export type JobState = z.infer<typeof jobStateSchema>;

/**
 * Every step a job reports, with its English sentence for the API. The web app shows the step in
 * the reader's language from its own catalogue (`jobs.phases.<key>`, same {{variables}}).
 */
export const jobPhases = {
  waiting: 'Waiting for a worker',
  loadingRound: 'Loading the round',
  loadedRound: 'Loaded {{entries}} entries, {{judges}} judges and {{conflicts}} conflicts',
  preparing: 'Preparing the problem',
  checkingFeasibility: 'Checking that every entry can get its judges',
  optimizing: 'Finding the best assignment',
  certifying: 'Proving the assignment optimal',
  assignmentFound: 'Assignment found',
  savingAssignments: 'Saving {{count}} assignments',
  loadingReviews: 'Loading the rubric, entries and submitted reviews',
  computingScores: 'Computing scores for {{entries}} entries from {{reviews}} reviews',
  storingSnapshot: 'Storing the snapshot',
  publishing: 'Publishing the awards that have winners',
  published: 'Published {{count}} awards',
  nothingToPublish: 'Nothing to publish',
  done: 'Done',
} as const;
export type JobPhaseKey = keyof typeof jobPhases;
export type JobPhaseValues = Record<string, number>;

/** A step's English sentence with its numbers filled in. */
export const describeJobPhase = (key: JobPhaseKey, values: JobPhaseValues = {}) =>
  jobPhases[key].replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ''));

const phaseKeySchema = z.enum(Object.keys(jobPhases) as [JobPhaseKey, ...JobPhaseKey[]]);
const phaseValuesSchema = z.record(z.string(), z.number());

/** What the worker reports while it runs: a percentage, the step, and its sentence in English. */
export const jobProgressSchema = z.object({
  percent: z.number().min(0).max(100),
  phase: z.string(),
  phaseKey: phaseKeySchema.optional(),
  phaseValues: phaseValuesSchema.optional(),
});
export type JobProgress = z.infer<typeof jobProgressSchema>;

/** `GET /api/v1/jobs/:jobId` answers this shape unwrapped, as PRODUCT.md's API table gives it. */
export const jobSchema = z.object({
  id: idSchema,
  name: z.string(),
  state: jobStateSchema,
  /** 0..100 */
  progress: z.number().min(0).max(100),
  /** The current step in English; `phaseKey` and `phaseValues` name it for a translation. */
  phase: z.string(),
  phaseKey: phaseKeySchema.optional(),
  phaseValues: phaseValuesSchema.optional(),
  result: z.unknown().optional(),
  error: z.string().optional(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type Job = z.infer<typeof jobSchema>;
export const jobAcceptedSchema = z.object({ jobId: idSchema });
