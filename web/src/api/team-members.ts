import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  acceptTeamInvitationResponseSchema,
  inviteTeamAccountBodySchema,
  inviteTeamAccountResponseSchema,
  TeamInvitation,
  teamAccountsResponseSchema,
} from '@wuzhen/shared';
import type { z } from 'zod';
import { api } from './client.ts';
import { entryKeys } from './entries.ts';
import { meQueryKey } from './query-keys.ts';

export type TeamAccounts = z.infer<typeof teamAccountsResponseSchema>;
export type InviteTeamMemberBody = z.input<typeof inviteTeamAccountBodySchema>;
export type InvitedTeamMember = z.infer<typeof inviteTeamAccountResponseSchema>;

const enc = encodeURIComponent;
export const teamMemberKeys = {
  list: (teamId: string) => ['team-members', teamId] as const,
  invitation: (token: string) => ['team-invitation', token] as const,
};

/** The team's members and pending invitations; `canManage` says whether the caller is its owner. */
export const useTeamMembers = (teamId: string) =>
  useQuery({
    queryKey: teamMemberKeys.list(teamId),
    queryFn: ({ signal }) => api<TeamAccounts>(`/teams/${enc(teamId)}/members`, { signal }),
  });

function useInvalidateMembers(teamId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: teamMemberKeys.list(teamId) });
}

/** Invites an address, or mails a new link to one invited before (the old link stops working). */
export function useInviteTeamMember(teamId: string) {
  const invalidate = useInvalidateMembers(teamId);
  return useMutation({
    mutationFn: (body: InviteTeamMemberBody) =>
      api<InvitedTeamMember>(`/teams/${enc(teamId)}/members`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

/** Removes a member (their access ends at once) or withdraws an invitation. */
export function useRemoveTeamMember(teamId: string) {
  const invalidate = useInvalidateMembers(teamId);
  return useMutation({
    mutationFn: (memberId: string) =>
      api<void>(`/teams/${enc(teamId)}/members/${enc(memberId)}`, { method: 'DELETE' }),
    onSuccess: invalidate,
  });
}

export const useTeamInvitation = (token: string) =>
  useQuery({
    queryKey: teamMemberKeys.invitation(token),
    queryFn: async ({ signal }) =>
      (await api<{ invitation: TeamInvitation }>(`/team-invitations/${enc(token)}`, { signal })).invitation,
    retry: false,
  });

/** Joins the team as the signed-in account; the user's teams and roles change with it. */
export function useAcceptTeamInvitation(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api<z.infer<typeof acceptTeamInvitationResponseSchema>>(`/team-invitations/${enc(token)}/accept`, {
        method: 'POST',
      }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: meQueryKey }),
        queryClient.invalidateQueries({ queryKey: entryKeys.all }),
        queryClient.invalidateQueries({ queryKey: teamMemberKeys.invitation(token) }),
      ]),
  });
}
