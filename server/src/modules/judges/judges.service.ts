import { createHash, randomBytes } from 'node:crypto';
import type { Judge } from '@wuzhen/shared';
import { inArray } from 'drizzle-orm';
import type { Db } from '../../app/db.ts';
import { badRequest, conflict } from '../../app/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type {
  CompetitionRow,
  CompetitionsRepository,
  TrackRow,
} from '../competitions/competitions.repository.ts';
import { competitionMembers } from '../competitions/competitions.table.ts';
import { users } from '../users/users.table.ts';
import type { JudgeRow, JudgesRepository } from './judges.repository.ts';
import { judges as judgesTable } from './judges.table.ts';

type Actor = { id: string };
export type JudgeFields = {
  name: string;
  email: string;
  organization: string;
  country: string;
  expertise: string[];
  capacity?: number | null | undefined;
};
type Issue = { path: string; row?: number; message: string };

export const toJudge = (row: JudgeRow): Judge => ({
  id: row.id,
  competitionId: row.competitionId,
  userId: row.userId,
  name: row.name,
  email: row.email,
  organization: row.organization,
  country: row.country,
  expertise: row.expertise,
  capacity: row.capacity,
  invitationStatus: row.invitationAcceptedAt ? 'accepted' : 'pending',
  invitationAcceptedAt: row.invitationAcceptedAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
});

/** Invitation tokens travel in links; only their sha256 is stored, so a leaked table opens nothing. */
export const invitationTokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
const newInvitationToken = () => {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: invitationTokenHash(token) };
};
export const invitationUrl = (origin: string, token: string) =>
  `${origin.replace(/\/+$/, '')}/invite/${token}`;

/**
 * Expertise arrives as track ids or, for lists typed by hand, track codes (any case). Returns the
 * track ids in the given order, or the problems with the path of each.
 */
export function resolveExpertise(tracks: TrackRow[], expertise: string[], path: string) {
  const byId = new Map(tracks.map((t) => [t.id, t.id]));
  const byCode = new Map(tracks.map((t) => [t.code.toLowerCase(), t.id]));
  const byName = new Map(tracks.map((t) => [t.name.toLowerCase(), t.id]));
  const ids: string[] = [];
  const issues: Issue[] = [];
  expertise.forEach((ref, i) => {
    const id = byId.get(ref) ?? byCode.get(ref.toLowerCase()) ?? byName.get(ref.toLowerCase());
    if (!id) {
      issues.push({
        path: `${path}.${i}`,
        message: `There is no track "${ref}" in this competition. Use a track id or code (${tracks.map((t) => t.code).join(', ') || 'none yet'}).`,
      });
    } else if (ids.includes(id)) {
      issues.push({ path: `${path}.${i}`, message: `The track "${ref}" is named twice.` });
    } else {
      ids.push(id);
    }
  });
  return { ids, issues };
}

