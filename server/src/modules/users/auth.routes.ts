import { loginBodySchema, registerBodySchema, userResponseSchema } from '@wuzhen/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clearSessionCookie, requireUser, setSessionCookie } from '../../app/auth.ts';
import type { UsersService } from './users.service.ts';

export const authRoutes =
  ({
    usersService,
    secureCookies,
    loginRateLimit,
  }: {
    usersService: UsersService;
    secureCookies: boolean;
    loginRateLimit: number;
  }): FastifyPluginAsyncZod =>
  async (app) => {
    const signIn = async (
      reply: Parameters<typeof setSessionCookie>[0],
      userId: string,
      userAgent: string | undefined,
    ) => {
      const session = await usersService.startSession(userId, userAgent);
      setSessionCookie(reply, { ...session, secure: secureCookies });
      return usersService.describe(userId);
    };

    app.post(
      '/auth/register',
      {
        schema: {
          tags: ['auth'],
          summary: 'Create an account and sign in',
          body: registerBodySchema,
          response: { 201: userResponseSchema },
        },
        config: { rateLimit: { max: loginRateLimit * 3, timeWindow: '1 minute' } },
      },
      async (request, reply) => {
        const user = await usersService.register(request.body, request.id);
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
          rateLimit: {
            max: loginRateLimit,
            timeWindow: '1 minute',
            // Per address and account: one attacker cannot lock out everyone behind a shared NAT.
            keyGenerator: (request) =>
              `${request.ip}|${String((request.body as { email?: unknown } | undefined)?.email ?? '').toLowerCase()}`,
          },
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
  };
