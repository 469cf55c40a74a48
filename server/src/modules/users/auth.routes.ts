import {
  changePasswordBodySchema,
  forgotPasswordBodySchema,
  loginBodySchema,
  registerBodySchema,
  resetPasswordBodySchema,
  updateProfileBodySchema,
  userResponseSchema,
  verifyEmailBodySchema,
} from '@wuzhen/shared';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clearSessionCookie, requireUser, setSessionCookie } from '../../app/auth.ts';
import type { UsersService } from './users.service.ts';

export const authRoutes =
  ({
    usersService,
    secureCookies,
    loginRateLimit,
    publicUrl,
  }: {
    usersService: UsersService;
    secureCookies: boolean;
    loginRateLimit: number;
    publicUrl: string | undefined;
  }): FastifyPluginAsyncZod =>
  async (app) => {
    /** Where mailed links point: the configured public address, else the address this request came to. */
    const originOf = (request: FastifyRequest) => publicUrl ?? `${request.protocol}://${request.host}`;
    const signIn = async (
      reply: Parameters<typeof setSessionCookie>[0],
      userId: string,
      userAgent: string | undefined,
    ) => {
      const session = await usersService.startSession(userId, userAgent);
      setSessionCookie(reply, { ...session, secure: secureCookies });
      return usersService.describe(userId);
    };
    // Per address and account: one attacker cannot lock out everyone behind a shared NAT.
    const perAddressAndEmail = (request: FastifyRequest) =>
      `${request.ip}|${String((request.body as { email?: unknown } | undefined)?.email ?? '').toLowerCase()}`;

    app.post(
      '/auth/register',
      {
        schema: {
          tags: ['auth'],
          summary: 'Create an account, sign in, and get a link to confirm the address by mail',
          body: registerBodySchema,
          response: { 201: userResponseSchema },
        },
        config: { rateLimit: { max: loginRateLimit * 3, timeWindow: '1 minute' } },
      },
      async (request, reply) => {
        const user = await usersService.register(request.body, originOf(request), request.id);
        const described = await signIn(reply, user.id, request.headers['user-agent']);
        return reply.status(201).send({ user: described });
      },
    );

    app.post(
      '/auth/login',
      {
        schema: {
          tags: ['auth'],
          summary: 'Sign in',
          body: loginBodySchema,
          response: { 200: userResponseSchema },
        },
        config: {
          rateLimit: { max: loginRateLimit, timeWindow: '1 minute', keyGenerator: perAddressAndEmail },
        },
      },
      async (request, reply) => {
        const user = await usersService.login(request.body);
        return { user: await signIn(reply, user.id, request.headers['user-agent']) };
      },
    );

    app.post(
      '/auth/logout',
      { schema: { tags: ['auth'], summary: 'Sign out', response: { 204: z.null() } } },
      async (request, reply) => {
        if (request.sessionToken) await usersService.logout(request.sessionToken);
        clearSessionCookie(reply);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/auth/me',
      { schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: userResponseSchema } } },
      async (request) => ({ user: await usersService.describe(requireUser(request).id) }),
    );

    app.patch(
      '/auth/me',
      {
        schema: {
          tags: ['auth'],
          summary: 'Change your name or the language of your mails',
          body: updateProfileBodySchema,
          response: { 200: userResponseSchema },
        },
      },
      async (request) => ({ user: await usersService.updateProfile(requireUser(request), request.body) }),
    );

    app.post(
      '/auth/password',
      {
        schema: {
          tags: ['auth'],
          summary: 'Change your password (the current one is needed); every other session ends',
          body: changePasswordBodySchema,
          response: { 204: z.null() },
        },
        config: { rateLimit: { max: loginRateLimit, timeWindow: '1 minute' } },
      },
      async (request, reply) => {
        const user = requireUser(request);
        await usersService.changePassword(user, request.sessionToken, request.body, request.id);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/auth/verification',
      {
        schema: {
          tags: ['auth'],
          summary: 'Mail yourself a new link to confirm your address',
          response: { 202: z.object({ ok: z.literal(true) }) },
        },
        config: { rateLimit: { max: 3, timeWindow: '1 minute' } },
      },
      async (request, reply) => {
        await usersService.resendVerification(requireUser(request), originOf(request));
        return reply.status(202).send({ ok: true });
      },
    );

    app.post(
      '/auth/verify-email',
      {
        schema: {
          tags: ['auth'],
          summary: 'Confirm your address with the mailed link; invitations sent to it reach your account',
          body: verifyEmailBodySchema,
          response: { 200: userResponseSchema },
        },
        config: { rateLimit: { max: loginRateLimit, timeWindow: '1 minute' } },
      },
      async (request) => {
        const { userId } = await usersService.verifyEmail(request.body.token, request.id);
        return { user: await usersService.describe(userId) };
      },
    );

    app.post(
      '/auth/forgot-password',
      {
        schema: {
          tags: ['auth'],
          summary:
            'Mail a password reset link (single use, one hour) when an account uses this address; the answer is the same either way',
          body: forgotPasswordBodySchema,
          response: { 202: z.object({ ok: z.literal(true) }) },
        },
        config: {
          rateLimit: {
            max: Math.max(3, Math.ceil(loginRateLimit / 2)),
            timeWindow: '1 minute',
            keyGenerator: perAddressAndEmail,
          },
        },
      },
      async (request, reply) => {
        await usersService.forgotPassword(request.body.email, originOf(request));
        return reply.status(202).send({ ok: true });
      },
    );

    app.post(
      '/auth/reset-password',
      {
        schema: {
          tags: ['auth'],
          summary:
            'Set a new password with a reset link; every session of the account ends, and this one starts',
          body: resetPasswordBodySchema,
          response: { 200: userResponseSchema },
        },
        config: { rateLimit: { max: loginRateLimit, timeWindow: '1 minute' } },
      },
      async (request, reply) => {
        const { userId } = await usersService.resetPassword(
          request.body.token,
          request.body.password,
          request.id,
        );
        return { user: await signIn(reply, userId, request.headers['user-agent']) };
      },
    );
  };
