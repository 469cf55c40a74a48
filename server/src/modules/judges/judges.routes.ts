import {
  acceptInvitationBodySchema,
  acceptInvitationResponseSchema,
  competitionParamsSchema,
  conflictParamsSchema,
  conflictResponseSchema,
  conflictSchema,
  conflictsQuerySchema,
  createConflictBodySchema,
  createdJudgeSchema,
  importJudgesBodySchema,
  importJudgesResponseSchema,
  invitationSchema,
  invitationTokenParamsSchema,
  judgeInputSchema,
  judgeListItemSchema,
  judgeParamsSchema,
  judgeResponseSchema,
  listOf,
  updateJudgeBodySchema,
  updateOwnJudgeBodySchema,
} from '@wuzhen/shared';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Access, setSessionCookie } from '../../app/auth.ts';
import { notFound } from '../../app/errors.ts';
import type { FailureThrottle } from '../../app/failure-throttle.ts';
import type { AssignmentService } from '../assignment/assignment.service.ts';
import type { UsersService } from '../users/users.service.ts';
import { type ConflictsService, toDeclaredConflict } from './conflicts.service.ts';
import type { InvitationsService } from './invitations.service.ts';
import type { JudgesRepository } from './judges.repository.ts';
import { invitationTokenHash, type JudgesService, toJudge } from './judges.service.ts';

