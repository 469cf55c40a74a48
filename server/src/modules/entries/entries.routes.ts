import {
  competitionParamsSchema,
  createEntryBodySchema,
  createTeamBodySchema,
  entryDeadlineBodySchema,
  entryExportQuerySchema,
  entryListQuerySchema,
  entryListSchema,
  entryModerationBodySchema,
  entryParamsSchema,
  entryResponseSchema,
  importEntriesBodySchema,
  importEntriesResponseSchema,
  listOf,
  myTeamSchema,
  teamParamsSchema,
  teamResponseSchema,
  updateEntryBodySchema,
  updateTeamBodySchema,
} from '@wuzhen/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Access, requireUser } from '../../app/auth.ts';
import { toCsv } from '../../app/csv.ts';
import { requestOrigin } from '../../app/origin.ts';
import { toXlsx } from '../../app/xlsx.ts';
import type { EntriesService } from './entries.service.ts';

export const entriesRoutes =
  ({
    access,
    entriesService,
    publicUrl,
  }: {
    access: Pick<Access, 'competition'>;
    entriesService: EntriesService;
    publicUrl: string | undefined;
  }): FastifyPluginAsyncZod =>
  async (app) => {
    const teamTags = ['teams'];
    const tags = ['entries'];

    app.post(
      '/competitions/:competitionId/teams',
      {
        schema: {
          tags: teamTags,
          summary: 'Register a team; you become its owner',
          params: competitionParamsSchema,
          body: createTeamBodySchema,
          response: { 201: teamResponseSchema },
        },
      },
      async (request, reply) => {
        const team = await entriesService.createTeam(
          requireUser(request),
          request.params.competitionId,
          request.body,
          request.id,
        );
        return reply.status(201).send({ team });
      },
    );

    app.get(
      '/teams/:teamId',
      {
        schema: {
          tags: teamTags,
          summary: 'A team (its owner or an organizer)',
          params: teamParamsSchema,
          response: { 200: teamResponseSchema },
        },
      },
      async (request) => ({
        team: await entriesService.getTeam(requireUser(request), request.params.teamId),
      }),
    );

    app.patch(
      '/teams/:teamId',
      {
        schema: {
          tags: teamTags,
          summary: 'Change a team; members, when given, replace the list',
          params: teamParamsSchema,
          body: updateTeamBodySchema,
          response: { 200: teamResponseSchema },
        },
      },
      async (request) => ({
        team: await entriesService.updateTeam(
          requireUser(request),
          request.params.teamId,
          request.body,
          request.id,
        ),
      }),
    );

    app.get(
      '/me/teams',
      {
        schema: {
          tags: teamTags,
          summary: 'The teams you own, in every competition',
          response: { 200: listOf(myTeamSchema) },
        },
      },
      async (request) => ({ items: await entriesService.myTeams(requireUser(request)), nextCursor: null }),
    );

    app.post(
      '/competitions/:competitionId/entries',
      {
        schema: {
          tags,
          summary: 'Start an entry (a draft) for one of your teams',
          params: competitionParamsSchema,
          body: createEntryBodySchema,
          response: { 201: entryResponseSchema },
        },
      },
      async (request, reply) => {
        const entry = await entriesService.createEntry(
          requireUser(request),
          request.params.competitionId,
          request.body,
          request.id,
        );
        return reply.status(201).send({ entry });
      },
    );

    app.get(
      '/competitions/:competitionId/entries',
      {
        schema: {
          tags,
          summary: 'Entries: every one for organizers, your own for a team; filters, counts and cursor pages',
          params: competitionParamsSchema,
          querystring: entryListQuerySchema,
          response: { 200: entryListSchema },
        },
      },
      async (request) => {
        const { competition, user, roles } = await access.competition(request, request.params.competitionId, [
          'organizer',
          'team',
        ]);
        return entriesService.list(user, competition, roles, request.query);
      },
    );

    app.get(
      '/competitions/:competitionId/entries/export',
      {
        schema: {
          tags,
          summary: 'Every entry matching the filters, as CSV or XLSX (organizers)',
          params: competitionParamsSchema,
          querystring: entryExportQuerySchema,
          produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
          response: { 200: z.any().describe('CSV with a header row, or an XLSX workbook') },
        },
      },
      async (request, reply) => {
        const { competition } = await access.competition(request, request.params.competitionId, [
          'organizer',
        ]);
        const table = await entriesService.exportRows(competition, request.query);
        const name = `${competition.slug}-entries`;
        if (request.query.format === 'xlsx') {
          return reply
            .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
            .header('content-disposition', `attachment; filename="${name}.xlsx"`)
            .send(await toXlsx({ sheet: 'Entries', ...table }));
        }
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}.csv"`)
          .serializer((payload: unknown) => payload as string)
          .send(toCsv(table));
      },
    );

    app.post(
      '/competitions/:competitionId/entries/import',
      {
        schema: {
          tags,
          summary: 'Import teams with their entries, all or nothing; imported entries arrive submitted',
          params: competitionParamsSchema,
          body: importEntriesBodySchema,
          response: { 201: importEntriesResponseSchema },
        },
      },
      async (request, reply) => {
        const { user } = await access.competition(request, request.params.competitionId, ['organizer']);
        const result = await entriesService.importEntries(
          user,
          request.params.competitionId,
          request.body.teams,
          request.id,
        );
        return reply.status(201).send(result);
      },
    );

    app.get(
      '/entries/:entryId',
      {
        schema: {
          tags,
          summary: 'An entry with its files',
          params: entryParamsSchema,
          response: { 200: entryResponseSchema },
        },
      },
      async (request) => ({
        entry: await entriesService.getEntry(requireUser(request), request.params.entryId),
      }),
    );

    app.patch(
      '/entries/:entryId',
      {
        schema: {
          tags,
          summary: 'Change an entry (until the submission deadline)',
          params: entryParamsSchema,
          body: updateEntryBodySchema,
          response: { 200: entryResponseSchema },
        },
      },
      async (request) => ({
        entry: await entriesService.updateEntry(
          requireUser(request),
          request.params.entryId,
          request.body,
          request.id,
        ),
      }),
    );

    app.post(
      '/entries/:entryId/submit',
      {
        schema: {
          tags,
          summary: 'Submit an entry: it needs a title, a summary, a track and a deck',
          params: entryParamsSchema,
          response: { 200: entryResponseSchema },
        },
      },
      async (request) => ({
        entry: await entriesService.submit(
          requireUser(request),
          request.params.entryId,
          requestOrigin(request, publicUrl),
          request.id,
        ),
      }),
    );

    app.post(
      '/entries/:entryId/moderation',
      {
        schema: {
          tags,
          summary: 'Organizers: withdraw, disqualify or reinstate an entry, with a reason for the audit log',
          params: entryParamsSchema,
          body: entryModerationBodySchema,
          response: { 200: entryResponseSchema },
        },
      },
      async (request) => ({
        entry: await entriesService.moderate(
          requireUser(request),
          request.params.entryId,
          request.body,
          request.id,
        ),
      }),
    );

    app.put(
      '/entries/:entryId/deadline',
      {
        schema: {
          tags,
          summary:
            "Organizers: extend one entry's deadline (its team may change it until then); null lifts it",
          params: entryParamsSchema,
          body: entryDeadlineBodySchema,
          response: { 200: entryResponseSchema },
        },
      },
      async (request) => ({
        entry: await entriesService.extendDeadline(
          requireUser(request),
          request.params.entryId,
          request.body,
          request.id,
        ),
      }),
    );

    app.post(
      '/entries/:entryId/withdraw',
      {
        schema: {
          tags,
          summary: 'Withdraw a submitted entry',
          params: entryParamsSchema,
          response: { 200: entryResponseSchema },
        },
      },
      async (request) => ({
        entry: await entriesService.withdraw(requireUser(request), request.params.entryId, request.id),
      }),
    );
  };