export function createJudgesService({
  db,
  judges,
  competitions,
  audit,
}: {
  db: Db;
  judges: JudgesRepository;
  competitions: Pick<CompetitionsRepository, 'tracksOf'>;
  audit: Pick<AuditService, 'record'>;
}) {
  /**
   * Adds judges in one transaction: each email's account is linked when it exists, else created
   * without a password (the invitation sets it); each judge becomes a judge member of the
   * competition and gets a fresh invitation token.
   */
  async function insertJudges(
    actor: Actor,
    competition: CompetitionRow,
    rows: Array<JudgeFields & { expertiseIds: string[] }>,
    origin: string,
    requestId: string,
  ) {
    return db.transaction(async (tx) => {
      const emails = rows.map((r) => r.email);
      const existing = await tx.select().from(users).where(inArray(users.email, emails));
      const userByEmail = new Map(existing.map((u) => [u.email, u]));
      const missing = rows.filter((r) => !userByEmail.has(r.email));
      if (missing.length > 0) {
        const created = await tx
          .insert(users)
          .values(missing.map((r) => ({ email: r.email, name: r.name, passwordHash: null })))
          .returning();
        for (const u of created) userByEmail.set(u.email, u);
      }
      await tx
        .insert(competitionMembers)
        .values(
          rows.map((r) => ({
            competitionId: competition.id,
            userId: userByEmail.get(r.email)!.id,
            role: 'judge' as const,
          })),
        )
        .onConflictDoNothing();
      const tokens = rows.map(() => newInvitationToken());
      const inserted = await tx
        .insert(judgesTable)
        .values(
          rows.map((r, i) => ({
            competitionId: competition.id,
            userId: userByEmail.get(r.email)!.id,
            name: r.name,
            email: r.email,
            organization: r.organization,
            country: r.country,
            expertise: r.expertiseIds,
            capacity: r.capacity ?? null,
            invitationTokenHash: tokens[i]!.hash,
          })),
        )
        .returning();
      const byEmail = new Map(inserted.map((j) => [j.email, j]));
      const ordered = rows.map((r, i) => ({ judge: byEmail.get(r.email)!, token: tokens[i]!.token }));
      await audit.record(
        tx,
        ordered.map(({ judge }) => ({
          competitionId: competition.id,
          actorId: actor.id,
          action: 'judge.created',
          entityType: 'judge',
          entityId: judge.id,
          after: judge,
          requestId,
        })),
      );
      return ordered.map(({ judge, token }) => ({
        judge: toJudge(judge),
        invitationUrl: invitationUrl(origin, token),
      }));
    });
  }

  const alreadyJudge = (email: string) =>
    `${email} is already a judge of this competition. Edit that judge instead, or use another email.`;

  return {
    async create(
      actor: Actor,
      competition: CompetitionRow,
      input: JudgeFields,
      origin: string,
      requestId: string,
    ) {
      const tracks = await competitions.tracksOf([competition.id]);
      const { ids, issues } = resolveExpertise(tracks, input.expertise, 'expertise');
      if (issues.length > 0) throw badRequest('judges.unknown_track', issues[0]!.message, issues);
      if ((await judges.emailsInCompetition(competition.id)).has(input.email)) {
        throw conflict('judges.exists', alreadyJudge(input.email), [
          { path: 'email', message: 'Already a judge here.' },
        ]);
      }
      const [created] = await insertJudges(
        actor,
        competition,
        [{ ...input, expertiseIds: ids }],
        origin,
        requestId,
      );
      return created!;
    },

    /** All or nothing: every row is checked first, and any problem refuses the whole list with each row's reason. */
    async import(
      actor: Actor,
      competition: CompetitionRow,
      rows: JudgeFields[],
      origin: string,
      requestId: string,
    ) {
      const tracks = await competitions.tracksOf([competition.id]);
      const taken = await judges.emailsInCompetition(competition.id);
      const seen = new Map<string, number>();
      const issues: Issue[] = [];
      const resolved = rows.map((row, i) => {
        const { ids, issues: trackIssues } = resolveExpertise(tracks, row.expertise, `judges.${i}.expertise`);
        issues.push(...trackIssues.map((issue) => ({ ...issue, row: i + 1 })));
        if (taken.has(row.email)) {
          issues.push({ path: `judges.${i}.email`, row: i + 1, message: alreadyJudge(row.email) });
        }
        const first = seen.get(row.email);
        if (first !== undefined) {
          issues.push({
            path: `judges.${i}.email`,
            row: i + 1,
            message: `${row.email} appears twice in the list (rows ${first + 1} and ${i + 1}).`,
          });
        } else {
          seen.set(row.email, i);
        }
        return { ...row, expertiseIds: ids };
      });
      if (issues.length > 0) {
        const first = issues[0]!;
        throw badRequest(
          'judges.import_invalid',
          `Nothing was imported: ${issues.length} problem${issues.length > 1 ? 's' : ''} in the list. Row ${first.row}: ${first.message}`,
          issues,
        );
      }
      return insertJudges(actor, competition, resolved, origin, requestId);
    },

    async list(competitionId: string, conflictCounts: Map<string, number>) {
      const rows = await judges.listByCompetition(competitionId);
      const counts = await judges.assignmentCounts(rows.map((r) => r.id));
      return rows.map((row) => ({
        ...toJudge(row),
        assignments: counts.get(row.id) ?? 0,
        conflicts: conflictCounts.get(row.id) ?? 0,
      }));
    },

    async update(
      actor: Actor,
      before: JudgeRow,
      patch: Partial<Omit<JudgeFields, 'email'>>,
      requestId: string,
    ): Promise<Judge> {
      let expertise: string[] | undefined;
      if (patch.expertise) {
        const tracks = await competitions.tracksOf([before.competitionId]);
        const resolved = resolveExpertise(tracks, patch.expertise, 'expertise');
        if (resolved.issues.length > 0) {
          throw badRequest('judges.unknown_track', resolved.issues[0]!.message, resolved.issues);
        }
        expertise = resolved.ids;
      }
      return db.transaction(async (tx) => {
        const row = await judges.update(
          before.id,
          {
            ...(patch.name !== undefined ? { name: patch.name } : {}),
            ...(patch.organization !== undefined ? { organization: patch.organization } : {}),
            ...(patch.country !== undefined ? { country: patch.country } : {}),
            ...(expertise ? { expertise } : {}),
            ...(patch.capacity !== undefined ? { capacity: patch.capacity } : {}),
          },
          tx,
        );
        await audit.record(tx, {
          competitionId: row.competitionId,
          actorId: actor.id,
          action: 'judge.updated',
          entityType: 'judge',
          entityId: row.id,
          before,
          after: row,
          requestId,
        });
        return toJudge(row);
      });
    },

    /** Refused while a review of theirs is under way or submitted, so no judged work disappears. */
    async remove(actor: Actor, judge: JudgeRow, requestId: string) {
      const underWay = await judges.reviewsUnderWay(judge.id);
      if (underWay > 0) {
        throw conflict(
          'judges.reviews_under_way',
          `${judge.name} has ${underWay} review${underWay > 1 ? 's' : ''} started or submitted. Remove those assignments first (their reviews go with them), then remove the judge.`,
        );
      }
      await db.transaction(async (tx) => {
        await judges.remove(judge.id, tx);
        await judges.removeJudgeMembership(judge.competitionId, judge.userId, tx);
        await audit.record(tx, {
          competitionId: judge.competitionId,
          actorId: actor.id,
          action: 'judge.removed',
          entityType: 'judge',
          entityId: judge.id,
          before: judge,
          requestId,
        });
      });
    },

    /** A fresh link (the old one stops working), for an organizer who lost the first. */
    async renewInvitation(actor: Actor, judge: JudgeRow, origin: string, requestId: string) {
      if (judge.invitationAcceptedAt) {
        throw conflict(
          'judges.invitation_accepted',
          `${judge.name} has accepted the invitation already and signs in with their own password.`,
        );
      }
      const { token, hash } = newInvitationToken();
      return db.transaction(async (tx) => {
        const row = await judges.update(judge.id, { invitationTokenHash: hash }, tx);
        await audit.record(tx, {
          competitionId: judge.competitionId,
          actorId: actor.id,
          action: 'judge.invitation_renewed',
          entityType: 'judge',
          entityId: judge.id,
          requestId,
        });
        return { judge: toJudge(row), invitationUrl: invitationUrl(origin, token) };
      });
    },
  };
}
export type JudgesService = ReturnType<typeof createJudgesService>;