export const judgesRoutes =
  ({
    access,
    judges,
    judgesService,
    conflictsService,
    endConflictedAssignments,
    invitationsService,
    usersService,
    invitationFailures,
    publicUrl,
    secureCookies,
  }: {
    access: Access;
    judges: JudgesRepository;
    judgesService: JudgesService;
    conflictsService: ConflictsService;
    endConflictedAssignments: AssignmentService['endConflictedAssignments'];
    invitationsService: InvitationsService;
    usersService: Pick<UsersService, 'startSession' | 'describe'>;
    /** Failed invitation attempts (unknown token, wrong password), counted per token and per address. */
    invitationFailures: FailureThrottle;
    publicUrl: string | undefined;
    secureCookies: boolean;
  }): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['judges'];
    /** Where invitation links point: the configured public address, else the address this request came to. */
    const originOf = (request: FastifyRequest) => publicUrl ?? `${request.protocol}://${request.host}`;

    const judgeOf = async (competitionId: string, judgeId: string) => {
      const judge = await judges.findById(judgeId);
      if (!judge || judge.competitionId !== competitionId) throw notFound('That judge');
      return judge;
    };
    const ownJudge = async (competitionId: string, userId: string) => {
      const judge = await judges.findByUser(competitionId, userId);
      if (!judge) throw notFound('Your judge profile');
      return judge;
    };

    app.get(
      '/competitions/:competitionId/judges',
      {
        schema: {
          tags,
          summary: 'The judges, with their assignment and conflict counts',
          params: competitionParamsSchema,
          response: { 200: listOf(judgeListItemSchema) },
        },
      },
      async (request) => {
        const { competition } = await access.competition(request, request.params.competitionId, [
          'organizer',
        ]);
        const sameCountry = await conflictsService.sameCountryPolicy(competition.id, undefined);
        const { pairs } = await conflictsService.pairs(competition.id, { sameCountry });
        const counts = new Map<string, number>();
        for (const p of pairs) counts.set(p.judgeId, (counts.get(p.judgeId) ?? 0) + 1);
        return { items: await judgesService.list(competition.id, counts), nextCursor: null };
      },
    );

    app.post(
      '/competitions/:competitionId/judges',
      {
        schema: {
          tags,
          summary: 'Add a judge; answers with their invitation link',
          params: competitionParamsSchema,
          body: judgeInputSchema,
          response: { 201: createdJudgeSchema },
        },
      },
      async (request, reply) => {
        const { competition, user } = await access.competition(request, request.params.competitionId, [
          'organizer',
        ]);
        const created = await judgesService.create(
          user,
          competition,
          request.body,
          originOf(request),
          request.id,
        );
        return reply.status(201).send(created);
      },
    );

    app.post(
      '/competitions/:competitionId/judges/import',
      {
        schema: {
          tags,
          summary: 'Import a list of judges: all or nothing, with each bad row named',
          params: competitionParamsSchema,
          body: importJudgesBodySchema,
          response: { 201: importJudgesResponseSchema },
        },
      },
      async (request, reply) => {
        const { competition, user } = await access.competition(request, request.params.competitionId, [
          'organizer',
        ]);
        const items = await judgesService.import(
          user,
          competition,
          request.body.judges,
          originOf(request),
          request.id,
        );
        return reply.status(201).send({ items });
      },
    );

    app.get(
      '/competitions/:competitionId/judges/me',
      {
        schema: {
          tags,
          summary: 'Your own judge profile',
          params: competitionParamsSchema,
          response: { 200: judgeResponseSchema },
        },
      },
      async (request) => {
        const { user } = await access.competition(request, request.params.competitionId, ['judge']);
        return { judge: toJudge(await ownJudge(request.params.competitionId, user.id)) };
      },
    );

    app.patch(
      '/competitions/:competitionId/judges/me',
      {
        schema: {
          tags,
          summary: 'Change your own judge profile (the capacity is the organizers’)',
          params: competitionParamsSchema,
          body: updateOwnJudgeBodySchema,
          response: { 200: judgeResponseSchema },
        },
      },
      async (request) => {
        const { user } = await access.competition(request, request.params.competitionId, ['judge']);
        const judge = await ownJudge(request.params.competitionId, user.id);
        return { judge: await judgesService.update(user, judge, request.body, request.id) };
      },
    );

    app.patch(
      '/competitions/:competitionId/judges/:judgeId',
      {
        schema: {
          tags,
          summary: 'Change a judge',
          params: judgeParamsSchema,
          body: updateJudgeBodySchema,
          response: { 200: judgeResponseSchema },
        },
      },
      async (request) => {
        const { user } = await access.competition(request, request.params.competitionId, ['organizer']);
        const judge = await judgeOf(request.params.competitionId, request.params.judgeId);
        return { judge: await judgesService.update(user, judge, request.body, request.id) };
      },
    );

    app.delete(
      '/competitions/:competitionId/judges/:judgeId',
      {
        schema: {
          tags,
          summary: 'Remove a judge (refused while their reviews are under way)',
          params: judgeParamsSchema,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const { user } = await access.competition(request, request.params.competitionId, ['organizer']);
        const judge = await judgeOf(request.params.competitionId, request.params.judgeId);
        await judgesService.remove(user, judge, request.id);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/competitions/:competitionId/judges/:judgeId/invitation',
      {
        schema: {
          tags,
          summary:
            'Mail a judge a new invitation (the old link stops working): for one who has not accepted yet, or whose access was revoked',
          params: judgeParamsSchema,
          response: { 201: createdJudgeSchema },
        },
      },
      async (request, reply) => {
        const { user, competition } = await access.competition(request, request.params.competitionId, [
          'organizer',
        ]);
        const judge = await judgeOf(request.params.competitionId, request.params.judgeId);
        return reply
          .status(201)
          .send(await judgesService.renewInvitation(user, competition, judge, originOf(request), request.id));
      },
    );

    app.delete(
      '/competitions/:competitionId/judges/:judgeId/access',
      {
        schema: {
          tags,
          summary:
            "Revoke a judge's access: the account no longer judges here and the invitation stops working; assignments and reviews stay",
          params: judgeParamsSchema,
          response: { 200: judgeResponseSchema },
        },
      },
      async (request) => {
        const { user } = await access.competition(request, request.params.competitionId, ['organizer']);
        const judge = await judgeOf(request.params.competitionId, request.params.judgeId);
        return { judge: await judgesService.revokeAccess(user, judge, request.id) };
      },
    );

    // Invitations: the 256-bit token is the credential, so these need no session. Only failures
    // are throttled (per token and per client address): a whole jury accepting from one venue's
    // network at a briefing is never held up, while guessing tokens or a password is.
    const failureKeys = (request: FastifyRequest, token: string) => [
      `invitation-ip:${request.ip}`,
      `invitation-token:${invitationTokenHash(token)}`,
    ];
    app.get(
      '/invitations/:token',
      {
        schema: {
          tags: ['invitations'],
          summary: 'Who an invitation is for, to greet them',
          params: invitationTokenParamsSchema,
          response: { 200: z.object({ invitation: invitationSchema }) },
        },
      },
      async (request) => ({
        invitation: await invitationFailures.guard(failureKeys(request, request.params.token), () =>
          invitationsService.describe(request.params.token),
        ),
      }),
    );

    app.post(
      '/invitations/:token/accept',
      {
        schema: {
          tags: ['invitations'],
          summary: 'Accept an invitation: set a password (or give the existing one) and sign in',
          params: invitationTokenParamsSchema,
          body: acceptInvitationBodySchema,
          response: { 200: acceptInvitationResponseSchema },
        },
      },
      async (request, reply) => {
        const { userId, competitionId } = await invitationFailures.guard(
          failureKeys(request, request.params.token),
          () => invitationsService.accept(request.params.token, request.body.password, request.id),
        );
        const session = await usersService.startSession(userId, request.headers['user-agent']);
        setSessionCookie(reply, { ...session, secure: secureCookies });
        return { user: await usersService.describe(userId), competitionId };
      },
    );

    // Conflicts of interest.
    app.get(
      '/competitions/:competitionId/conflicts',
      {
        schema: {
          tags: ['conflicts'],
          summary: 'Organizers: every conflict with its sources. Judges: the ones they declared',
          params: competitionParamsSchema,
          querystring: conflictsQuerySchema,
          response: { 200: listOf(conflictSchema) },
        },
      },
      async (request) => {
        const { competition, user, roles } = await access.competition(request, request.params.competitionId, [
          'organizer',
          'judge',
        ]);
        if (roles.has('organizer')) {
          return { items: await conflictsService.list(competition.id, request.query), nextCursor: null };
        }
        return {
          items: await conflictsService.listOwn(await ownJudge(competition.id, user.id)),
          nextCursor: null,
        };
      },
    );

    app.post(
      '/competitions/:competitionId/conflicts',
      {
        schema: {
          tags: ['conflicts'],
          summary: 'Declare a conflict: an organizer for any judge, a judge for themself',
          params: competitionParamsSchema,
          body: createConflictBodySchema,
          response: { 201: conflictResponseSchema },
        },
      },
      async (request, reply) => {
        const { competition, user, roles } = await access.competition(request, request.params.competitionId, [
          'organizer',
          'judge',
        ]);
        const own = roles.has('judge') ? await judges.findByUser(competition.id, user.id) : null;
        const row = await conflictsService.declare(
          user,
          competition.id,
          request.body,
          { organizer: roles.has('organizer'), ownJudge: own },
          request.id,
          (tx, declared) =>
            endConflictedAssignments(
              tx,
              user,
              { judgeId: declared.judgeId, entryId: declared.entryId, conflictId: declared.id },
              request.id,
            ),
        );
        return reply.status(201).send({ conflict: toDeclaredConflict(row) });
      },
    );

    app.delete(
      '/competitions/:competitionId/conflicts/:conflictId',
      {
        schema: {
          tags: ['conflicts'],
          summary: 'Remove a declared conflict',
          params: conflictParamsSchema,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const { user } = await access.competition(request, request.params.competitionId, ['organizer']);
        const row = await judges.findConflict(request.params.conflictId);
        if (!row || row.competitionId !== request.params.competitionId) throw notFound('That conflict');
        await conflictsService.remove(user, row, request.id);
        return reply.status(204).send(null);
      },
    );
  };
