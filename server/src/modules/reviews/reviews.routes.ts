import {
  liveActionBodySchema,
  liveStateResponseSchema,
  myLiveRoundsResponseSchema,
  myRemindersResponseSchema,
  panelBodySchema,
  panelResponseSchema,
  remindersBodySchema,
  remindersResponseSchema,
  reviewAssignmentParamsSchema,
  reviewProgressSchema,
  reviewResponseSchema,
  roundParamsSchema,
  saveReviewBodySchema,
  saveReviewResponseSchema,
} from '@wuzhen/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type Access, type CompetitionRole, requireUser } from '../../app/auth.ts';
import { notFound } from '../../app/errors.ts';
import { requestOrigin } from '../../app/origin.ts';
import type { CompetitionsRepository } from '../competitions/competitions.repository.ts';
import type { LiveService } from './live.service.ts';
import type { RemindersService } from './reminders.service.ts';
import type { ReviewsService } from './reviews.service.ts';

export const reviewsRoutes =
  ({
    access,
    competitions,
    reviewsService,
    remindersService,
    liveService,
    publicUrl,
  }: {
    access: Pick<Access, 'competition' | 'rolesIn'>;
    competitions: Pick<CompetitionsRepository, 'findRound'>;
    reviewsService: ReviewsService;
    remindersService: RemindersService;
    liveService: LiveService;
    publicUrl: string | undefined;
  }): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['reviews'];

    /** The round, if the caller holds one of `anyOf` in its competition (404 for strangers). */
    const roundFor = async (
      request: Parameters<Access['competition']>[0],
      roundId: string,
      anyOf: CompetitionRole[],
    ) => {
      const round = await competitions.findRound(roundId);
      if (!round) throw notFound('That round');
      const { user } = await access.competition(request, round.competitionId, anyOf);
      return { round, user };
    };

    app.get(
      '/assignments/:assignmentId/review',
      {
        schema: {
          tags,
          summary: "The judge's own review of an assignment (null before the first save)",
          params: reviewAssignmentParamsSchema,
          response: { 200: reviewResponseSchema },
        },
      },
      async (request) => ({
        review: await reviewsService.getReview(requireUser(request), request.params.assignmentId),
      }),
    );

    app.put(
      '/assignments/:assignmentId/review',
      {
        schema: {
          tags,
          summary: 'Save a draft review or submit it; editable until the round closes',
          description:
            'Every key of `scores` must be a criterion of the round and every value a whole number on its scale. A draft may leave criteria empty; a submission scores them all. The review is committed before the answer.',
          params: reviewAssignmentParamsSchema,
          body: saveReviewBodySchema,
          response: { 200: saveReviewResponseSchema },
        },
      },
      async (request) =>
        reviewsService.saveReview(
          requireUser(request),
          request.params.assignmentId,
          request.body,
          request.id,
        ),
    );

    app.get(
      '/rounds/:roundId/progress',
      {
        schema: {
          tags,
          summary: 'Review progress per track and per judge, with late judges',
          params: roundParamsSchema,
          response: { 200: reviewProgressSchema },
        },
      },
      async (request) => {
        const { round } = await roundFor(request, request.params.roundId, ['organizer']);
        return reviewsService.progress(round);
      },
    );

    app.post(
      '/rounds/:roundId/reminders',
      {
        schema: {
          tags,
          summary:
            'Remind chosen judges, or every late one, by mail and a banner on their list; at most one reminder a day per judge',
          params: roundParamsSchema,
          body: remindersBodySchema,
          response: { 201: remindersResponseSchema },
        },
      },
      async (request, reply) => {
        const { round, user } = await roundFor(request, request.params.roundId, ['organizer']);
        return reply
          .status(201)
          .send(
            await remindersService.remind(
              user,
              round,
              request.body,
              requestOrigin(request, publicUrl),
              request.id,
            ),
          );
      },
    );

    app.get(
      '/me/reminders',
      {
        schema: {
          tags,
          summary: "The organizers' reminders to you, for rounds where you still have reviews to do",
          response: { 200: myRemindersResponseSchema },
        },
      },
      async (request) => ({ items: await reviewsService.myReminders(requireUser(request)) }),
    );

    app.get(
      '/me/live-rounds',
      {
        schema: {
          tags: ['live'],
          summary: 'The live rounds you judge in, with what is pitching now',
          response: { 200: myLiveRoundsResponseSchema },
        },
      },
      async (request) => ({ items: await liveService.myLiveRounds(requireUser(request)) }),
    );

    app.get(
      '/rounds/:roundId/live',
      {
        schema: {
          tags: ['live'],
          summary:
            'The live board: the entry pitching, its 8+7 timer, your score; organizers also see who has scored',
          params: roundParamsSchema,
          response: { 200: liveStateResponseSchema },
        },
      },
      async (request) => {
        const round = await competitions.findRound(request.params.roundId);
        if (!round) throw notFound('That round');
        const { user, roles } = await access.competition(request, round.competitionId, [
          'organizer',
          'judge',
        ]);
        const viewer = await liveService.viewerOf(user, round, roles.has('organizer'));
        return { live: await liveService.state(round, viewer) };
      },
    );

    app.post(
      '/rounds/:roundId/live',
      {
        schema: {
          tags: ['live'],
          summary: 'Call the next pitch, start its 8+7 timer, or stop it',
          params: roundParamsSchema,
          body: liveActionBodySchema,
          response: { 200: liveStateResponseSchema },
        },
      },
      async (request) => {
        const { round } = await roundFor(request, request.params.roundId, ['organizer']);
        const after = await liveService.act(requireUser(request), round, request.body, request.id);
        return { live: await liveService.state(after, { organizer: true, judgeId: null }) };
      },
    );

    app.post(
      '/rounds/:roundId/panel',
      {
        schema: {
          tags: ['live'],
          summary:
            'Put judges on the panel of a live round: each scores every entry (of the track, if given)',
          params: roundParamsSchema,
          body: panelBodySchema,
          response: { 201: panelResponseSchema },
        },
      },
      async (request, reply) => {
        const { round, user } = await roundFor(request, request.params.roundId, ['organizer']);
        return reply.status(201).send(await liveService.assignPanel(user, round, request.body, request.id));
      },
    );
  };
