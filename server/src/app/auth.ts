import { errorCodes } from '@wuzhen/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AssignmentRepository } from '../modules/assignment/assignment.repository.ts';
import type { CompetitionsRepository } from '../modules/competitions/competitions.repository.ts';
import type { TeamMembersRepository } from '../modules/entries/team-members.repository.ts';
import { type ConflictsService, pairKey } from '../modules/judges/conflicts.service.ts';
import type { UserRow } from '../modules/users/users.repository.ts';
import type { UsersService } from '../modules/users/users.service.ts';
import { createError, forbidden, notFound, unauthenticated } from './errors.ts';

export const sessionCookieName = 'wz_session';

export type SessionUser = UserRow;
export type CompetitionRole = 'organizer' | 'judge' | 'team';

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
    sessionToken: string | null;
  }
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Loads the session user on every API request, and refuses cookie-authenticated writes sent
 * from another site (CSRF): SameSite=Lax already keeps most out; the Origin check closes the rest.
 */
export function registerSessionAuth(
  app: FastifyInstance,
  {
    usersService,
    publicOrigin,
  }: { usersService: Pick<UsersService, 'userForSession'>; publicOrigin?: string },
) {
  app.decorateRequest('user', null);
  app.decorateRequest('sessionToken', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const token = request.cookies[sessionCookieName];
    if (!token) return;
    if (unsafeMethods.has(request.method)) assertSameOrigin(request, publicOrigin);
    request.sessionToken = token;
    request.user = await usersService.userForSession(token);
  });
}

function assertSameOrigin(request: FastifyRequest, publicOrigin?: string) {
  const origin = request.headers.origin;
  if (!origin) return; // scripts and same-origin navigations without Origin are fine
  const hostOf = (url: string) => {
    try {
      return new URL(url).host; // drops default ports, lower-cases
    } catch {
      return null;
    }
  };
  const originHost = hostOf(origin);
  const allowed = new Set([hostOf(`${request.protocol}://${request.headers.host ?? ''}`)]);
  if (publicOrigin) allowed.add(hostOf(publicOrigin));
  if (!originHost || !allowed.has(originHost)) {
    throw createError({
      code: errorCodes.crossSite,
      statusCode: 403,
      message:
        'This request came from another site and was refused. Open the app at its own address and try again.',
    });
  }
}

export type TeamRole = 'owner' | 'member';

export function requireUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw unauthenticated();
  return request.user;
}

/**
 * The session cookie is Secure whenever the request came over https: directly, or through a proxy
 * that TRUST_PROXY names (`request.protocol` reads its X-Forwarded-Proto then); `secure` forces it
 * (an https PUBLIC_URL).
 */
export function setSessionCookie(
  reply: FastifyReply,
  { token, expiresAt, secure }: { token: string; expiresAt: Date; secure: boolean },
) {
  reply.setCookie(sessionCookieName, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: secure || reply.request.protocol === 'https',
    expires: expiresAt,
  });
}

export const clearSessionCookie = (reply: FastifyReply) =>
  reply.clearCookie(sessionCookieName, { path: '/' });

/**
 * The one authorization helper every route uses. A stranger to a competition gets 404 (its
 * existence leaks nothing); a member without the needed role gets 403. Memberships are asked of
 * their owners' repositories: organizers and judges of the competitions', teams of the entries'.
 */
export function createAccess({
  competitions,
  teamMembers,
  conflicts,
  judgeAssignmentsOn,
}: {
  competitions: Pick<CompetitionsRepository, 'findById' | 'memberRoles'>;
  teamMembers: Pick<TeamMembersRepository, 'worksOnTeamIn' | 'isAcceptedMember'>;
  conflicts: Pick<ConflictsService, 'conflictedAmong'>;
  judgeAssignmentsOn: AssignmentRepository['judgeAssignmentsOn'];
}) {
  async function rolesIn(userId: string, competitionId: string): Promise<Set<CompetitionRole>> {
    const [memberRoles, onTeam] = await Promise.all([
      competitions.memberRoles(competitionId, userId),
      teamMembers.worksOnTeamIn(competitionId, userId),
    ]);
    const roles = new Set<CompetitionRole>(memberRoles);
    if (onTeam) roles.add('team');
    return roles;
  }

  return {
    rolesIn,

    /**
     * The competition, if the user holds one of `anyOf` there. Otherwise: a stranger gets 404 (its
     * existence leaks nothing); a member gets 403 for what is done to the competition or one of its
     * rounds, which members see, but 404 when `resource` names a thing of its own that only `anyOf`
     * may see (an award, an assignment): PRODUCT.md's "a resource a user may not see answers 404".
     */
    async competition(
      request: FastifyRequest,
      competitionId: string,
      anyOf: CompetitionRole[],
      resource?: string,
    ) {
      const user = requireUser(request);
      const competition = await competitions.findById(competitionId);
      if (!competition) throw notFound(resource ?? 'That competition');
      const roles = await rolesIn(user.id, competitionId);
      if (anyOf.some((r) => roles.has(r))) return { competition, user, roles };
      // Teams find competitions on the public pages; membership is what makes one visible.
      if (roles.size === 0) throw notFound(resource ?? 'That competition');
      if (resource) throw notFound(resource);
      throw forbidden(`Only ${anyOf.join(' or ')}s of this competition may do this.`);
    },

    /**
     * The user's place on a team: its owner, a member who accepted an invitation, or nothing.
     * Owners and members change the team's entries and read its results alike; only the owner
     * invites and removes members.
     */
    async teamRole(userId: string, team: { id: string; ownerId: string | null }): Promise<TeamRole | null> {
      if (team.ownerId !== null && team.ownerId === userId) return 'owner';
      return (await teamMembers.isAcceptedMember(team.id, userId)) ? 'member' : null;
    },

    async isOrganizer(userId: string, competitionId: string) {
      return (await rolesIn(userId, competitionId)).has('organizer');
    },

    /**
     * PRODUCT.md's rule for judges: an entry is theirs to see only while they are assigned to it
     * (not recused or ended), it is still submitted, and no conflict, declared or detected under
     * the round's policy, stands between them. Its files follow it.
     */
    async judgeSeesEntry(userId: string, entry: { id: string; competitionId: string }) {
      const rows = await judgeAssignmentsOn(userId, entry);
      if (rows.length === 0) return false;
      const conflicted = await conflicts.conflictedAmong(
        rows.map((r) => ({
          judgeId: r.judgeId,
          entryId: entry.id,
          competitionId: entry.competitionId,
          sameCountry: r.sameCountry,
        })),
      );
      return rows.some((r) => !conflicted.has(pairKey(r.judgeId, entry.id)));
    },
  };
}
export type Access = ReturnType<typeof createAccess>;
