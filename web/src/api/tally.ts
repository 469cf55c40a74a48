import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type AdvanceBody,
  type Advancement,
  errorCodes,
  type Snapshot,
  type TallyMethodName,
} from '@wuzhen/shared';
import { ApiError, api, apiUrl } from './client.ts';

const enc = encodeURIComponent;

export const tallyKeys = {
  all: ['tally'] as const,
  round: (roundId: string) => ['tally', roundId] as const,
  results: (roundId: string, method: TallyMethodName | null) =>
    ['tally', roundId, 'results', method ?? 'default'] as const,
};

/** The round's latest tally (of one method, if given); null while there is none. */
export function useResults(roundId: string, method: TallyMethodName | null) {
  return useQuery({
    queryKey: tallyKeys.results(roundId, method),
    queryFn: async ({ signal }) => {
      try {
        return (
          await api<{ snapshot: Snapshot }>(`/rounds/${enc(roundId)}/results`, { query: { method }, signal })
        ).snapshot;
      } catch (error) {
        if (error instanceof ApiError && error.code === errorCodes.tally.noSnapshot) return null;
        throw error;
      }
    },
  });
}

export const resultsCsvUrl = (roundId: string, method: TallyMethodName | null) =>
  apiUrl(`/rounds/${enc(roundId)}/results.csv`, { method });

export function useRunTally(roundId: string) {
  return useMutation({
    mutationFn: (body: { method?: TallyMethodName; cutoffPerTrack?: number }) =>
      api<{ jobId: string }>(`/rounds/${enc(roundId)}/tally`, { method: 'POST', body }),
  });
}

export function useInvalidateResults() {
  const queryClient = useQueryClient();
  return (roundId: string) => void queryClient.invalidateQueries({ queryKey: tallyKeys.round(roundId) });
}

export function useAdvance(roundId: string) {
  return useMutation({
    mutationFn: async (body: AdvanceBody) =>
      (await api<{ advancement: Advancement }>(`/rounds/${enc(roundId)}/advance`, { method: 'POST', body }))
        .advancement,
  });
}
