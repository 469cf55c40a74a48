import { type AssignmentDiagnosis, type AssignmentRun, assignmentDiagnosisSchema } from '@wuzhen/shared';
import { type JobProcessor, type Queues, UnrecoverableError } from '../../app/queue.ts';
import type { AssignmentRuns } from './assignment.common.ts';
import { AssignmentInputError } from './assignment.fns.ts';
import { InfeasibleAssignmentError } from './assignment.run.service.ts';
import type { AssignmentService } from './assignment.service.ts';

/** One job id per round: a second click while a run waits or runs joins it instead of starting another. */
export const assignmentJobId = (roundId: string) => `assignment-${roundId}`;

/**
 * The latest run of each round lives in the job queue under its deterministic id. A failed run's
 * structured diagnosis is kept on the job beside its payload, since a job's error is only a sentence.
 */
export function createAssignmentRuns(queues: Pick<Queues, 'getJob' | 'queues'>) {
  return {
    async lastRun(roundId: string): Promise<AssignmentRun | null> {
      const job = await queues.getJob(assignmentJobId(roundId));
      if (!job) return null;
      const diagnosis = assignmentDiagnosisSchema.safeParse(job.payload.diagnosis);
      return {
        jobId: job.id,
        state: job.state,
        progress: job.progress,
        phase: job.phase,
        error: job.error ?? null,
        diagnosis: job.state === 'failed' && diagnosis.success ? diagnosis.data : null,
        finishedAt: job.finishedAt,
      };
    },

    async saveDiagnosis(jobId: string, diagnosis: AssignmentDiagnosis) {
      const job = await queues.queues.get('assignment')?.getJob(jobId);
      if (job) await job.updateData({ ...job.data, diagnosis });
    },
  } satisfies AssignmentRuns & Record<string, unknown>;
}

/** The failed job's error: the diagnosis in one paragraph, for API clients that read only `error`. */
const diagnosisSentence = (diagnosis: AssignmentDiagnosis) =>
  [diagnosis.message, ...diagnosis.tracks.map((t) => t.message)].filter(Boolean).join(' ');

/** The thin adapter: the worker calls the same service the routes use, and translates its failures. */
export function assignmentProcessor({
  service,
  runs,
}: {
  service: Pick<AssignmentService, 'run'>;
  runs: Pick<ReturnType<typeof createAssignmentRuns>, 'saveDiagnosis'>;
}): JobProcessor<'assignment'> {
  return async (payload, { progress, jobId }) => {
    try {
      return await service.run(payload, progress);
    } catch (err) {
      if (err instanceof InfeasibleAssignmentError) {
        await runs.saveDiagnosis(jobId, err.diagnosis);
        throw new UnrecoverableError(diagnosisSentence(err.diagnosis));
      }
      if (err instanceof AssignmentInputError) throw new UnrecoverableError(err.message);
      throw err;
    }
  };
}
