import { competitionParamsSchema, outboxQuerySchema, outboxResponseSchema } from '@wuzhen/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type Access, requireUser } from '../../app/auth.ts';
import { notFound } from '../../app/errors.ts';
import type { Outbox } from './mail.service.ts';

/** The outbox as organizers read it: what was mailed, to whom, and what became of each mail. */
export const mailRoutes =
  ({
    access,
    outbox,
  }: {
    access: Access;
    outbox: Pick<Outbox, 'list' | 'delivering'>;
  }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/competitions/:competitionId/outbox',
      {
        schema: {
          tags: ['mail'],
          summary: "The competition's mails, newest first, each with its delivery state (organizers)",
          params: competitionParamsSchema,
          querystring: outboxQuerySchema,
          response: { 200: outboxResponseSchema },
        },
      },
      async (request) => {
        const { competition } = await access.competition(request, request.params.competitionId, [
          'organizer',
        ]);
        return {
          items: await outbox.list({ competitionId: competition.id, ...request.query }),
          delivering: outbox.delivering,
        };
      },
    );

    app.get(
      '/outbox',
      {
        schema: {
          tags: ['mail'],
          summary:
            'Account mails (email verifications, password resets), newest first: for the first organizer only',
          querystring: outboxQuerySchema,
          response: { 200: outboxResponseSchema },
        },
      },
      async (request) => {
        // Only the platform's operator (the ORGANIZER_EMAIL account) reads every account's mail.
        if (!requireUser(request).canCreateCompetitions) throw notFound('The account outbox');
        return {
          items: await outbox.list({ competitionId: null, ...request.query }),
          delivering: outbox.delivering,
        };
      },
    );
  };
