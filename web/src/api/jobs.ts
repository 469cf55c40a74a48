import { useQuery } from '@tanstack/react-query';
import type { Job, JobState } from '@wuzhen/shared';
import { api } from './client.ts';
import { jobKeys } from './query-keys.ts';

export const finishedJobStates: readonly JobState[] = ['completed', 'failed'];

/** A worker job, polled every second until it completes or fails. */
export function useJob(jobId: string, { intervalMs = 1000 }: { intervalMs?: number } = {}) {
  return useQuery({
    queryKey: jobKeys.detail(jobId),
    queryFn: ({ signal }) => api<Job>(`/jobs/${encodeURIComponent(jobId)}`, { signal }),
    refetchInterval: (query) =>
      query.state.data && finishedJobStates.includes(query.state.data.state) ? false : intervalMs,
    refetchIntervalInBackground: true,
    staleTime: 0,
  });
}
