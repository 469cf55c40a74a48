import type { Competition, Round } from '@wuzhen/shared';
import type { CompetitionRole } from '../../app/auth.ts';
import type { Db } from '../../app/db.ts';
import { badRequest, conflict, createError, forbidden, notFound } from '../../app/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import type {
  CompetitionRow,
  CompetitionsRepository,
  CriterionRow,
  RoundRow,
  TrackRow,
} from './competitions.repository.ts';

export const toCompetition = (
  row: CompetitionRow,
  tracks: TrackRow[],
  myRoles: CompetitionRole[],
): Competition => ({
  id: row.id,
  name: row.name,
  slug: row.slug,
  description: row.description,
  timezone: row.timezone,
  submissionClosesAt: row.submissionClosesAt.toISOString(),
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  tracks: tracks
    .filter((t) => t.competitionId === row.id)
    .map((t) => ({
      id: t.id,
      competitionId: t.competitionId,
      name: t.name,
      code: t.code,
      position: t.position,
    })),
  myRoles: [...myRoles].sort(),
});

export const toRound = (row: RoundRow, rubric: CriterionRow[]): Round => ({
  id: row.id,
  competitionId: row.competitionId,
  name: row.name,
  kind: row.kind,
  position: row.position,
  reviewsPerEntry: row.reviewsPerEntry,
  judgeCapacity: row.judgeCapacity,
  normalization: row.normalization,
  conflictPolicy: { sameCountry: row.conflictSameCountry },
  closesAt: row.closesAt?.toISOString() ?? null,
  feedbackReleasedAt: row.feedbackReleasedAt?.toISOString() ?? null,
  criteria: rubric
    .filter((c) => c.roundId === row.id)
    .map((c) => ({
      id: c.id,
      key: c.key,
      label: c.label,
      description: c.description,
      weight: c.weight,
      min: c.min,
      max: c.max,
    })),
  createdAt: row.createdAt.toISOString(),
});

/** A short code from a track's name: its initials ("Artificial Intelligence" → AI), or the word itself. */
const trackCode = (name: string, taken: Set<string>) => {
  const words = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9 ]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  const base =
    (words.length > 1 ? words.map((w) => w[0]).join('') : (words[0] ?? '').slice(0, 8)).toUpperCase() ||
    'TRACK';
  let code = base;
  for (let n = 2; taken.has(code); n++) code = `${base}${n}`;
  return code;
};

type Actor = { id: string; canCreateCompetitions: boolean };

