import {
  addOrganizerBodySchema,
  auditEntrySchema,
  auditFacetsSchema,
  auditQuerySchema,
  competitionParamsSchema,
  competitionResponseSchema,
  competitionSchema,
  createCompetitionBodySchema,
  createRoundBodySchema,
  createTrackBodySchema,
  idSchema,
  listOf,
  paginationQuerySchema,
  publicCompetitionSchema,
  reorderTracksBodySchema,
  roundParamsSchema,
  roundResponseSchema,
  roundSchema,
  slugSchema,
  trackParamsSchema,
  trackResponseSchema,
  trackSchema,
  updateCompetitionBodySchema,
  updateRoundBodySchema,
  updateTrackBodySchema,
} from '@wuzhen/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Access, requireUser } from '../../app/auth.ts';
import { notFound } from '../../app/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CompetitionsRepository } from './competitions.repository.ts';
import { type CompetitionsService, deadlinePassed } from './competitions.service.ts';

export const competitionsRoutes =
  ({
    access,
    competitionsService,
    competitions,
    audit,
    now = () => new Date(),
  }: {
    access: Access;
    competitionsService: CompetitionsService;
    competitions: CompetitionsRepository;
    audit: AuditService;
    now?: () => Date;
  }): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['competitions'];

    app.get(
      '/competitions',
      {
        schema: {
          tags,
          summary: 'Competitions you organize',
          querystring: paginationQuerySchema,
          response: { 200: listOf(competitionSchema) },
        },
      },
      async (request) => competitionsService.listOrganized(requireUser(request), request.query),
    );

    app.post(
      '/competitions',
      {
        schema: {
          tags,
          summary: 'Create a competition',
          body: createCompetitionBodySchema,
          response: { 201: competitionResponseSchema },
        },
      },
      async (request, reply) => {
        const competition = await competitionsService.create(requireUser(request), request.body, request.id);
        return reply.status(201).send({ competition });
      },
    );

    app.get(
      '/competitions/:competitionId',
      {
        schema: {
          tags,
          summary: 'A competition',
          params: competitionParamsSchema,
          response: { 200: competitionResponseSchema },
        },
      },
      async (request) => {
        const { competition, roles } = await access.competition(request, request.params.competitionId, [
          'organizer',
          'judge',
          'team',
        ]);
        return { competition: await competitionsService.describe(competition, roles) };
      },
    );

    app.patch(
      '/competitions/:competitionId',
      {
        schema: {
          tags,
          summary: 'Change a competition',
          params: competitionParamsSchema,
          body: updateCompetitionBodySchema,
          response: { 200: competitionResponseSchema },
        },
      },
      async (request) => {
        const { competition, user } = await access.competition(request, request.params.competitionId, [
          'organizer',
        ]);
        return { competition: await competitionsService.update(user, competition, request.body, request.id) };
      },
    );

    app.post(
      '/competitions/:competitionId/tracks',
      {
        schema: {
          tags,
          summary: 'Add a track',
          params: competitionParamsSchema,
          body: createTrackBodySchema,
          response: { 201: trackResponseSchema },
        },
      },
      async (request, reply) => {
        const { user } = await access.competition(request, request.params.competitionId, ['organizer']);
        const track = await competitionsService.addTrack(
          user,
          request.params.competitionId,
          request.body,
          request.id,
        );
        return reply.status(201).send({ track });
      },
    );

    const organizedTrack = async (request: Parameters<Access['competition']>[0], trackId: string) => {
      const track = await competitions.findTrack(trackId);
      if (!track) throw notFound('That track');
      const { user } = await access.competition(request, track.competitionId, ['organizer']);
      return { track, user };
    };

    app.patch(
      '/tracks/:trackId',
      {
        schema: {
          tags,
          summary: 'Rename a track or change its code',
          params: trackParamsSchema,
          body: updateTrackBodySchema,
          response: { 200: trackResponseSchema },
        },
      },
      async (request) => {
        const { track, user } = await organizedTrack(request, request.params.trackId);
        return { track: await competitionsService.renameTrack(user, track, request.body, request.id) };
      },
    );

    app.delete(
      '/tracks/:trackId',
      {
        schema: {
          tags,
          summary: 'Remove a track that has no entries and no awards',
          params: trackParamsSchema,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const { track, user } = await organizedTrack(request, request.params.trackId);
        await competitionsService.removeTrack(user, track, request.id);
        return reply.status(204).send(null);
      },
    );

    app.put(
      '/competitions/:competitionId/tracks/order',
      {
        schema: {
          tags,
          summary: 'Put the tracks in a new order (every track once)',
          params: competitionParamsSchema,
          body: reorderTracksBodySchema,
          response: { 200: listOf(trackSchema) },
        },
      },
      async (request) => {
        const { user } = await access.competition(request, request.params.competitionId, ['organizer']);
        const items = await competitionsService.reorderTracks(
          user,
          request.params.competitionId,
          request.body.trackIds,
          request.id,
        );
        return { items, nextCursor: null };
      },
    );

    const organizerSchema = z.object({ id: idSchema, email: z.string(), name: z.string() });

    app.get(
      '/competitions/:competitionId/organizers',
      {
        schema: {
          tags,
          summary: 'The organizers of this competition',
          params: competitionParamsSchema,
          response: { 200: listOf(organizerSchema) },
        },
      },
      async (request) => {
        await access.competition(request, request.params.competitionId, ['organizer']);
        const rows = await competitionsService.listOrganizers(request.params.competitionId);
        return { items: rows.map((o) => ({ id: o.id, email: o.email, name: o.name })), nextCursor: null };
      },
    );

    app.delete(
      '/competitions/:competitionId/organizers/:userId',
      {
        schema: {
          tags,
          summary: 'Remove an organizer (never the last one)',
          params: competitionParamsSchema.extend({ userId: idSchema }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const { user } = await access.competition(request, request.params.competitionId, ['organizer']);
        await competitionsService.removeOrganizer(
          user,
          request.params.competitionId,
          request.params.userId,
          request.id,
        );
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/competitions/:competitionId/organizers',
      {
        schema: {
          tags,
          summary: 'Make an existing user an organizer of this competition',
          params: competitionParamsSchema,
          body: addOrganizerBodySchema,
          response: {
            201: z.object({ organizer: organizerSchema }),
          },
        },
      },
      async (request, reply) => {
        const { user } = await access.competition(request, request.params.competitionId, ['organizer']);
        const organizer = await competitionsService.addOrganizer(
          user,
          request.params.competitionId,
          request.body.email,
          request.id,
        );
        return reply.status(201).send({ organizer });
      },
    );

    app.get(
      '/competitions/:competitionId/rounds',
      {
        schema: {
          tags: ['rounds'],
          summary: 'Rounds, in order',
          params: competitionParamsSchema,
          response: { 200: listOf(roundSchema) },
        },
      },
      async (request) => {
        await access.competition(request, request.params.competitionId, ['organizer', 'judge']);
        return {
          items: await competitionsService.listRounds(request.params.competitionId),
          nextCursor: null,
        };
      },
    );

    app.post(
      '/competitions/:competitionId/rounds',
      {
        schema: {
          tags: ['rounds'],
          summary: 'Add a round with its rubric; the first round takes every submitted entry',
          params: competitionParamsSchema,
          body: createRoundBodySchema,
          response: { 201: roundResponseSchema },
        },
      },
      async (request, reply) => {
        const { user } = await access.competition(request, request.params.competitionId, ['organizer']);
        const round = await competitionsService.createRound(
          user,
          request.params.competitionId,
          request.body,
          request.id,
        );
        return reply.status(201).send({ round });
      },
    );

    app.get(
      '/rounds/:roundId',
      {
        schema: {
          tags: ['rounds'],
          summary: 'A round and its rubric',
          params: roundParamsSchema,
          response: { 200: roundResponseSchema },
        },
      },
      async (request) => {
        const round = await competitions.findRound(request.params.roundId);
        if (!round) throw notFound('That round');
        await access.competition(request, round.competitionId, ['organizer', 'judge']);
        return { round: await competitionsService.describeRound(round) };
      },
    );

    app.patch(
      '/rounds/:roundId',
      {
        schema: {
          tags: ['rounds'],
          summary: 'Change a round',
          params: roundParamsSchema,
          body: updateRoundBodySchema,
          response: { 200: roundResponseSchema },
        },
      },
      async (request) => {
        const round = await competitions.findRound(request.params.roundId);
        if (!round) throw notFound('That round');
        const { user } = await access.competition(request, round.competitionId, ['organizer']);
        return { round: await competitionsService.updateRound(user, round, request.body, request.id) };
      },
    );

    app.get(
      '/competitions/:competitionId/audit',
      {
        schema: {
          tags: ['audit'],
          summary: 'The audit log, newest first; filter by actor, action, entity and time',
          params: competitionParamsSchema,
          querystring: auditQuerySchema,
          response: { 200: listOf(auditEntrySchema) },
        },
      },
      async (request) => {
        await access.competition(request, request.params.competitionId, ['organizer']);
        const page = await audit.list({ competitionId: request.params.competitionId, ...request.query });
        return {
          items: page.rows.map((r) => ({
            id: String(r.id),
            actorId: r.actorId,
            actorName: r.actorName,
            action: r.action,
            entityType: r.entityType,
            entityId: r.entityId,
            before: r.before,
            after: r.after,
            requestId: r.requestId,
            createdAt: r.createdAt.toISOString(),
          })),
          nextCursor: page.nextCursor,
        };
      },
    );

    app.get(
      '/competitions/:competitionId/audit/facets',
      {
        schema: {
          tags: ['audit'],
          summary: "What the audit log's filters may choose from: its actors, actions and entity types",
          params: competitionParamsSchema,
          response: { 200: auditFacetsSchema },
        },
      },
      async (request) => {
        await access.competition(request, request.params.competitionId, ['organizer']);
        return audit.facets(request.params.competitionId);
      },
    );

    // Public: a team finds a competition to enter. Nothing here is secret.
    const toPublic = async (row: NonNullable<Awaited<ReturnType<CompetitionsRepository['findById']>>>) => {
      const tracks = await competitions.tracksOf([row.id]);
      return {
        id: row.id,
        name: row.name,
        nameZh: row.nameZh,
        slug: row.slug,
        description: row.description,
        descriptionZh: row.descriptionZh,
        timezone: row.timezone,
        submissionClosesAt: row.submissionClosesAt.toISOString(),
        submissionsOpen: !deadlinePassed(row, now()),
        tracks: tracks.map((t) => ({ id: t.id, name: t.name, nameZh: t.nameZh, code: t.code })),
      };
    };
    app.get(
      '/public/competitions',
      {
        schema: {
          tags: ['public'],
          summary: 'Every competition',
          response: { 200: listOf(publicCompetitionSchema) },
        },
      },
      async () => ({
        items: await Promise.all((await competitions.listAll()).map(toPublic)),
        nextCursor: null,
      }),
    );
    app.get(
      '/public/competitions/:slug',
      {
        schema: {
          tags: ['public'],
          summary: 'A competition by its slug',
          params: z.object({ slug: slugSchema }),
          response: { 200: z.object({ competition: publicCompetitionSchema }) },
        },
      },
      async (request) => {
        const row = await competitions.findBySlug(request.params.slug);
        if (!row) throw notFound('That competition');
        return { competition: await toPublic(row) };
      },
    );
  };
