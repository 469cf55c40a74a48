import {
  awardParamsSchema,
  awardResponseSchema,
  awardSchema,
  awardSuggestionsSchema,
  competitionParamsSchema,
  correctCitationsBodySchema,
  createAwardBodySchema,
  feedbackBodySchema,
  listOf,
  okSchema,
  publicationResponseSchema,
  publicResultsSchema,
  publishBodySchema,
  putWinnersBodySchema,
  resultsFeedSchema,
  revealBodySchema,
  roundParamsSchema,
  roundResponseSchema,
  slugSchema,
  teamResultsQuerySchema,
  teamResultsSchema,
  updateAwardBodySchema,
} from '@wuzhen/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Access, requireUser } from '../../app/auth.ts';
import { notFound } from '../../app/errors.ts';
import { requestOrigin } from '../../app/origin.ts';
import type { CompetitionsRepository } from '../competitions/competitions.repository.ts';
import type { AwardsExportsService } from './awards.exports.service.ts';
import { etagMatches, type PublicCache, pickEncoding } from './awards.public-cache.ts';
import type { PublicationService } from './awards.publication.service.ts';
import type { AwardsRepository } from './awards.repository.ts';
import type { AwardsResultsService } from './awards.results.service.ts';
import type { AwardsService } from './awards.service.ts';

const csvResponse = z.string().describe('text/csv, UTF-8 with a byte order mark');

