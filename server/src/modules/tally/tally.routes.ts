import {
  jobAcceptedSchema,
  resultsQuerySchema,
  resultsResponseSchema,
  roundParamsSchema,
  runTallyBodySchema,
} from '@wuzhen/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Access } from '../../app/auth.ts';
import { notFound } from '../../app/errors.ts';
import type { CompetitionsRepository } from '../competitions/competitions.repository.ts';
import type { TallyService } from './tally.service.ts';

export const tallyRoutes =
  ({
    access,
    competitions,
    tallyService,
  }: {
    access: Pick<Access, 'competition'>;
    competitions: Pick<CompetitionsRepository, 'findRound'>;
    tallyService: TallyService;
  }): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['tally'];

    const organizerRound = async (request: Parameters<Access['competition']>[0], roundId: string) => {
      const round = await competitions.findRound(roundId);
      if (!round) throw notFound('That round');
      const { user } = await access.competition(request, round.competitionId, ['organizer']);
      return { round, user };
    };

    app.post(
      '/rounds/:roundId/tally',
      {
        schema: {
          tags,
          summary: 'Run the tally of a round (a worker job); follow it at GET /jobs/:jobId',
          description:
            "Scores every entry from the round's submitted reviews with the round's method (or the one given), ranks them, and stores an immutable snapshot keyed by the hash of its inputs. Close calls are judged against `cutoffPerTrack` (default 5).",
          params: roundParamsSchema,
          body: runTallyBodySchema,
          response: { 202: jobAcceptedSchema },
        },
        config: { needsRedis: true },
      },
      async (request, reply) => {
        const { round, user } = await organizerRound(request, request.params.roundId);
        const jobId = await tallyService.requestTally(user, round, request.body);
        return reply.status(202).send({ jobId });
      },
    );

    app.get(
      '/rounds/:roundId/results',
      {
        schema: {
          tags,
          summary:
            "The round's latest tally: ranks, scores with intervals, ties, close calls, judge statistics, reliability",
          params: roundParamsSchema,
          querystring: resultsQuerySchema,
          response: { 200: resultsResponseSchema },
        },
      },
      async (request) => {
        const { round } = await organizerRound(request, request.params.roundId);
        return { snapshot: await tallyService.results(round, request.query.method) };
      },
    );

    app.get(
      '/rounds/:roundId/results.csv',
      {
        schema: {
          tags,
          summary: "The round's latest tally as CSV, one row per entry in rank order",
          params: roundParamsSchema,
          querystring: resultsQuerySchema,
          produces: ['text/csv'],
          response: { 200: z.string().describe('CSV with a header row') },
        },
      },
      async (request, reply) => {
        const { round } = await organizerRound(request, request.params.roundId);
        const { csv, snapshot } = await tallyService.resultsCsv(round, request.query.method);
        const name = `${
          round.name
            .replace(/[^A-Za-z0-9]+/g, '-')
            .replace(/^-|-$/g, '')
            .toLowerCase() || 'round'
        }-results-${snapshot.method}.csv`;
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}"`)
          .serializer((payload: unknown) => payload as string)
          .send(csv);
      },
    );
  };
