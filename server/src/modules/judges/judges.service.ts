import { createHash, randomBytes } from 'node:crypto';
import type { Judge, Language } from '@wuzhen/shared';
import type { Db } from '../../app/db.ts';
import type { Actor } from '../../app/request-context.ts';
import type { AssignmentRepository } from '../assignment/assignment.repository.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type {
  CompetitionRow,
  CompetitionsRepository,
  TrackRow,
} from '../competitions/competitions.repository.ts';
import { mail, type NewMail, type Outbox } from '../mail/mail.service.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import { alreadyJudge, judgesErrors } from './judges.errors.ts';
import type { JudgeRow, JudgesRepository } from './judges.repository.ts';

export type JudgeFields = {
  name: string;
  email: string;
  organization: string;
  country: string;
  expertise: string[];
  capacity?: number | null | undefined;
  language?: Language | undefined;
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
  invitationStatus: row.accessRevokedAt ? 'revoked' : row.invitationAcceptedAt ? 'accepted' : 'pending',
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

const chineseCountries = new Set(['CN', 'TW', 'HK', 'MO']);
/** The language a judge's mails are written in: their account's, else by country. */
export const invitationLanguage = (
  judge: { country: string; language?: Language | undefined },
  account?: { language: Language },
) => judge.language ?? account?.language ?? (chineseCountries.has(judge.country) ? 'zh' : 'en');

const invitationMail = (
  competition: CompetitionRow,
  judge: {
    name: string;
    email: string;
    country: string;
    userId: string | null;
    language?: Language | undefined;
  },
  url: string,
  account?: { language: Language },
): NewMail =>
  mail({
    kind: 'judge_invitation',
    competitionId: competition.id,
    to: { email: judge.email, userId: judge.userId, language: invitationLanguage(judge, account) },
    params: { competitionName: competition.name, judgeName: judge.name, url },
  });

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
  users,
  competitions,
  assignments,
  audit,
  outbox,
  now = () => new Date(),
}: {
  db: Db;
  judges: JudgesRepository;
  users: Pick<UsersRepository, 'findByEmails'>;
  competitions: Pick<CompetitionsRepository, 'tracksOf' | 'addJudgeMembers' | 'removeJudgeMember'>;
  assignments: Pick<AssignmentRepository, 'activeCountsByJudge' | 'reviewsUnderWay'>;
  audit: Pick<AuditService, 'record'>;
  outbox: Pick<Outbox, 'add' | 'dispatch'>;
  now?: () => Date;
}) {
  /**
   * Adds judges in one transaction, each with a fresh invitation token and its invitation mail.
   * An account is linked (and becomes a judge member) only when it has verified the judge's
   * address; any other account with that address is not the judge until it uses the token.
   * No account is created here: accepting the invitation creates it.
   */
  async function insertJudges(
    actor: Actor,
    competition: CompetitionRow,
    rows: Array<JudgeFields & { expertiseIds: string[] }>,
    origin: string,
    requestId: string,
  ) {
    const result = await db.transaction(async (tx) => {
      const emails = rows.map((r) => r.email);
      const existing = await users.findByEmails(emails, tx);
      const accountByEmail = new Map(existing.map((u) => [u.email, u]));
      const verifiedByEmail = new Map(existing.filter((u) => u.emailVerifiedAt).map((u) => [u.email, u]));
      const linked = rows.filter((r) => verifiedByEmail.has(r.email));
      await competitions.addJudgeMembers(
        competition.id,
        linked.map((r) => verifiedByEmail.get(r.email)!.id),
        tx,
      );
      const tokens = rows.map(() => newInvitationToken());
      const inserted = await judges.insertMany(
        rows.map((r, i) => ({
          competitionId: competition.id,
          userId: verifiedByEmail.get(r.email)?.id ?? null,
          name: r.name,
          email: r.email,
          organization: r.organization,
          country: r.country,
          expertise: r.expertiseIds,
          capacity: r.capacity ?? null,
          invitationTokenHash: tokens[i]!.hash,
        })),
        tx,
      );
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
      const mailIds = await outbox.add(
        tx,
        ordered.map(({ judge, token }, i) =>
          invitationMail(
            competition,
            { ...judge, language: rows[i]!.language },
            invitationUrl(origin, token),
            accountByEmail.get(judge.email),
          ),
        ),
      );
      return {
        mailIds,
        created: ordered.map(({ judge, token }) => ({
          judge: toJudge(judge),
          invitationUrl: invitationUrl(origin, token),
        })),
      };
    });
    await outbox.dispatch(result.mailIds);
    return result.created;
  }

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
      if (issues.length > 0) throw judgesErrors.unknownTrack(issues);
      if ((await judges.emailsInCompetition(competition.id)).has(input.email)) {
        throw judgesErrors.exists(input.email);
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
      if (issues.length > 0) throw judgesErrors.importInvalid(issues);
      return insertJudges(actor, competition, resolved, origin, requestId);
    },

    async list(competitionId: string, conflictCounts: Map<string, number>) {
      const rows = await judges.listByCompetition(competitionId);
      const counts = await assignments.activeCountsByJudge(rows.map((r) => r.id));
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
          throw judgesErrors.unknownTrack(resolved.issues);
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
      const underWay = await assignments.reviewsUnderWay(judge.id);
      if (underWay > 0) {
        throw judgesErrors.reviewsUnderWay(judge, underWay);
      }
      await db.transaction(async (tx) => {
        await judges.remove(judge.id, tx);
        if (judge.userId) await competitions.removeJudgeMember(judge.competitionId, judge.userId, tx);
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

    /**
     * A fresh link, mailed again (the old one stops working): for a judge who lost the first
     * mail, or whose access was revoked and is given back.
     */
    async renewInvitation(
      actor: Actor,
      competition: CompetitionRow,
      judge: JudgeRow,
      origin: string,
      requestId: string,
    ) {
      if (judge.invitationAcceptedAt && judge.userId) {
        throw judgesErrors.invitationAccepted(judge);
      }
      const { token, hash } = newInvitationToken();
      const result = await db.transaction(async (tx) => {
        const row = await judges.update(
          judge.id,
          { invitationTokenHash: hash, invitationAcceptedAt: null, accessRevokedAt: null },
          tx,
        );
        const [account] = await users.findByEmails([judge.email], tx);
        const url = invitationUrl(origin, token);
        const mailIds = await outbox.add(tx, [invitationMail(competition, row, url, account)]);
        await audit.record(tx, {
          competitionId: judge.competitionId,
          actorId: actor.id,
          action: 'judge.invitation_renewed',
          entityType: 'judge',
          entityId: judge.id,
          requestId,
        });
        return { mailIds, judge: toJudge(row), invitationUrl: url };
      });
      await outbox.dispatch(result.mailIds);
      return { judge: result.judge, invitationUrl: result.invitationUrl };
    },

    /**
     * Ends a judge's access: the account is unlinked and the invitation voided. The profile, its
     * assignments and reviews stay (nothing judged disappears); a new invitation gives access back.
     */
    async revokeAccess(actor: Actor, judge: JudgeRow, requestId: string) {
      return db.transaction(async (tx) => {
        const row = await judges.update(
          judge.id,
          { userId: null, invitationTokenHash: null, invitationAcceptedAt: null, accessRevokedAt: now() },
          tx,
        );
        if (judge.userId) await competitions.removeJudgeMember(judge.competitionId, judge.userId, tx);
        await audit.record(tx, {
          competitionId: judge.competitionId,
          actorId: actor.id,
          action: 'judge.access_revoked',
          entityType: 'judge',
          entityId: judge.id,
          before: { userId: judge.userId },
          requestId,
        });
        return toJudge(row);
      });
    },
  };
}
export type JudgesService = ReturnType<typeof createJudgesService>;
