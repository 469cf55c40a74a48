import { randomUUID } from 'node:crypto';
import {
  describeJobPhase,
  type Job,
  type JobPhaseKey,
  type JobPhaseValues,
  type JobProgress,
  type JobState,
  jobProgressSchema,
  tallyMethodSchema,
} from '@wuzhen/shared';
import { type Job as BullJob, Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { redisUnavailable } from './errors.ts';
import type { Metrics } from './metrics.ts';
import { redisIsReady } from './redis.ts';

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
    method: tallyMethodSchema.optional(),
    cutoffPerTrack: z.number().int().min(1).optional(),
  }),
  publication: z.object({ ...jobMeta, scheduledFor: z.string() }),
  /** One outbox row's delivery (mail.jobs.ts); its attempts and backoff come from the config. */
  mail: z.object({ mailId: z.string() }),
  /** Every minute: abandoned claims become unknown, and rows without a job get one. */
  mailSweep: z.object({}),
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
      options: { delayMs?: number; dedupeKey?: string; attempts?: number; backoffMs?: number } = {},
    ): Promise<string> {
      const data = jobRegistry[name].parse(payload);
      // Redis away: say so now, rather than after the command's retries.
      if (!redisIsReady(connection)) throw redisUnavailable();
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
      await queueOf(name).add(name, data, {
        jobId,
        delay: options.delayMs,
        ...(options.attempts ? { attempts: options.attempts } : {}),
        ...(options.backoffMs ? { backoff: { type: 'exponential', delay: options.backoffMs } } : {}),
      });
      return jobId;
    },

    async getJob(jobId: string): Promise<(Job & { payload: Record<string, unknown> }) | null> {
      const match = jobIdPattern.exec(jobId);
      if (!match) return null;
      const queue = queueOf(match[1] as JobName);
      if (!redisIsReady(connection)) throw redisUnavailable();
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

/**
 * How fast a job whose worker died is noticed. A worker holds a lock on each job it runs and
 * renews it every `jobLockMs / 2`; every `stalledCheckMs` the workers look for active jobs whose
 * lock has expired and put them back in the queue for another worker. A kill is noticed after at
 * most `jobLockMs + stalledCheckMs` (BullMQ's defaults, 30 s + 30 s, left a dead worker's job
 * "active" for about a minute). The lock still outlives any pause of a healthy worker: the
 * heaviest jobs (assignment of 11,100 entries, a tally of 100,000) block its event loop for about
 * 2 s, well under the 8 s the lock allows between renewals.
 */
export const jobLockMs = 8_000;
export const stalledCheckMs = 2_000;

export type JobLog = {
  error: (obj: object, msg: string) => void;
  info: (obj: object, msg: string) => void;
  warn?: (obj: object, msg: string) => void;
};

export function createWorkers({
  connection,
  prefix,
  processors,
  concurrency = 2,
  limits = {},
  log,
  metrics,
}: {
  connection: Redis;
  prefix: string;
  processors: JobProcessors;
  concurrency?: number;
  /** Jobs started per duration, per queue, over every worker (BullMQ's limiter lives in Redis). */
  limits?: Partial<Record<JobName, { max: number; duration: number }>>;
  log: JobLog;
  metrics?: Pick<Metrics, 'jobDuration' | 'jobsStalled'> | null;
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
      {
        connection,
        prefix,
        concurrency,
        lockDuration: jobLockMs,
        stalledInterval: stalledCheckMs,
        ...(limits[name] ? { limiter: limits[name] } : {}),
      },
    );
    const seconds = (job: BullJob) =>
      job.finishedOn && job.processedOn ? (job.finishedOn - job.processedOn) / 1000 : undefined;
    worker.on('error', (err) => log.error({ err, queue: name }, 'worker error'));
    worker.on('active', (job) =>
      log.info(
        { jobId: job.id, queue: name, attempt: job.attemptsMade + 1, pid: process.pid },
        'job started',
      ),
    );
    worker.on('completed', (job) => {
      const duration = seconds(job);
      if (duration !== undefined) metrics?.jobDuration.observe({ name, outcome: 'completed' }, duration);
      log.info({ jobId: job.id, queue: name, seconds: duration, pid: process.pid }, 'job completed');
    });
    worker.on('failed', (job, err) => {
      const duration = job ? seconds(job) : undefined;
      if (duration !== undefined) metrics?.jobDuration.observe({ name, outcome: 'failed' }, duration);
      log.error({ err, jobId: job?.id, queue: name }, 'job failed');
    });
    worker.on('stalled', (jobId) => {
      metrics?.jobsStalled.inc({ name });
      (log.warn ?? log.info)({ jobId, queue: name }, 'job stalled (its worker stopped): queued again');
    });
    workers.push(worker);
  }
  return {
    workers,
    /** Ready: every queue's worker runs and its Redis connection is up. */
    ready: () => workers.length > 0 && workers.every((w) => w.isRunning()) && connection.status === 'ready',
    close: () => Promise.all(workers.map((w) => w.close())).then(() => undefined),
  };
}

export { UnrecoverableError };
