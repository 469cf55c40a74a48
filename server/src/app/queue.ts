import { randomUUID } from 'node:crypto';
import {
  describeJobPhase,
  type Job,
  type JobPhaseKey,
  type JobPhaseValues,
  type JobProgress,
  type JobState,
  jobProgressSchema,
} from '@wuzhen/shared';
import { type Job as BullJob, Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';

const jobMeta = { competitionId: z.string(), requestedBy: z.string() };

/**
 * The one registry of background jobs: each name ties to its queue and a payload schema.
 * Processors parse `job.data` with it, never cast it.
 */
export const jobRegistry = {
  assignment: z.object({ ...jobMeta, roundId: z.string() }),
  tally: z.object({
    ...jobMeta,
    roundId: z.string(),
    method: z.enum(['bias', 'zscore', 'none']).optional(),
    cutoffPerTrack: z.number().int().min(1).optional(),
  }),
  publication: z.object({ ...jobMeta, scheduledFor: z.string() }),
} as const;

export type JobName = keyof typeof jobRegistry;
export type JobPayload<N extends JobName> = z.infer<(typeof jobRegistry)[N]>;
export const jobNames = Object.keys(jobRegistry) as JobName[];

/** Reports a job's progress: a percentage and the step it is on (see `jobPhases`), with its numbers. */
export type ProgressReporter = (
  percent: number,
  phase: JobPhaseKey,
  values?: JobPhaseValues,
) => Promise<void>;
export type JobProcessor<N extends JobName> = (
  payload: JobPayload<N>,
  context: { progress: ProgressReporter; jobId: string; attempt: number },
) => Promise<unknown>;
export type JobProcessors = { [N in JobName]?: JobProcessor<N> };

// Job ids carry their queue, so `GET /jobs/:jobId` finds the job without scanning every queue.
const jobIdPattern = /^(assignment|tally|publication)-[A-Za-z0-9-]{1,80}$/;

export function createQueues({ connection, prefix }: { connection: Redis; prefix: string }) {
  const queues = new Map<JobName, Queue>(
    jobNames.map((name) => [
      name,
      new Queue(name, {
        connection,
        prefix,
        defaultJobOptions: {
          attempts: 3,
          backoff: { type: 'exponential', delay: 2_000 },
          removeOnComplete: { age: 7 * 24 * 3600 },
          removeOnFail: { age: 30 * 24 * 3600 },
        },
      }),
    ]),
  );
  const queueOf = (name: JobName) => queues.get(name)!;

  return {
    /**
     * Enqueue after the transaction that made it necessary has committed. A `dedupeKey` makes the
     * id deterministic, so a job that must not run twice at once is only added once.
     */
    async enqueue<N extends JobName>(
      name: N,
      payload: JobPayload<N>,
      options: { delayMs?: number; dedupeKey?: string } = {},
    ): Promise<string> {
      const data = jobRegistry[name].parse(payload);
      const jobId = `${name}-${options.dedupeKey ?? randomUUID()}`;
      if (options.dedupeKey) {
        // A finished job with the same key would block the new one: clear it first.
        const previous = await queueOf(name).getJob(jobId);
        if (previous) {
          const state = await previous.getState();
          if (state === 'completed' || state === 'failed') await previous.remove();
          else return jobId;
        }
      }
      await queueOf(name).add(name, data, { jobId, delay: options.delayMs });
      return jobId;
    },

    async getJob(jobId: string): Promise<(Job & { payload: Record<string, unknown> }) | null> {
      const match = jobIdPattern.exec(jobId);
      if (!match) return null;
      const queue = queueOf(match[1] as JobName);
      // The state first, then the job: a job read first and found completed afterwards would be
      // answered as completed without its result (completing writes both at once).
      const state = await queue.getJobState(jobId);
      const job = await queue.getJob(jobId);
      if (!job || state === 'unknown') return null;
      return describeJob(job, state);
    },

    async removeJob(jobId: string) {
      const match = jobIdPattern.exec(jobId);
      if (!match) return;
      const job = await queueOf(match[1] as JobName).getJob(jobId);
      await job?.remove();
    },

    queues,
    close: () => Promise.all([...queues.values()].map((q) => q.close())).then(() => undefined),
  };
}
export type Queues = ReturnType<typeof createQueues>;

function describeJob(job: BullJob, rawState: string): Job & { payload: Record<string, unknown> } {
  const state: JobState = (['waiting', 'active', 'completed', 'failed', 'delayed'] as const).includes(
    rawState as JobState,
  )
    ? (rawState as JobState)
    : 'waiting'; // prioritized, waiting-children and unknown states all mean: not started yet
  // What the worker last reported; a job no worker has picked up yet is waiting for one.
  const reported = jobProgressSchema.safeParse(job.progress);
  const progress: Partial<JobProgress> = reported.success
    ? reported.data
    : state === 'waiting' || state === 'delayed'
      ? { phase: describeJobPhase('waiting'), phaseKey: 'waiting', phaseValues: {} }
      : {};
  const percent = state === 'completed' ? 100 : Math.max(0, Math.min(100, Number(progress.percent ?? 0)));
  return {
    id: job.id ?? '',
    name: job.name,
    state,
    progress: percent,
    phase: progress.phase ?? '',
    ...(progress.phaseKey ? { phaseKey: progress.phaseKey, phaseValues: progress.phaseValues ?? {} } : {}),
    ...(state === 'completed' ? { result: job.returnvalue } : {}),
    ...(state === 'failed' ? { error: job.failedReason } : {}),
    createdAt: new Date(job.timestamp).toISOString(),
    finishedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    payload: (job.data ?? {}) as Record<string, unknown>,
  };
}

export function createWorkers({
  connection,
  prefix,
  processors,
  concurrency = 2,
  log,
}: {
  connection: Redis;
  prefix: string;
  processors: JobProcessors;
  concurrency?: number;
  log: { error: (obj: object, msg: string) => void; info: (obj: object, msg: string) => void };
}) {
  const workers: Worker[] = [];
  for (const name of jobNames) {
    const processor = processors[name] as JobProcessor<typeof name> | undefined;
    if (!processor) continue;
    const worker = new Worker(
      name,
      async (job) => {
        const parsed = jobRegistry[name].safeParse(job.data);
        if (!parsed.success)
          throw new UnrecoverableError(`The job's data is not valid: ${parsed.error.message}`);
        const progress: ProgressReporter = (percent, phaseKey, phaseValues = {}) =>
          job.updateProgress({
            percent: Math.round(Math.max(0, Math.min(100, percent))),
            phase: describeJobPhase(phaseKey, phaseValues),
            phaseKey,
            phaseValues,
          } satisfies JobProgress);
        return processor(parsed.data as never, {
          progress,
          jobId: job.id ?? '',
          attempt: job.attemptsMade + 1,
        });
      },
      { connection, prefix, concurrency },
    );
    worker.on('error', (err) => log.error({ err, queue: name }, 'worker error'));
    worker.on('failed', (job, err) => log.error({ err, jobId: job?.id, queue: name }, 'job failed'));
    workers.push(worker);
  }
  return { workers, close: () => Promise.all(workers.map((w) => w.close())).then(() => undefined) };
}

export { UnrecoverableError };
