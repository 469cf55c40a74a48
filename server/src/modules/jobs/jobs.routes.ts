import { idSchema, jobSchema } from '@wuzhen/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Access, requireUser } from '../../app/auth.ts';
import { notFound } from '../../app/errors.ts';
import type { Queues } from '../../app/queue.ts';

export const jobsRoutes =
  ({
    queues,
    access,
  }: {
    queues: Pick<Queues, 'getJob'>;
    access: Pick<Access, 'isOrganizer'>;
  }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/jobs/:jobId',
      {
        schema: {
          tags: ['jobs'],
          summary: 'A background job: its state and progress',
          params: z.object({ jobId: idSchema.max(120) }),
          response: { 200: jobSchema },
        },
        config: { needsRedis: true },
      },
      async (request) => {
        const user = requireUser(request);
        const job = await queues.getJob(request.params.jobId);
        if (!job) throw notFound('That job');
        const { payload, ...visible } = job;
        const startedIt = payload.requestedBy === user.id;
        const organizes =
          typeof payload.competitionId === 'string' &&
          (await access.isOrganizer(user.id, payload.competitionId));
        if (!startedIt && !organizes) throw notFound('That job');
        return visible;
      },
    );
  };