export const awardsRoutes =
  ({
    access,
    awardsService,
    publicationService,
    resultsService,
    exportsService,
    awards,
    competitions,
    publicUrl,
    publicCache,
  }: {
    access: Access;
    awardsService: AwardsService;
    publicationService: PublicationService;
    resultsService: AwardsResultsService;
    exportsService: AwardsExportsService;
    awards: Pick<AwardsRepository, 'findById' | 'publicVersion'>;
    publicCache: PublicCache;
    competitions: Pick<CompetitionsRepository, 'findRound'>;
    publicUrl?: string;
  }): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['awards'];
    // Links in the mails a publication writes point where the request came in (or PUBLIC_URL).
    const originOf = (request: FastifyRequest) => requestOrigin(request, publicUrl);

    /** An award, for its competition's organizers only; to anyone else it does not exist. */
    async function organizerAward(request: FastifyRequest, awardId: string) {
      const award = await awards.findById(awardId);
      if (!award) throw notFound('That award');
      const { user, competition } = await access.competition(
        request,
        award.competitionId,
        ['organizer'],
        'That award',
      );
      return { award, user, competition };
    }

    /**
     * A public document from the cache (see awards.public-cache.ts): a 304 when the client holds
     * this version, else the bytes in the encoding it accepts.
     */
    async function sendPublic(
      request: FastifyRequest,
      reply: FastifyReply,
      { key, slug, type, build }: { key: string; slug: string; type: string; build: () => Promise<unknown> },
    ) {
      const entry = await publicCache.get(
        key,
        async () => (await awards.publicVersion(slug))?.version ?? null,
        build,
      );
      if (!entry) throw notFound('That competition');
      reply.header('cache-control', 'no-cache').header('etag', entry.etag).header('vary', 'accept-encoding');
      if (etagMatches(request.headers['if-none-match'], entry.etag)) return reply.code(304).send();
      const encoding = pickEncoding(request.headers['accept-encoding']);
      const body = publicCache.encode(entry, encoding);
      if (body !== entry.body) reply.header('content-encoding', encoding);
      return reply.type(type).send(body);
    }

    const sendCsv = (reply: FastifyReply, slug: string, name: string, body: string) =>
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${slug}-${name}.csv"`)
        .header('cache-control', 'no-store')
        .send(body);

    app.post(
      '/competitions/:competitionId/awards',
      {
        schema: {
          tags,
          summary: 'Add a prize on the ladder or a special award',
          params: competitionParamsSchema,
          body: createAwardBodySchema,
          response: { 201: awardResponseSchema },
        },
      },
      async (request, reply) => {
        const { competition, user } = await access.competition(request, request.params.competitionId, [
          'organizer',
        ]);
        const award = await awardsService.create(user, competition, request.body, request.id);
        return reply.status(201).send({ award });
      },
    );

    app.get(
      '/competitions/:competitionId/awards',
      {
        schema: {
          tags,
          summary: 'Every award with its winners, in ceremony order',
          params: competitionParamsSchema,
          response: { 200: listOf(awardSchema) },
        },
      },
      async (request) => {
        await access.competition(request, request.params.competitionId, ['organizer']);
        return { items: await awardsService.list(request.params.competitionId), nextCursor: null };
      },
    );

    app.get(
      '/awards/:awardId',
      {
        schema: {
          tags,
          summary: 'An award and its winners',
          params: awardParamsSchema,
          response: { 200: awardResponseSchema },
        },
      },
      async (request) => {
        const { award } = await organizerAward(request, request.params.awardId);
        return { award: await awardsService.get(award) };
      },
    );

    app.patch(
      '/awards/:awardId',
      {
        schema: {
          tags,
          summary: 'Change an award (not once it is published)',
          params: awardParamsSchema,
          body: updateAwardBodySchema,
          response: { 200: awardResponseSchema },
        },
      },
      async (request) => {
        const { award, user } = await organizerAward(request, request.params.awardId);
        return { award: await awardsService.update(user, award, request.body, request.id) };
      },
    );

    app.delete(
      '/awards/:awardId',
      {
        schema: {
          tags,
          summary: 'Delete an award (not once it is published)',
          params: awardParamsSchema,
          response: { 200: okSchema },
        },
      },
      async (request) => {
        const { award, user } = await organizerAward(request, request.params.awardId);
        await awardsService.remove(user, award, request.id);
        return { ok: true as const };
      },
    );

    app.get(
      '/awards/:awardId/suggestions',
      {
        schema: {
          tags,
          summary:
            'Eligible entries by rank in the latest tally of the final round, with intervals and tie flags',
          params: awardParamsSchema,
          response: { 200: awardSuggestionsSchema },
        },
      },
      async (request) => {
        const { award } = await organizerAward(request, request.params.awardId);
        return awardsService.suggestions(award);
      },
    );

    app.put(
      '/awards/:awardId/winners',
      {
        schema: {
          tags,
          summary: 'Choose the winners with their citations (replaces the previous choice)',
          description:
            'The body is `[{ entryId, citation }]` or `{ winners: [...] }`. An empty list clears the winners.',
          params: awardParamsSchema,
          body: putWinnersBodySchema,
          response: { 200: awardResponseSchema },
        },
      },
      async (request) => {
        const { award, user } = await organizerAward(request, request.params.awardId);
        const winners = Array.isArray(request.body) ? request.body : request.body.winners;
        return { award: await awardsService.setWinners(user, award, winners, request.id) };
      },
    );

    app.put(
      '/awards/:awardId/citations',
      {
        schema: {
          tags,
          summary: "Correct winners' citations, also after publication",
          description:
            'The body is `[{ entryId, citation }]` for winners of this award. Only the words change: the winners and their order stay as chosen. All are saved or none; each change is audited with the words before and after.',
          params: awardParamsSchema,
          body: correctCitationsBodySchema,
          response: { 200: awardResponseSchema },
        },
      },
      async (request) => {
        const { award, user } = await organizerAward(request, request.params.awardId);
        return { award: await awardsService.correctCitations(user, award, request.body, request.id) };
      },
    );

    app.get(
      '/competitions/:competitionId/publish',
      {
        schema: {
          tags,
          summary: 'What is published, and the scheduled publication if any',
          params: competitionParamsSchema,
          response: { 200: publicationResponseSchema },
        },
      },
      async (request) => {
        const { competition } = await access.competition(request, request.params.competitionId, [
          'organizer',
        ]);
        return { publication: await publicationService.publication(competition) };
      },
    );

    app.post(
      '/competitions/:competitionId/publish',
      {
        schema: {
          tags,
          summary: 'Publish every award that has winners, now or at a set time',
          description:
            'Without `at`: publishes now (200). With `at`: schedules a publication job for that time (202); scheduling again replaces it.',
          params: competitionParamsSchema,
          body: publishBodySchema.optional(),
          response: { 200: publicationResponseSchema, 202: publicationResponseSchema },
        },
      },
      async (request, reply) => {
        const { competition, user } = await access.competition(request, request.params.competitionId, [
          'organizer',
        ]);
        const at = request.body?.at;
        if (at) {
          return reply.status(202).send({
            publication: await publicationService.schedule(user, competition, new Date(at), request.id),
          });
        }
        return {
          publication: await publicationService.publishNow(user, competition, originOf(request), request.id),
        };
      },
    );

    app.delete(
      '/competitions/:competitionId/publish',
      {
        schema: {
          tags,
          summary: 'Cancel the scheduled publication',
          params: competitionParamsSchema,
          response: { 200: publicationResponseSchema },
        },
      },
      async (request) => {
        const { competition, user } = await access.competition(request, request.params.competitionId, [
          'organizer',
        ]);
        return { publication: await publicationService.cancelSchedule(user, competition, request.id) };
      },
    );

    app.post(
      '/competitions/:competitionId/reveal',
      {
        schema: {
          tags,
          summary: 'Ceremony: publish one award and announce it live (an SSE `reveal` event)',
          params: competitionParamsSchema,
          body: revealBodySchema,
          response: { 200: z.object({ award: awardSchema, eventId: z.string() }) },
        },
      },
      async (request) => {
        const { competition, user } = await access.competition(request, request.params.competitionId, [
          'organizer',
        ]);
        return publicationService.reveal(
          user,
          competition,
          request.body.awardId,
          originOf(request),
          request.id,
        );
      },
    );

    app.post(
      '/rounds/:roundId/feedback',
      {
        schema: {
          tags: ['rounds', 'awards'],
          summary: "Release (or withhold again) the judges' comments of a round to the teams",
          params: roundParamsSchema,
          body: feedbackBodySchema,
          response: { 200: roundResponseSchema },
        },
      },
      async (request) => {
        const round = await competitions.findRound(request.params.roundId);
        if (!round) throw notFound('That round');
        const { user } = await access.competition(request, round.competitionId, ['organizer']);
        return {
          round: await resultsService.setFeedback(user, round, request.body.released, request.id),
        };
      },
    );

    for (const [file, summary, build] of [
      ['awards', 'Every award and its winners (published or not) as CSV', exportsService.awardsCsv],
      ['results', 'The final ranking with the awards each entry holds, as CSV', exportsService.resultsCsv],
      [
        'reviews',
        'Every review with judge names, scores, comments and private notes, as CSV',
        exportsService.reviewsCsv,
      ],
    ] as const) {
      app.get(
        `/competitions/:competitionId/${file}.csv`,
        {
          schema: {
            tags: ['exports'],
            summary,
            params: competitionParamsSchema,
            response: { 200: csvResponse },
          },
        },
        async (request, reply) => {
          const { competition } = await access.competition(request, request.params.competitionId, [
            'organizer',
          ]);
          return sendCsv(reply, competition.slug, file, await build(competition));
        },
      );
    }

    app.get(
      '/public/competitions/:slug/results',
      {
        // Compressed once per version by the cache, not per request.
        compress: false,
        schema: {
          tags: ['public', 'awards'],
          summary: 'The published awards and their winners; nothing that is not published',
          description:
            'Sent with an `ETag`: send it back as `If-None-Match` and the answer is a 304 without a body while nothing public changed.',
          params: z.object({ slug: slugSchema }),
          response: { 200: publicResultsSchema, 304: z.null().describe('Not modified') },
        },
      },
      async (request, reply) => {
        const { slug } = request.params;
        return sendPublic(request, reply, {
          key: `results:${slug}`,
          slug,
          type: 'application/json; charset=utf-8',
          build: () => publicationService.publicResults(slug),
        });
      },
    );

    app.get(
      '/public/competitions/:slug/feed.json',
      {
        compress: false,
        schema: {
          tags: ['public', 'awards'],
          summary: 'The published awards as a JSON Feed 1.1',
          description: 'Sent with an `ETag`, as the results are.',
          params: z.object({ slug: slugSchema }),
          response: { 200: resultsFeedSchema, 304: z.null().describe('Not modified') },
        },
      },
      async (request, reply) => {
        const { slug } = request.params;
        const base = (publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');
        return sendPublic(request, reply, {
          // The feed's links name the host it was asked on: one copy per host.
          key: `feed:${slug}:${base}`,
          slug,
          type: 'application/feed+json; charset=utf-8',
          build: () => resultsService.feed(slug, base),
        });
      },
    );

    app.get(
      '/me/results',
      {
        schema: {
          tags: ['awards'],
          summary: "Your team's results: published awards of your entries and the judges' released comments",
          querystring: teamResultsQuerySchema,
          response: { 200: teamResultsSchema },
        },
      },
      async (request) => resultsService.teamResults(requireUser(request), request.query.competitionId),
    );
  };
