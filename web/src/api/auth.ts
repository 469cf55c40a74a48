import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { loginBodySchema, registerBodySchema, User } from '@wuzhen/shared';
import type { z } from 'zod';
import { ApiError, api } from './client.ts';
import { meQueryKey } from './query-keys.ts';

export type RegisterBody = z.input<typeof registerBodySchema>;
export type SignInBody = z.input<typeof loginBodySchema>;
type UserResponse = { user: User };

/** The signed-in user, `null` when signed out (the API answers 401), `undefined` while loading. */
export function useMe() {
  return useQuery({
    queryKey: meQueryKey,
    queryFn: async ({ signal }): Promise<User | null> => {
      try {
        return (await api<UserResponse>('/auth/me', { signal })).user;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 5 * 60_000,
  });
}

/** A different person may now be signed in: drop everything cached for the previous one. */
function useStartSession() {
  const queryClient = useQueryClient();
  return ({ user }: UserResponse) => {
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] });
    queryClient.setQueryData(meQueryKey, user);
  };
}

export function useSignIn() {
  const startSession = useStartSession();
  return useMutation({
    mutationFn: (body: SignInBody) => api<UserResponse>('/auth/login', { method: 'POST', body }),
    onSuccess: startSession,
  });
}

export function useRegister() {
  const startSession = useStartSession();
  return useMutation({
    mutationFn: (body: RegisterBody) => api<UserResponse>('/auth/register', { method: 'POST', body }),
    onSuccess: startSession,
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/auth/logout', { method: 'POST' }),
    onSuccess: () => {
      queryClient.clear();
      queryClient.setQueryData(meQueryKey, null);
    },
  });
}

/** What a person does here; one user may have several. Drives the navbar and the home page. */
export type UserRole = 'organizer' | 'judge' | 'team';

export function isOrganizer(user: User): boolean {
  return user.canCreateCompetitions || user.memberships.some((m) => m.role === 'organizer');
}

export function isJudge(user: User): boolean {
  return user.memberships.some((m) => m.role === 'judge');
}

/**
 * Organizer and judge come from the user's memberships. Team membership is not part of `me` yet,
 * so anyone who is neither organizer nor judge is treated as a (prospective) team member.
 */
export function rolesOf(user: User | null | undefined): UserRole[] {
  if (!user) return [];
  const roles: UserRole[] = [];
  if (isOrganizer(user)) roles.push('organizer');
  if (isJudge(user)) roles.push('judge');
  // Anyone may enter a competition as a team; those who own one see it beside their other roles.
  if (roles.length === 0 || user.memberships.some((m) => m.role === 'team')) roles.push('team');
  return roles;
}
