import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Competition,
  createCompetitionBodySchema,
  createTrackBodySchema,
  Track,
  updateCompetitionBodySchema,
} from '@wuzhen/shared';
import type { z } from 'zod';
import { api } from './client.ts';
import { competitionKeys } from './query-keys.ts';

export type CreateCompetitionBody = z.input<typeof createCompetitionBodySchema>;
export type UpdateCompetitionBody = z.input<typeof updateCompetitionBodySchema>;
export type CreateTrackBody = z.input<typeof createTrackBodySchema>;

type CompetitionList = { items: Competition[]; nextCursor: string | null };
type CompetitionResponse = { competition: Competition };

/** The competitions the signed-in user organizes, page by page. */
export function useOrganizedCompetitions({ enabled = true }: { enabled?: boolean } = {}) {
  return useInfiniteQuery({
    queryKey: competitionKeys.organized(),
    queryFn: ({ pageParam, signal }) =>
      api<CompetitionList>('/competitions', { query: { cursor: pageParam, limit: 50 }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    enabled,
  });
}

export function useCompetition(competitionId: string, options: { enabled?: boolean } = {}) {
  return useQuery({
    enabled: options.enabled ?? true,
    queryKey: competitionKeys.detail(competitionId),
    queryFn: async ({ signal }) =>
      (await api<CompetitionResponse>(`/competitions/${encodeURIComponent(competitionId)}`, { signal }))
        .competition,
  });
}

export function useCreateCompetition() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateCompetitionBody) =>
      (await api<CompetitionResponse>('/competitions', { method: 'POST', body })).competition,
    onSuccess: (competition) => {
      queryClient.setQueryData(competitionKeys.detail(competition.id), competition);
      void queryClient.invalidateQueries({ queryKey: competitionKeys.organized() });
    },
  });
}

export function useUpdateCompetition(competitionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: UpdateCompetitionBody) =>
      (
        await api<CompetitionResponse>(`/competitions/${encodeURIComponent(competitionId)}`, {
          method: 'PATCH',
          body,
        })
      ).competition,
    onSuccess: (competition) => {
      queryClient.setQueryData(competitionKeys.detail(competition.id), competition);
      void queryClient.invalidateQueries({ queryKey: competitionKeys.organized() });
    },
  });
}

export function useAddTrack(competitionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateTrackBody) =>
      (
        await api<{ track: Track }>(`/competitions/${encodeURIComponent(competitionId)}/tracks`, {
          method: 'POST',
          body,
        })
      ).track,
    onSuccess: (track) => {
      queryClient.setQueryData<Competition>(competitionKeys.detail(competitionId), (competition) =>
        competition ? { ...competition, tracks: [...competition.tracks, track] } : competition,
      );
      void queryClient.invalidateQueries({ queryKey: competitionKeys.detail(competitionId) });
      void queryClient.invalidateQueries({ queryKey: competitionKeys.organized() });
    },
  });
}
