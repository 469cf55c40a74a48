import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AssignmentDetail,
  LiveState,
  liveActionBodySchema,
  myLiveRoundsResponseSchema,
  myRemindersResponseSchema,
  panelResponseSchema,
  Review,
  ReviewProgress,
  Round,
  remindersResponseSchema,
  SaveReviewBody,
} from '@wuzhen/shared';
import type { z } from 'zod';
import { assignmentKeys } from './assignment.ts';
import { api } from './client.ts';

const enc = encodeURIComponent;

export const reviewKeys = {
  all: ['reviews'] as const,
  assignment: (assignmentId: string) => ['reviews', 'assignment', assignmentId] as const,
  round: (roundId: string) => ['reviews', 'round', roundId] as const,
  progress: (roundId: string) => ['reviews', 'round', roundId, 'progress'] as const,
  live: (roundId: string) => ['reviews', 'round', roundId, 'live'] as const,
  reminders: () => ['reviews', 'me', 'reminders'] as const,
  liveRounds: () => ['reviews', 'me', 'live-rounds'] as const,
};

/** One assignment as its judge sees it: the entry, its files, the rubric and the judge's review. */
export function useAssignmentDetail(assignmentId: string) {
  return useQuery({
    queryKey: reviewKeys.assignment(assignmentId),
    queryFn: async ({ signal }) =>
      (await api<{ assignment: AssignmentDetail }>(`/assignments/${enc(assignmentId)}`, { signal }))
        .assignment,
  });
}

/** A round with its rubric (organizers and the round's judges). */
export function useRound(roundId: string) {
  return useQuery({
    queryKey: reviewKeys.round(roundId),
    queryFn: async ({ signal }) => (await api<{ round: Round }>(`/rounds/${enc(roundId)}`, { signal })).round,
  });
}

export type SavedReview = { review: Review; assignment: { id: string; status: string } };

/** Saves a draft or submits. Callers decide what to refresh: autosave must not refetch the form. */
export function useSaveReview(assignmentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SaveReviewBody) =>
      api<SavedReview>(`/assignments/${enc(assignmentId)}/review`, { method: 'PUT', body }),
    onSuccess: (saved, body) => {
      if (body.submit) {
        void queryClient.invalidateQueries({ queryKey: assignmentKeys.mine() });
        void queryClient.invalidateQueries({ queryKey: reviewKeys.reminders() });
      }
      queryClient.setQueryData<AssignmentDetail>(reviewKeys.assignment(assignmentId), (old) =>
        old
          ? { ...old, status: saved.assignment.status as AssignmentDetail['status'], review: saved.review }
          : old,
      );
    },
  });
}

export function useMyReminders() {
  return useQuery({
    queryKey: reviewKeys.reminders(),
    queryFn: ({ signal }) => api<z.infer<typeof myRemindersResponseSchema>>('/me/reminders', { signal }),
    select: (data) => data.items,
  });
}

export function useMyLiveRounds() {
  return useQuery({
    queryKey: reviewKeys.liveRounds(),
    queryFn: ({ signal }) => api<z.infer<typeof myLiveRoundsResponseSchema>>('/me/live-rounds', { signal }),
    select: (data) => data.items,
    refetchInterval: 30_000,
  });
}

export function useReviewProgress(roundId: string) {
  return useQuery({
    queryKey: reviewKeys.progress(roundId),
    queryFn: ({ signal }) => api<ReviewProgress>(`/rounds/${enc(roundId)}/progress`, { signal }),
    refetchInterval: 30_000,
  });
}

export type RemindersResult = z.infer<typeof remindersResponseSchema>;

/** Reminds the chosen judges, or every late one (`{ late: true }`); the server skips whom it must. */
export function useRemindJudges(roundId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { judgeIds: string[] } | { late: true }) =>
      api<RemindersResult>(`/rounds/${enc(roundId)}/reminders`, { method: 'POST', body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: reviewKeys.progress(roundId) }),
  });
}

/** The live board, polled every two seconds: every tablet follows the organizer's pitch and timer. */
export function useLive(roundId: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: reviewKeys.live(roundId),
    queryFn: async ({ signal }) =>
      (await api<{ live: LiveState }>(`/rounds/${enc(roundId)}/live`, { signal })).live,
    refetchInterval: 2_000,
    refetchIntervalInBackground: true,
    enabled,
  });
}

export function useLiveAction(roundId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: z.input<typeof liveActionBodySchema>) =>
      (await api<{ live: LiveState }>(`/rounds/${enc(roundId)}/live`, { method: 'POST', body })).live,
    onSuccess: (live) => queryClient.setQueryData(reviewKeys.live(roundId), live),
  });
}

export function useAssignPanel(roundId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { judgeIds: string[]; trackId?: string }) =>
      api<z.infer<typeof panelResponseSchema>>(`/rounds/${enc(roundId)}/panel`, { method: 'POST', body }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: reviewKeys.round(roundId) });
      void queryClient.invalidateQueries({ queryKey: assignmentKeys.round(roundId) });
    },
  });
}
