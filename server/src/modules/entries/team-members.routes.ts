import {
  acceptTeamInvitationResponseSchema,
  inviteTeamAccountBodySchema,
  inviteTeamAccountResponseSchema,
  teamAccountParamsSchema,
  teamAccountsResponseSchema,
  teamInvitationParamsSchema,
  teamInvitationResponseSchema,
  teamParamsSchema,
} from '@wuzhen/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../app/auth.ts';
import { requestOrigin } from '../../app/origin.ts';
import type { TeamMembersService } from './team-members.service.ts';

export const teamMembersRoutes =
  ({
    teamMembers,
    publicUrl,
  }: {
    teamMembers: TeamMembersService;
    publicUrl: string | undefined;
  }): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['teams'];

    app.get(
      '/teams/:teamId/members',
      {
        schema: {
          tags,
          summary: "The team's members and pending invitations (owner, members, organizers)",
          params: teamParamsSchema,
          response: { 200: teamAccountsResponseSchema },
        },
      },
      async (request) => teamMembers.list(requireUser(request), request.params.teamId),
    );

    app.post(
      '/teams/:teamId/members',
      {
        schema: {
          tags,
          summary:
            'Invite a member by email (the owner): a link that works once, for 7 days; inviting again sends a new link',
          params: teamParamsSchema,
          body: inviteTeamAccountBodySchema,
          response: { 201: inviteTeamAccountResponseSchema },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await teamMembers.invite(
              requireUser(request),
              request.params.teamId,
              request.body,
              requestOrigin(request, publicUrl),
              request.id,
            ),
          ),
    );

    app.delete(
      '/teams/:teamId/members/:memberId',
      {
        schema: {
          tags,
          summary: 'Remove a member, ending their access at once, or withdraw an invitation (the owner)',
          params: teamAccountParamsSchema,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await teamMembers.remove(
          requireUser(request),
          request.params.teamId,
          request.params.memberId,
          request.id,
        );
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/team-invitations/:token',
      {
        schema: {
          tags,
          summary: 'What a team invitation is for (the token is the credential)',
          params: teamInvitationParamsSchema,
          response: { 200: teamInvitationResponseSchema },
        },
      },
      async (request) => ({ invitation: await teamMembers.describeInvitation(request.params.token) }),
    );

    app.post(
      '/team-invitations/:token/accept',
      {
        schema: {
          tags,
          summary:
            'Join the team as the signed-in account, whose confirmed address must be the invited one (the link works once; a judge of the competition is refused)',
          params: teamInvitationParamsSchema,
          response: { 200: acceptTeamInvitationResponseSchema },
        },
      },
      async (request) => teamMembers.accept(requireUser(request), request.params.token, request.id),
    );
  };