export function createCompetitionsService({
  db,
  competitions,
  users,
  audit,
}: {
  db: Db;
  competitions: CompetitionsRepository;
  users: Pick<UsersRepository, 'findByEmail'>;
  audit: Pick<AuditService, 'record'>;
}) {
  async function describe(row: CompetitionRow, roles: Iterable<CompetitionRole>) {
    return toCompetition(row, await competitions.tracksOf([row.id]), [...roles]);
  }

  return {
    describe,

    async listOrganized(actor: Actor, page: { cursor?: string; limit: number }) {
      const rows = await competitions.listOrganizedBy(actor.id, page);
      const items = rows.slice(0, page.limit);
      const tracks = await competitions.tracksOf(items.map((c) => c.id));
      return {
        items: items.map((c) => toCompetition(c, tracks, ['organizer'])),
        nextCursor: rows.length > page.limit ? (items.at(-1)?.id ?? null) : null,
      };
    },

    async create(
      actor: Actor,
      input: {
        name: string;
        slug: string;
        description: string;
        timezone: string;
        submissionClosesAt: string;
      },
      requestId: string,
    ) {
      if (!actor.canCreateCompetitions) {
        throw forbidden('Only the competition office may create competitions. Ask an organizer to add you.');
      }
      if (await competitions.findBySlug(input.slug)) {
        throw conflict('competitions.slug_taken', `The slug "${input.slug}" is taken. Choose another one.`, [
          { path: 'slug', message: 'This slug is taken.' },
        ]);
      }
      return db.transaction(async (tx) => {
        const row = await competitions.insert(
          { ...input, submissionClosesAt: new Date(input.submissionClosesAt), createdBy: actor.id },
          tx,
        );
        await competitions.addMember({ competitionId: row.id, userId: actor.id, role: 'organizer' }, tx);
        await audit.record(tx, {
          competitionId: row.id,
          actorId: actor.id,
          action: 'competition.created',
          entityType: 'competition',
          entityId: row.id,
          after: row,
          requestId,
        });
        return toCompetition(row, [], ['organizer']);
      });
    },

    async update(
      actor: Actor,
      before: CompetitionRow,
      patch: Partial<{
        name: string;
        slug: string;
        description: string;
        timezone: string;
        submissionClosesAt: string;
      }>,
      requestId: string,
    ) {
      if (patch.slug && patch.slug !== before.slug && (await competitions.findBySlug(patch.slug))) {
        throw conflict('competitions.slug_taken', `The slug "${patch.slug}" is taken. Choose another one.`, [
          { path: 'slug', message: 'This slug is taken.' },
        ]);
      }
      const { submissionClosesAt, ...rest } = patch;
      return db.transaction(async (tx) => {
        const row = await competitions.update(
          before.id,
          { ...rest, ...(submissionClosesAt ? { submissionClosesAt: new Date(submissionClosesAt) } : {}) },
          tx,
        );
        await audit.record(tx, {
          competitionId: row.id,
          actorId: actor.id,
          action: 'competition.updated',
          entityType: 'competition',
          entityId: row.id,
          before,
          after: row,
          requestId,
        });
        return describe(row, ['organizer']);
      });
    },

    async addTrack(
      actor: Actor,
      competitionId: string,
      input: { name: string; code?: string },
      requestId: string,
    ) {
      const existing = await competitions.tracksOf([competitionId]);
      const code = input.code?.toUpperCase() ?? trackCode(input.name, new Set(existing.map((t) => t.code)));
      if (existing.some((t) => t.code === code)) {
        throw conflict(
          'tracks.code_taken',
          `A track with the code ${code} exists already. Choose another code.`,
          [{ path: 'code', message: 'This code is taken.' }],
        );
      }
      if (existing.some((t) => t.name.toLowerCase() === input.name.toLowerCase())) {
        throw conflict('tracks.name_taken', `A track named "${input.name}" exists already.`, [
          { path: 'name', message: 'This name is taken.' },
        ]);
      }
      return db.transaction(async (tx) => {
        const track = await competitions.insertTrack({ competitionId, name: input.name, code }, tx);
        await audit.record(tx, {
          competitionId,
          actorId: actor.id,
          action: 'track.created',
          entityType: 'track',
          entityId: track.id,
          after: track,
          requestId,
        });
        return { id: track.id, competitionId, name: track.name, code: track.code, position: track.position };
      });
    },

    async addOrganizer(actor: Actor, competitionId: string, email: string, requestId: string) {
      const user = await users.findByEmail(email);
      if (!user) {
        throw badRequest(
          'competitions.unknown_user',
          `No account uses ${email}. Ask them to register first.`,
          [{ path: 'email', message: 'No account uses this email.' }],
        );
      }
      await db.transaction(async (tx) => {
        await competitions.addMember({ competitionId, userId: user.id, role: 'organizer' }, tx);
        await audit.record(tx, {
          competitionId,
          actorId: actor.id,
          action: 'competition.organizer_added',
          entityType: 'user',
          entityId: user.id,
          after: { email: user.email },
          requestId,
        });
      });
      return { id: user.id, email: user.email, name: user.name };
    },

    async listRounds(competitionId: string) {
      const rows = await competitions.roundsOf(competitionId);
      const rubric = await competitions.criteriaOf(rows.map((r) => r.id));
      return rows.map((r) => toRound(r, rubric));
    },

    async getRound(roundId: string) {
      const round = await competitions.findRound(roundId);
      if (!round) throw notFound('That round');
      return { round, criteria: await competitions.criteriaOf([round.id]) };
    },

    async createRound(
      actor: Actor,
      competitionId: string,
      input: {
        name: string;
        kind: 'review' | 'live';
        reviewsPerEntry: number;
        judgeCapacity: number;
        normalization: 'bias' | 'zscore' | 'none';
        conflictPolicy: { sameCountry: boolean };
        closesAt?: string;
        criteria: Array<{
          key: string;
          label: string;
          description: string;
          weight: number;
          min: number;
          max: number;
        }>;
      },
      requestId: string,
    ) {
      return db.transaction(async (tx) => {
        const { round, criteria } = await competitions.insertRound(
          {
            competitionId,
            name: input.name,
            kind: input.kind,
            reviewsPerEntry: input.reviewsPerEntry,
            judgeCapacity: input.judgeCapacity,
            normalization: input.normalization,
            conflictSameCountry: input.conflictPolicy.sameCountry,
            closesAt: input.closesAt ? new Date(input.closesAt) : null,
          },
          input.criteria,
          tx,
        );
        await audit.record(tx, {
          competitionId,
          actorId: actor.id,
          action: 'round.created',
          entityType: 'round',
          entityId: round.id,
          after: { ...round, criteria },
          requestId,
        });
        return toRound(round, criteria);
      });
    },

    async updateRound(
      actor: Actor,
      before: RoundRow,
      patch: {
        name?: string;
        reviewsPerEntry?: number;
        judgeCapacity?: number;
        normalization?: 'bias' | 'zscore' | 'none';
        conflictPolicy?: { sameCountry: boolean };
        closesAt?: string | null;
      },
      requestId: string,
    ) {
      const { conflictPolicy, closesAt, ...rest } = patch;
      return db.transaction(async (tx) => {
        const row = await competitions.updateRound(
          before.id,
          {
            ...rest,
            ...(conflictPolicy ? { conflictSameCountry: conflictPolicy.sameCountry } : {}),
            ...(closesAt !== undefined ? { closesAt: closesAt ? new Date(closesAt) : null } : {}),
          },
          tx,
        );
        await audit.record(tx, {
          competitionId: row.competitionId,
          actorId: actor.id,
          action: 'round.updated',
          entityType: 'round',
          entityId: row.id,
          before,
          after: row,
          requestId,
        });
        return toRound(row, await competitions.criteriaOf([row.id], tx));
      });
    },
  };
}
export type CompetitionsService = ReturnType<typeof createCompetitionsService>;

export const deadlinePassed = (competition: Pick<CompetitionRow, 'submissionClosesAt'>, now: Date) =>
  now.getTime() >= competition.submissionClosesAt.getTime();

export const submissionsClosed = (competition: CompetitionRow, _now?: Date) =>
  createError({
    code: 'entries.deadline_passed',
    statusCode: 409,
    message: `Submissions to ${competition.name} closed at ${competition.submissionClosesAt.toISOString()}. Entries can no longer be changed.`,
  });
