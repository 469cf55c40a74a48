import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Assignment, AssignmentSummary, ConflictKind, MyAssignment, Round } from '@wuzhen/shared';
import { api } from './client.ts';
import { judgesKeys } from './judges.ts';
import { competitionKeys } from './query-keys.ts';

type List<T> = { items: T[]; nextCursor: string | null };
const enc = encodeURIComponent;

export const assignmentKeys = {
  all: ['assignment'] as const,
  rounds: (competitionId: string) => ['assignment', 'rounds', competitionId] as const,
  round: (roundId: string) => ['assignment', 'round', roundId] as const,
  list: (roundId: string) => ['assignment', 'round', roundId, 'list'] as const,
  summary: (roundId: string) => ['assignment', 'round', roundId, 'summary'] as const,
  mine: () => ['assignment', 'mine'] as const,
};

export function useRounds(competitionId: string) {
  return useQuery({
    queryKey: assignmentKeys.rounds(competitionId),
    queryFn: ({ signal }) => api<List<Round>>(`/competitions/${enc(competitionId)}/rounds`, { signal }),
    select: (data) => data.items,
  });
}

export function useRoundAssignments(roundId: string | null) {
  return useQuery({
    queryKey: assignmentKeys.list(roundId ?? ''),
    queryFn: ({ signal }) => api<List<Assignment>>(`/rounds/${enc(roundId!)}/assignments`, { signal }),
    select: (data) => data.items,
    enabled: !!roundId,
  });
}

export function useAssignmentSummary(roundId: string | null) {
  return useQuery({
    queryKey: assignmentKeys.summary(roundId ?? ''),
    queryFn: async ({ signal }) =>
      (await api<{ summary: AssignmentSummary }>(`/rounds/${enc(roundId!)}/assignment-summary`, { signal }))
        .summary,
    enabled: !!roundId,
  });
}

/** After any change to a round's assignments: its list, its summary, and the judges' loads. */
export function useInvalidateRound() {
  const queryClient = useQueryClient();
  return (roundId: string) => {
    void queryClient.invalidateQueries({ queryKey: assignmentKeys.round(roundId) });
    void queryClient.invalidateQueries({ queryKey: judgesKeys.all });
    // The first round's first judges close submissions: the overview's deadline moved with them.
    void queryClient.invalidateQueries({ queryKey: competitionKeys.all });
  };
}

export function useRunAssignment(roundId: string | null) {
  return useMutation({
    mutationFn: () => api<{ jobId: string }>(`/rounds/${enc(roundId!)}/assign`, { method: 'POST' }),
  });
}

export function useAddAssignment(roundId: string | null) {
  const invalidate = useInvalidateRound();
  return useMutation({
    mutationFn: (body: { entryId: string; judgeId: string }) =>
      api<{ assignment: Assignment }>(`/rounds/${enc(roundId!)}/assignments`, { method: 'POST', body }),
    onSuccess: () => roundId && invalidate(roundId),
  });
}

export function useRemoveAssignment(roundId: string | null) {
  const invalidate = useInvalidateRound();
  return useMutation({
    mutationFn: ({ assignmentId, force }: { assignmentId: string; force?: boolean }) =>
      api<void>(`/assignments/${enc(assignmentId)}`, {
        method: 'DELETE',
        query: force ? { force: 'true' } : undefined,
      }),
    onSuccess: () => roundId && invalidate(roundId),
  });
}

/** The signed-in judge's assignments in every competition. */
export function useMyAssignments() {
  return useQuery({
    queryKey: assignmentKeys.mine(),
    queryFn: ({ signal }) => api<List<MyAssignment>>('/me/assignments', { signal }),
    select: (data) => data.items,
  });
}

export function useRecuse() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ assignmentId, reason }: { assignmentId: string; reason: string }) =>
      api<{ reassigned: boolean; message: string }>(`/assignments/${enc(assignmentId)}/recuse`, {
        method: 'POST',
        body: { reason },
      }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: assignmentKeys.mine() }),
  });
}

/** A judge declares their own conflict with an entry on their list; it leaves the list. */
export function useDeclareOwnConflict() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      competitionId,
      ...body
    }: {
      competitionId: string;
      judgeId: string;
      entryId: string;
      kind: ConflictKind;
      reason: string;
    }) => api<unknown>(`/competitions/${enc(competitionId)}/conflicts`, { method: 'POST', body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: assignmentKeys.mine() }),
  });
}
