import type { Competition, Round, TallyMethodName } from '@wuzhen/shared';
import type { CompetitionRole } from '../../app/auth.ts';
import type { Db, DbOrTx } from '../../app/db.ts';
import { forbidden, notFound } from '../../app/errors.ts';
import type { Actor } from '../../app/request-context.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { ReviewsRepository } from '../reviews/reviews.repository.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import { competitionsErrors } from './competitions.errors.ts';
import type {
  CompetitionRow,
  CompetitionsRepository,
  CriterionRow,
  RoundRow,
  TrackRow,
} from './competitions.repository.ts';
import { createTracksService, type TrackUsers, toTrack } from './tracks.service.ts';

export const toCompetition = (
  row: CompetitionRow,
  tracks: TrackRow[],
  myRoles: CompetitionRole[],
): Competition => ({
  id: row.id,
  name: row.name,
  nameZh: row.nameZh,
  slug: row.slug,
  description: row.description,
  descriptionZh: row.descriptionZh,
  timezone: row.timezone,
  submissionClosesAt: row.submissionClosesAt.toISOString(),
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  tracks: tracks.filter((t) => t.competitionId === row.id).map(toTrack),
  myRoles: [...myRoles].sort(),
});

export const toCriteria = (roundId: string, rubric: CriterionRow[]): Round['criteria'] =>
  rubric
    .filter((c) => c.roundId === roundId)
    .map((c) => ({
      id: c.id,
      key: c.key,
      label: c.label,
      labelZh: c.labelZh,
      description: c.description,
      descriptionZh: c.descriptionZh,
      weight: c.weight,
      min: c.min,
      max: c.max,
    }));

export const toRound = (
  row: RoundRow,
  rubric: CriterionRow[],
  roundsWithReviews: ReadonlySet<string>,
): Round => ({
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
  reviewsStarted: roundsWithReviews.has(row.id),
  criteria: toCriteria(row.id, rubric),
  createdAt: row.createdAt.toISOString(),
});

type CriterionInput = {
  key: string;
  label: string;
  labelZh: string;
  description: string;
  descriptionZh: string;
  weight: number;
  min: number;
  max: number;
};

/** The fields of a patch that would change the meaning of reviews already saved. */
export function unsafeRoundChanges(
  before: RoundRow,
  rubric: CriterionRow[],
  patch: {
    kind?: string;
    reviewsPerEntry?: number;
    conflictPolicy?: { sameCountry: boolean };
    criteria?: CriterionInput[];
  },
): string[] {
  const unsafe: string[] = [];
  if (patch.kind !== undefined && patch.kind !== before.kind) unsafe.push('kind');
  if (patch.reviewsPerEntry !== undefined && patch.reviewsPerEntry !== before.reviewsPerEntry) {
    unsafe.push('reviewsPerEntry');
  }
  if (patch.conflictPolicy && patch.conflictPolicy.sameCountry !== before.conflictSameCountry) {
    unsafe.push('conflictPolicy');
  }
  if (patch.criteria) {
    const sorted = [...rubric].sort((a, b) => a.position - b.position);
    const same =
      patch.criteria.length === sorted.length &&
      patch.criteria.every((c, i) => {
        const old = sorted[i];
        return old && old.key === c.key && old.weight === c.weight && old.min === c.min && old.max === c.max;
      });
    if (!same) unsafe.push('criteria');
  }
  return unsafe;
}

