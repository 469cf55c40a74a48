import type { Db, DbOrTx } from '../../app/db.ts';
import type { Actor } from '../../app/request-context.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CompetitionsRepository, RoundRow } from '../competitions/competitions.repository.ts';
import type { JudgesRepository } from '../judges/judges.repository.ts';
import { invitationLanguage } from '../judges/judges.service.ts';
import { mail, type Outbox } from '../mail/mail.service.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import { reviewsErrors } from './reviews.errors.ts';
import type { ReviewsRepository } from './reviews.repository.ts';

/** A judge gets at most one reminder a day, whoever sends it and from whichever round. */
export const reminderGapMs = 24 * 3600_000;

/** When the judge may be reminded again, or null when they may be now. */
export const nextReminderAt = (lastRemindedAt: Date | null, now: Date) => {
  if (!lastRemindedAt) return null;
  const next = new Date(lastRemindedAt.getTime() + reminderGapMs);
  return next > now ? next : null;
};

export type RemindTarget = { judgeIds?: string[] | undefined; late?: boolean | undefined };

/**
 * Reminders to late judges, from the organizer's Reviews tab: for chosen judges or every judge
 * with reviews left in the round. Each reminder is a row (the judge's banner) and a mail written
 * in the same transaction. The one-a-day limit is the server's: judges reminded in the last 24
 * hours, and judges with nothing left in this round, are skipped and named in the answer.
 */
export function createRemindersService({
  db,
  reviews,
  judges,
  users,
  competitions,
  audit,
  outbox,
  now,
}: {
  db: Db;
  reviews: Pick<ReviewsRepository, 'assignmentsOfRound' | 'lastRemindersOf' | 'insertReminders'>;
  judges: Pick<JudgesRepository, 'listByCompetition' | 'lockByIds'>;
  /** The language of each judge's account, for the reminder mail. */
  users: Pick<UsersRepository, 'findByIds'>;
  competitions: Pick<CompetitionsRepository, 'findById'>;
  audit: Pick<AuditService, 'record'>;
  outbox: Pick<Outbox, 'add' | 'dispatch'>;
  now: () => Date;
}) {
  /**
   * Locks these judges' rows for the rest of the transaction and returns each with the language
   * of its account and its latest reminder in any round: two organizers reminding the same judge
   * at once are served one after the other, so the second sees the first's reminder (read once
   * the lock is held, in a statement of its own).
   */
  async function lockForReminder(competitionId: string, judgeIds: string[], tx: DbOrTx) {
    const rows = await judges.lockByIds(competitionId, judgeIds, tx);
    const [reminded, accounts] = await Promise.all([
      reviews.lastRemindersOf(
        rows.map((j) => j.id),
        tx,
      ),
      users.findByIds([...new Set(rows.flatMap((j) => (j.userId ? [j.userId] : [])))], tx),
    ]);
    const lastOf = new Map(reminded.map((r) => [r.judgeId, r.at]));
    const languageOf = new Map(accounts.map((u) => [u.id, u.language]));
    return rows.map((judge) => ({
      judge,
      language: (judge.userId ? languageOf.get(judge.userId) : undefined) ?? null,
      lastRemindedAt: lastOf.get(judge.id) ?? null,
    }));
  }

  return {
    async remind(actor: Actor, round: RoundRow, target: RemindTarget, origin: string, requestId: string) {
      if (round.kind === 'live') throw reviewsErrors.liveRoundReminder(round);
      const left = new Map<string, number>();
      for (const a of await reviews.assignmentsOfRound(round.id))
        if (a.status === 'assigned' || a.status === 'started')
          left.set(a.judgeId, (left.get(a.judgeId) ?? 0) + 1);
      const requested = target.late ? [...left.keys()] : [...new Set(target.judgeIds ?? [])];
      if (target.late && requested.length === 0) {
        throw reviewsErrors.nobodyLate(round);
      }
      const found = await judges.listByCompetition(round.competitionId, undefined, requested);
      const missing = requested.filter((id) => !found.some((j) => j.id === id));
      if (missing.length > 0) {
        throw reviewsErrors.unknownJudge(missing);
      }
      const competition = (await competitions.findById(round.competitionId))!;
      const at = now();
      const result = await db.transaction(async (tx) => {
        const locked = await lockForReminder(round.competitionId, requested, tx);
        const skipped: Array<{
          judgeId: string;
          name: string;
          reason: 'reminded_recently' | 'nothing_left';
          nextReminderAt: string | null;
        }> = [];
        const due: typeof locked = [];
        for (const row of locked) {
          const next = nextReminderAt(row.lastRemindedAt, at);
          if (!left.get(row.judge.id))
            skipped.push({
              judgeId: row.judge.id,
              name: row.judge.name,
              reason: 'nothing_left',
              nextReminderAt: null,
            });
          else if (next)
            skipped.push({
              judgeId: row.judge.id,
              name: row.judge.name,
              reason: 'reminded_recently',
              nextReminderAt: next.toISOString(),
            });
          else due.push(row);
        }
        if (due.length === 0) {
          throw reviewsErrors.remindedRecently(round, competition.timezone, skipped);
        }
        const rows = await reviews.insertReminders(
          due.map((d) => ({ roundId: round.id, judgeId: d.judge.id, sentBy: actor.id, createdAt: at })),
          tx,
        );
        await audit.record(
          tx,
          rows.map((r) => ({
            competitionId: round.competitionId,
            actorId: actor.id,
            // The action's name of before reminders were mailed: one name across the audit log's history.
            action: 'review.reminder_recorded',
            entityType: 'reminder',
            entityId: r.id,
            after: { roundId: round.id, judgeId: r.judgeId, left: left.get(r.judgeId) ?? 0 },
            requestId,
          })),
        );
        const day = at.toISOString().slice(0, 10);
        const mailIds = await outbox.add(
          tx,
          due.map(({ judge, language }) =>
            mail({
              kind: 'judge_reminder',
              competitionId: round.competitionId,
              to: {
                email: judge.email,
                userId: judge.userId,
                language: invitationLanguage(judge, language ? { language } : undefined),
              },
              params: {
                competitionName: competition.name,
                judgeName: judge.name,
                roundName: round.name,
                left: left.get(judge.id) ?? 0,
                url: `${origin}/judge`,
              },
              // A second safeguard in the database: one reminder mail per judge and UTC day.
              dedupeKey: `judge_reminder:${judge.id}:${day}`,
            }),
          ),
        );
        return {
          mailIds,
          reminded: due.map((d) => ({ judgeId: d.judge.id, name: d.judge.name })),
          skipped,
        };
      });
      await outbox.dispatch(result.mailIds);
      return { reminded: result.reminded, skipped: result.skipped, recordedAt: at.toISOString() };
    },
  };
}
export type RemindersService = ReturnType<typeof createRemindersService>;
