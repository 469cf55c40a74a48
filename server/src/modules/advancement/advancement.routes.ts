import { advanceBodySchema, advancementResponseSchema, roundParamsSchema } from '@wuzhen/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Access } from '../../app/auth.ts';
import { notFound } from '../../app/errors.ts';
import type { CompetitionsRepository } from '../competitions/competitions.repository.ts';
import type { AdvancementService } from './advancement.service.ts';

export const advancementRoutes =
  ({
    access,
    competitions,
    advancementService,
  }: {
    access: Pick<Access, 'competition'>;
    competitions: Pick<CompetitionsRepository, 'findRound'>;
    advancementService: AdvancementService;
  }): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/rounds/:roundId/advance',
      {
        schema: {
          tags: ['tally'],
          summary:
            'Advance entries to a later round from the latest tally: top N per track, quotas, wildcards, exclusions',
          description:
            '`preview: true` answers with who would advance and why (rank, tie at the cutoff, wildcard; skipped by quota, excluded, unscored) and stores nothing. Without it the entries join the next round in one transaction.',
          params: roundParamsSchema,
          body: advanceBodySchema,
          response: { 200: advancementResponseSchema, 201: advancementResponseSchema },
        },
      },
      async (request, reply) => {
        const round = await competitions.findRound(request.params.roundId);
        if (!round) throw notFound('That round');
        const { user } = await access.competition(request, round.competitionId, ['organizer']);
        const advancement = await advancementService.advance(user, round, request.body, request.id);
        return reply.status(advancement.preview ? 200 : 201).send({ advancement });
      },
    );
  };
