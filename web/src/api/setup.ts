import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Competition,
  createRoundBodySchema,
  Round,
  Track,
  updateRoundBodySchema,
  updateTrackBodySchema,
} from '@wuzhen/shared';
import type { z } from 'zod';
import { assignmentKeys } from './assignment.ts';
import { api } from './client.ts';
import { competitionKeys } from './query-keys.ts';

type List<T> = { items: T[]; nextCursor: string | null };
const enc = encodeURIComponent;

export type CreateRoundBody = z.input<typeof createRoundBodySchema>;
/** A round as the form sends it: every setting given. */
export type RoundBody = z.output<typeof createRoundBodySchema>;
export type UpdateRoundBody = z.input<typeof updateRoundBodySchema>;
export type UpdateTrackBody = z.input<typeof updateTrackBodySchema>;
export type Organizer = { id: string; email: string; name: string };

export const setupKeys = {
  organizers: (competitionId: string) => ['setup', 'organizers', competitionId] as const,
};

/** After a track changes, the competition (which carries its tracks) is read again. */
function useTracksChanged(competitionId: string) {
  const queryClient = useQueryClient();
  return (tracks?: Track[]) => {
    if (tracks) {
      queryClient.setQueryData<Competition>(competitionKeys.detail(competitionId), (competition) =>
        competition ? { ...competition, tracks } : competition,
      );
    }
    void queryClient.invalidateQueries({ queryKey: competitionKeys.detail(competitionId) });
    void queryClient.invalidateQueries({ queryKey: competitionKeys.organized() });
  };
}

export function useUpdateTrack(competitionId: string) {
  const changed = useTracksChanged(competitionId);
  return useMutation({
    mutationFn: async ({ trackId, body }: { trackId: string; body: UpdateTrackBody }) =>
      (await api<{ track: Track }>(`/tracks/${enc(trackId)}`, { method: 'PATCH', body })).track,
    onSuccess: () => changed(),
  });
}

export function useRemoveTrack(competitionId: string) {
  const changed = useTracksChanged(competitionId);
  return useMutation({
    mutationFn: (trackId: string) => api<null>(`/tracks/${enc(trackId)}`, { method: 'DELETE' }),
    onSuccess: () => changed(),
  });
}

export function useReorderTracks(competitionId: string) {
  const changed = useTracksChanged(competitionId);
  return useMutation({
    mutationFn: async (trackIds: string[]) =>
      (
        await api<List<Track>>(`/competitions/${enc(competitionId)}/tracks/order`, {
          method: 'PUT',
          body: { trackIds },
        })
      ).items,
    onSuccess: (tracks) => changed(tracks),
  });
}

export function useCreateRound(competitionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateRoundBody) =>
      (await api<{ round: Round }>(`/competitions/${enc(competitionId)}/rounds`, { method: 'POST', body }))
        .round,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: assignmentKeys.rounds(competitionId) }),
  });
}

export function useUpdateRound(competitionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ roundId, body }: { roundId: string; body: UpdateRoundBody }) =>
      (await api<{ round: Round }>(`/rounds/${enc(roundId)}`, { method: 'PATCH', body })).round,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: assignmentKeys.rounds(competitionId) }),
  });
}

export function useOrganizers(competitionId: string) {
  return useQuery({
    queryKey: setupKeys.organizers(competitionId),
    queryFn: ({ signal }) =>
      api<List<Organizer>>(`/competitions/${enc(competitionId)}/organizers`, { signal }),
    select: (data) => data.items,
  });
}

export function useAddOrganizer(competitionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (email: string) =>
      api<{ organizer: Organizer }>(`/competitions/${enc(competitionId)}/organizers`, {
        method: 'POST',
        body: { email },
      }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: setupKeys.organizers(competitionId) }),
  });
}

export function useRemoveOrganizer(competitionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) =>
      api<null>(`/competitions/${enc(competitionId)}/organizers/${enc(userId)}`, { method: 'DELETE' }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: setupKeys.organizers(competitionId) }),
  });
}