export function createCompetitionsService({
  db,
  competitions,
  reviews,
  users,
  trackUsers,
  audit,
}: {
  db: Db;
  competitions: CompetitionsRepository;
  /** Whether a round has reviews (its rubric is then fixed): the reviews module knows. */
  reviews: Pick<ReviewsRepository, 'roundsWithReviews'>;
  users: Pick<UsersRepository, 'findByEmail' | 'namesOf'>;
  trackUsers: TrackUsers;
  audit: Pick<AuditService, 'record'>;
}) {
  async function describe(row: CompetitionRow, roles: Iterable<CompetitionRole>) {
    return toCompetition(row, await competitions.tracksOf([row.id]), [...roles]);
  }

  /** The competition's organizers (at most 200), longest-serving first, with name and address. */
  async function organizersOf(competitionId: string, tx?: DbOrTx) {
    const members = await competitions.organizersOf(competitionId, tx);
    const accounts = new Map(
      (
        await users.namesOf(
          members.map((m) => m.userId),
          tx,
        )
      ).map((u) => [u.id, u]),
    );
    return members.flatMap((m) => {
      const user = accounts.get(m.userId);
      return user ? [{ id: user.id, email: user.email, name: user.name, since: m.since }] : [];
    });
  }

  return {
    ...createTracksService({ db, competitions, ...trackUsers, audit }),
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
      actor: Actor & { canCreateCompetitions: boolean },
      input: {
        name: string;
        nameZh: string;
        slug: string;
        description: string;
        descriptionZh: string;
        timezone: string;
        submissionClosesAt: string;
      },
      requestId: string,
    ) {
      if (!actor.canCreateCompetitions) {
        throw forbidden('Only the competition office may create competitions. Ask an organizer to add you.');
      }
      if (await competitions.findBySlug(input.slug)) {
        throw competitionsErrors.slugTaken(input.slug);
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
        nameZh: string;
        slug: string;
        description: string;
        descriptionZh: string;
        timezone: string;
        submissionClosesAt: string;
      }>,
      requestId: string,
    ) {
      if (patch.slug && patch.slug !== before.slug && (await competitions.findBySlug(patch.slug))) {
        throw competitionsErrors.slugTaken(patch.slug);
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

    async addOrganizer(actor: Actor, competitionId: string, email: string, requestId: string) {
      const user = await users.findByEmail(email);
      if (!user) {
        throw competitionsErrors.unknownUser(email);
      }
      // Anyone can register with an address; only one who confirmed it by mail is its owner.
      if (!user.emailVerifiedAt) {
        throw competitionsErrors.unverifiedUser(email);
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
      const ids = rows.map((r) => r.id);
      const [rubric, started] = await Promise.all([
        competitions.criteriaOf(ids),
        reviews.roundsWithReviews(ids),
      ]);
      return rows.map((r) => toRound(r, rubric, started));
    },

    /** One round as the API shows it: its rubric, and whether reviews have started. */
    async describeRound(round: RoundRow) {
      const [rubric, started] = await Promise.all([
        competitions.criteriaOf([round.id]),
        reviews.roundsWithReviews([round.id]),
      ]);
      return toRound(round, rubric, started);
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
        normalization: TallyMethodName;
        conflictPolicy: { sameCountry: boolean };
        closesAt?: string;
        criteria: CriterionInput[];
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
        return toRound(round, criteria, new Set());
      });
    },

    async updateRound(
      actor: Actor,
      before: RoundRow,
      patch: {
        name?: string;
        kind?: 'review' | 'live';
        reviewsPerEntry?: number;
        judgeCapacity?: number;
        normalization?: TallyMethodName;
        conflictPolicy?: { sameCountry: boolean };
        closesAt?: string | null;
        criteria?: CriterionInput[];
      },
      requestId: string,
    ) {
      const { conflictPolicy, closesAt, criteria: rubric, ...rest } = patch;
      return db.transaction(async (tx) => {
        // Locks the round row so a review saved meanwhile cannot slip past the check below.
        await competitions.lockRound(before.id, tx);
        const criteriaBefore = await competitions.criteriaOf([before.id], tx);
        const started = (await reviews.roundsWithReviews([before.id], tx)).has(before.id);
        if (started) {
          const unsafe = unsafeRoundChanges(before, criteriaBefore, patch);
          if (unsafe.length > 0) throw competitionsErrors.reviewsStarted(before.name, unsafe);
        }
        const row = await competitions.updateRound(
          before.id,
          {
            ...rest,
            ...(conflictPolicy ? { conflictSameCountry: conflictPolicy.sameCountry } : {}),
            ...(closesAt !== undefined ? { closesAt: closesAt ? new Date(closesAt) : null } : {}),
          },
          tx,
        );
        if (rubric) await competitions.replaceCriteria(before.id, rubric, tx);
        const criteriaAfter = rubric ? await competitions.criteriaOf([row.id], tx) : criteriaBefore;
        await audit.record(tx, {
          competitionId: row.competitionId,
          actorId: actor.id,
          action: 'round.updated',
          entityType: 'round',
          entityId: row.id,
          before: rubric ? { ...before, criteria: criteriaBefore } : before,
          after: rubric ? { ...row, criteria: criteriaAfter } : row,
          requestId,
        });
        return toRound(row, criteriaAfter, started ? new Set([row.id]) : new Set());
      });
    },

    listOrganizers: (competitionId: string) => organizersOf(competitionId),

    async removeOrganizer(actor: Actor, competitionId: string, userId: string, requestId: string) {
      return db.transaction(async (tx) => {
        // Serializes removals so two organizers cannot remove each other at once and leave none.
        await competitions.lockCompetition(competitionId, tx);
        const organizers = await organizersOf(competitionId, tx);
        const target = organizers.find((o) => o.id === userId);
        if (!target) throw notFound('That organizer');
        if (organizers.length === 1) {
          throw competitionsErrors.lastOrganizer();
        }
        await competitions.removeOrganizer(competitionId, userId, tx);
        await audit.record(tx, {
          competitionId,
          actorId: actor.id,
          action: 'competition.organizer_removed',
          entityType: 'user',
          entityId: userId,
          before: { email: target.email },
          requestId,
        });
      });
    },
  };
}
export type CompetitionsService = ReturnType<typeof createCompetitionsService>;

export const deadlinePassed = (competition: Pick<CompetitionRow, 'submissionClosesAt'>, now: Date) =>
  now.getTime() >= competition.submissionClosesAt.getTime();
