import {
  assignmentDetailResponseSchema,
  assignmentParamsSchema,
  assignmentResponseSchema,
  assignmentSchema,
  assignmentSummaryResponseSchema,
  createAssignmentBodySchema,
  deleteAssignmentQuerySchema,
  jobAcceptedSchema,
  listOf,
  myAssignmentSchema,
  myAssignmentsQuerySchema,
  recuseBodySchema,
  recuseResponseSchema,
  roundAssignmentsQuerySchema,
  roundParamsSchema,
} from '@wuzhen/shared';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Access, requireUser } from '../../app/auth.ts';
import { notFound } from '../../app/errors.ts';
import type { AssignmentRepository } from './assignment.repository.ts';
import type { AssignmentService } from './assignment.service.ts';

export const assignmentRoutes =
  ({
    access,
    repo,
    assignmentService,
  }: {
    access: Access;
    repo: Pick<AssignmentRepository, 'findWithContext'>;
    assignmentService: AssignmentService;
  }): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['assignment'];

    /** The round, for one of its organizers; judges get 403, strangers 404. */
    const organizedRound = async (request: FastifyRequest, roundId: string) => {
      const round = await assignmentService.roundOrNotFound(roundId);
      const { user } = await access.competition(request, round.competitionId, ['organizer']);
      return { round, user };
    };

    app.post(
      '/rounds/:roundId/assign',
      {
        schema: {
          tags,
          summary: 'Run the assignment of this round as a background job (two clicks run it once)',
          params: roundParamsSchema,
          response: { 202: jobAcceptedSchema },
        },
        config: { needsRedis: true },
      },
      async (request, reply) => {
        const { round, user } = await organizedRound(request, request.params.roundId);
        const jobId = await assignmentService.enqueueRun(user, round);
        return reply.status(202).send({ jobId });
      },
    );

    app.get(
      '/rounds/:roundId/assignments',
      {
        schema: {
          tags,
          summary: "The round's assignments, recused ones included",
          params: roundParamsSchema,
          querystring: roundAssignmentsQuerySchema,
          response: { 200: listOf(assignmentSchema) },
        },
      },
      async (request) => {
        const { round } = await organizedRound(request, request.params.roundId);
        return { items: await assignmentService.list(round, request.query), nextCursor: null };
      },
    );

    app.post(
      '/rounds/:roundId/assignments',
      {
        schema: {
          tags,
          summary: 'Assign one judge to one entry by hand (refused when conflicted or over capacity)',
          params: roundParamsSchema,
          body: createAssignmentBodySchema,
          response: { 201: assignmentResponseSchema },
        },
      },
      async (request, reply) => {
        const { round, user } = await organizedRound(request, request.params.roundId);
        const assignment = await assignmentService.addManual(user, round, request.body, request.id);
        return reply.status(201).send({ assignment });
      },
    );

    app.get(
      '/rounds/:roundId/assignment-summary',
      {
        schema: {
          tags,
          summary: 'Coverage per track, load per judge, affinity, conflicts avoided, and the latest run',
          params: roundParamsSchema,
          response: { 200: assignmentSummaryResponseSchema },
        },
      },
      async (request) => {
        const { round } = await organizedRound(request, request.params.roundId);
        return { summary: await assignmentService.summary(round) };
      },
    );

    app.delete(
      '/assignments/:assignmentId',
      {
        schema: {
          tags,
          summary: 'Remove one assignment (a submitted review only with force=true)',
          params: assignmentParamsSchema,
          querystring: deleteAssignmentQuerySchema,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const found = await repo.findWithContext(request.params.assignmentId);
        if (!found) throw notFound('That assignment');
        // Anyone but an organizer learns nothing about the assignment, not even that it exists.
        const { user } = await access.competition(
          request,
          found.round.competitionId,
          ['organizer'],
          'That assignment',
        );
        await assignmentService.remove(
          user,
          found.assignment,
          found.round.competitionId,
          request.query.force,
          request.id,
        );
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/assignments/:assignmentId/recuse',
      {
        schema: {
          tags,
          summary: 'Step aside from an assigned entry; the slot goes to another judge',
          params: assignmentParamsSchema,
          body: recuseBodySchema,
          response: { 200: recuseResponseSchema },
        },
      },
      async (request) =>
        assignmentService.recuse(
          requireUser(request),
          request.params.assignmentId,
          request.body.reason,
          request.id,
        ),
    );

    app.get(
      '/me/assignments',
      {
        schema: {
          tags,
          summary: 'Your assigned entries with their review status',
          querystring: myAssignmentsQuerySchema,
          response: { 200: listOf(myAssignmentSchema) },
        },
      },
      async (request) => ({
        items: await assignmentService.mine(requireUser(request), request.query),
        nextCursor: null,
      }),
    );

    app.get(
      '/assignments/:assignmentId',
      {
        schema: {
          tags,
          summary: 'One of your assignments: the entry, its files, the rubric and your review',
          params: assignmentParamsSchema,
          response: { 200: assignmentDetailResponseSchema },
        },
      },
      async (request) => ({
        assignment: await assignmentService.detail(requireUser(request), request.params.assignmentId),
      }),
    );
  };
