import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Language, OutboxMail, User } from '@wuzhen/shared';
import { api } from './client.ts';
import { meQueryKey } from './query-keys.ts';

type UserResponse = { user: User };

export const useForgotPassword = () =>
  useMutation({
    mutationFn: (body: { email: string }) =>
      api<{ ok: true }>('/auth/forgot-password', { method: 'POST', body }),
  });

export function useResetPassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { token: string; password: string }) =>
      api<UserResponse>('/auth/reset-password', { method: 'POST', body }),
    onSuccess: ({ user }) => {
      queryClient.clear();
      queryClient.setQueryData(meQueryKey, user);
    },
  });
}

export function useVerifyEmail() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { token: string }) =>
      api<UserResponse>('/auth/verify-email', { method: 'POST', body }),
    onSuccess: ({ user }) =>
      queryClient.setQueryData(meQueryKey, (old: User | null | undefined) => (old ? user : old)),
  });
}

export const useResendVerification = () =>
  useMutation({ mutationFn: () => api<{ ok: true }>('/auth/verification', { method: 'POST' }) });

export const useChangePassword = () =>
  useMutation({
    mutationFn: (body: { currentPassword: string; password: string }) =>
      api<void>('/auth/password', { method: 'POST', body }),
  });

export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { language?: Language; name?: string }) =>
      api<UserResponse>('/auth/me', { method: 'PATCH', body }),
    onSuccess: ({ user }) => queryClient.setQueryData(meQueryKey, user),
  });
}

/** A competition's mails (organizers), or the account mails (first organizer) without one. */
export const useOutbox = (competitionId: string | undefined) =>
  useQuery({
    queryKey: ['outbox', competitionId ?? 'account'],
    queryFn: ({ signal }) =>
      api<{ items: OutboxMail[]; delivering: boolean }>(
        competitionId ? `/competitions/${competitionId}/outbox` : '/outbox',
        { signal },
      ),
    refetchInterval: 10_000,
  });
