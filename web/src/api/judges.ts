import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Conflict,
  CreatedJudge,
  Invitation,
  Judge,
  JudgeInput,
  JudgeListItem,
  User,
  updateJudgeBodySchema,
} from '@wuzhen/shared';
import type { z } from 'zod';
import { api } from './client.ts';
import { meQueryKey } from './query-keys.ts';

export type UpdateJudgeBody = z.input<typeof updateJudgeBodySchema>;
type List<T> = { items: T[]; nextCursor: string | null };

const enc = encodeURIComponent;

/** Keys of this feature's queries; an assignment run invalidates `judgesKeys.all` (loads change). */
export const judgesKeys = {
  all: ['judges'] as const,
  list: (competitionId: string) => ['judges', 'list', competitionId] as const,
  me: (competitionId: string) => ['judges', 'me', competitionId] as const,
  conflicts: (competitionId: string) => ['judges', 'conflicts', competitionId] as const,
  invitation: (token: string) => ['judges', 'invitation', token] as const,
  entries: (competitionId: string) => ['judges', 'entries', competitionId] as const,
};

export function useJudges(competitionId: string) {
  return useQuery({
    queryKey: judgesKeys.list(competitionId),
    queryFn: ({ signal }) =>
      api<List<JudgeListItem>>(`/competitions/${enc(competitionId)}/judges`, { signal }),
    select: (data) => data.items,
  });
}

function useInvalidateJudges(competitionId: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: judgesKeys.list(competitionId) });
    void queryClient.invalidateQueries({ queryKey: judgesKeys.conflicts(competitionId) });
  };
}

export function useAddJudge(competitionId: string) {
  const invalidate = useInvalidateJudges(competitionId);
  return useMutation({
    mutationFn: (body: JudgeInput) =>
      api<CreatedJudge>(`/competitions/${enc(competitionId)}/judges`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useImportJudges(competitionId: string) {
  const invalidate = useInvalidateJudges(competitionId);
  return useMutation({
    mutationFn: async (judges: JudgeInput[]) =>
      (
        await api<{ items: CreatedJudge[] }>(`/competitions/${enc(competitionId)}/judges/import`, {
          method: 'POST',
          body: { judges },
        })
      ).items,
    onSuccess: invalidate,
  });
}

export function useUpdateJudge(competitionId: string) {
  const invalidate = useInvalidateJudges(competitionId);
  return useMutation({
    mutationFn: async ({ judgeId, body }: { judgeId: string; body: UpdateJudgeBody }) =>
      (
        await api<{ judge: Judge }>(`/competitions/${enc(competitionId)}/judges/${enc(judgeId)}`, {
          method: 'PATCH',
          body,
        })
      ).judge,
    onSuccess: invalidate,
  });
}

export function useRemoveJudge(competitionId: string) {
  const invalidate = useInvalidateJudges(competitionId);
  return useMutation({
    mutationFn: (judgeId: string) =>
      api<void>(`/competitions/${enc(competitionId)}/judges/${enc(judgeId)}`, { method: 'DELETE' }),
    onSuccess: invalidate,
  });
}

/** A fresh invitation, mailed (the old link stops working); gives a revoked judge access back. */
export function useRenewInvitation(competitionId: string) {
  const invalidate = useInvalidateJudges(competitionId);
  return useMutation({
    mutationFn: (judgeId: string) =>
      api<CreatedJudge>(`/competitions/${enc(competitionId)}/judges/${enc(judgeId)}/invitation`, {
        method: 'POST',
      }),
    onSuccess: invalidate,
  });
}

/** Ends a judge's access: the account no longer judges here; assignments and reviews stay. */
export function useRevokeAccess(competitionId: string) {
  const invalidate = useInvalidateJudges(competitionId);
  return useMutation({
    mutationFn: async (judgeId: string) =>
      (
        await api<{ judge: Judge }>(`/competitions/${enc(competitionId)}/judges/${enc(judgeId)}/access`, {
          method: 'DELETE',
        })
      ).judge,
    onSuccess: invalidate,
  });
}

export function useConflicts(competitionId: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: judgesKeys.conflicts(competitionId),
    queryFn: ({ signal }) => api<List<Conflict>>(`/competitions/${enc(competitionId)}/conflicts`, { signal }),
    select: (data) => data.items,
    enabled,
  });
}

export function useDeclareConflict(competitionId: string) {
  const invalidate = useInvalidateJudges(competitionId);
  return useMutation({
    mutationFn: (body: { judgeId: string; entryId: string; reason: string }) =>
      api<unknown>(`/competitions/${enc(competitionId)}/conflicts`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useRemoveConflict(competitionId: string) {
  const invalidate = useInvalidateJudges(competitionId);
  return useMutation({
    mutationFn: (conflictId: string) =>
      api<void>(`/competitions/${enc(competitionId)}/conflicts/${enc(conflictId)}`, { method: 'DELETE' }),
    onSuccess: invalidate,
  });
}

export type EntryOption = { id: string; title: string; trackId: string | null };

/** Every submitted entry's id, title and track, following the cursor pages, for pickers. */
export function useSubmittedEntries(competitionId: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: judgesKeys.entries(competitionId),
    queryFn: async ({ signal }) => {
      const all: EntryOption[] = [];
      let cursor: string | null = null;
      do {
        const page: List<EntryOption> = await api<List<EntryOption>>(
          `/competitions/${enc(competitionId)}/entries`,
          {
            query: { status: 'submitted', sort: 'title', order: 'asc', limit: 500, cursor },
            signal,
          },
        );
        all.push(...page.items.map((e) => ({ id: e.id, title: e.title, trackId: e.trackId })));
        cursor = page.nextCursor;
      } while (cursor);
      return all;
    },
    enabled,
  });
}

export function useInvitation(token: string) {
  return useQuery({
    queryKey: judgesKeys.invitation(token),
    queryFn: async ({ signal }) =>
      (await api<{ invitation: Invitation }>(`/invitations/${enc(token)}`, { signal })).invitation,
    retry: false,
  });
}

/** Accepting signs the judge in: everything cached for whoever was signed in before is dropped. */
export function useAcceptInvitation(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (password: string) =>
      api<{ user: User; competitionId: string }>(`/invitations/${enc(token)}/accept`, {
        method: 'POST',
        body: { password },
      }),
    onSuccess: ({ user }) => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] });
      queryClient.setQueryData(meQueryKey, user);
    },
  });
}
