import { type LiveState, livePitchSeconds, liveQuestionSeconds } from '@wuzhen/shared';
import type { Db } from '../../app/db.ts';
import { forbidden, notFound } from '../../app/errors.ts';
import type { Actor } from '../../app/request-context.ts';
import type { AssignmentRepository } from '../assignment/assignment.repository.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CompetitionsRepository, RoundRow } from '../competitions/competitions.repository.ts';
import type { RoundEntriesRepository } from '../competitions/round-entries.repository.ts';
import { closeSubmissions } from '../competitions/submissions-close.ts';
import { type ConflictsService, pairKey } from '../judges/conflicts.service.ts';
import type { JudgesRepository } from '../judges/judges.repository.ts';
import { reviewTotal, trimmedMean } from '../tally/tally.fns.ts';
import { reviewsErrors } from './reviews.errors.ts';
import type { ReviewsRepository } from './reviews.repository.ts';
import { roundClosed, toReview } from './reviews.service.ts';

type Card = Awaited<ReturnType<ReviewsRepository['entryCards']>>[number];

/** Pitch order: the position given when entries advanced into the round, then title, then id. */
const byPitchOrder = (a: Card, b: Card) =>
  (a.position ?? Number.MAX_SAFE_INTEGER) - (b.position ?? Number.MAX_SAFE_INTEGER) ||
  a.title.localeCompare(b.title) ||
  (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const scoringOf = (card: Pick<Card, 'pitchStartedAt' | 'scoringClosedAt'>) =>
  card.scoringClosedAt ? ('closed' as const) : card.pitchStartedAt ? ('open' as const) : ('waiting' as const);

const toLiveEntry = (card: Card, index: number) => ({
  id: card.id,
  title: card.title,
  summary: card.summary,
  teamName: card.teamName,
  country: card.country,
  trackId: card.trackId,
  position: index + 1,
  scoring: scoringOf(card),
});

const liveAuditActions = {
  start: 'live.pitch_started',
  stop: 'live.timer_stopped',
  next: 'live.next_pitch',
  close: 'live.scoring_closed',
  reopen: 'live.scoring_reopened',
} as const;

export function createLiveService({
  db,
  reviews,
  conflicts,
  competitions,
  roundEntries,
  judges,
  assignments,
  audit,
  now,
}: {
  db: Db;
  reviews: ReviewsRepository;
  conflicts: Pick<ConflictsService, 'conflictedAmong'>;
  competitions: Pick<CompetitionsRepository, 'criteriaOf' | 'tracksOf' | 'findById' | 'updateRound'>;
  roundEntries: Pick<RoundEntriesRepository, 'entriesOf' | 'isInRound' | 'setScoringWindow'>;
  judges: Pick<JudgesRepository, 'findByUser' | 'listByCompetition' | 'conflictedPairs'>;
  assignments: Pick<AssignmentRepository, 'insertPanel'>;
  audit: Pick<AuditService, 'record'>;
  now: () => Date;
}) {
  /** Which of these entries conflict with the judge, under the round's country policy. */
  function conflictedOf(round: RoundRow, judgeId: string, entryIds: string[]) {
    return conflicts.conflictedAmong(
      entryIds.map((entryId) => ({
        judgeId,
        entryId,
        competitionId: round.competitionId,
        sameCountry: round.conflictSameCountry,
      })),
    );
  }

  async function lineupOf(round: RoundRow) {
    const entries = await roundEntries.entriesOf(round);
    const cards = await reviews.entryCards(
      round.id,
      entries.map((e) => e.id),
    );
    return cards.sort(byPitchOrder);
  }

  /** Each entry's submitted review totals, computed from the scores (exact, not the stored float). */
  async function totalsByEntry(round: RoundRow) {
    const [rubric, submitted] = await Promise.all([
      competitions.criteriaOf([round.id]),
      reviews.submittedReviews(round.id),
    ]);
    const totals = new Map<string, Map<string, number>>();
    for (const r of submitted) {
      const byJudge = totals.get(r.entryId) ?? new Map<string, number>();
      byJudge.set(r.judgeId, reviewTotal(rubric, r.scores));
      totals.set(r.entryId, byJudge);
    }
    return totals;
  }

  return {
    /**
     * Who may watch the live board: organizers see everything; a judge with an assignment in the
     * round sees the pitch, the timer and their own score; anyone else gets 404.
     */
    async viewerOf(actor: Actor, round: RoundRow, isOrganizer: boolean) {
      if (isOrganizer) return { organizer: true as const, judgeId: null };
      const judge = await judges.findByUser(round.competitionId, actor.id);
      if (!judge) throw notFound('That round');
      const mine = (await reviews.assignmentsOfRound(round.id)).filter(
        (a) => a.judgeId === judge.id && a.status !== 'recused',
      );
      const conflicted = await conflictedOf(
        round,
        judge.id,
        mine.map((a) => a.entryId),
      );
      // A judge of the competition sees the round; only its panel watches the board.
      if (mine.every((a) => conflicted.has(pairKey(judge.id, a.entryId))))
        throw forbidden("Only this round's panel judges and the organizers may watch its live board.");
      return { organizer: false as const, judgeId: judge.id };
    },

    async state(round: RoundRow, viewer: { organizer: boolean; judgeId: string | null }): Promise<LiveState> {
      if (round.kind !== 'live') throw reviewsErrors.notLiveRound(round);
      const assignments = await reviews.assignmentsOfRound(round.id);
      const current = round.liveEntryId;
      const base = {
        round: {
          id: round.id,
          name: round.name,
          kind: round.kind,
          closesAt: round.closesAt?.toISOString() ?? null,
        },
        timerStartedAt: round.liveTimerStartedAt?.toISOString() ?? null,
        pitchSeconds: livePitchSeconds,
        questionSeconds: liveQuestionSeconds,
        serverNow: now().toISOString(),
      };

      if (!viewer.organizer) {
        // A judge conflicted with the entry on stage sees nothing of it (PRODUCT.md's who-sees-what).
        const hidden =
          current && viewer.judgeId ? (await conflictedOf(round, viewer.judgeId, [current])).size > 0 : false;
        const [card] = current && !hidden ? await reviews.entryCards(round.id, [current]) : [];
        const lineup = card ? await lineupOf(round) : [];
        const index = card ? lineup.findIndex((c) => c.id === card.id) : -1;
        const assignment = card
          ? assignments.find(
              (a) => a.entryId === current && a.judgeId === viewer.judgeId && a.status !== 'recused',
            )
          : undefined;
        const review = assignment ? await reviews.findReview(assignment.id) : null;
        return {
          ...base,
          entry: card ? toLiveEntry(card, Math.max(index, 0)) : null,
          mine: assignment
            ? {
                assignmentId: assignment.id,
                status: assignment.status,
                review: review ? toReview(review) : null,
              }
            : null,
          panel: null,
          lineup: null,
        };
      }

      const [lineup, totals] = await Promise.all([lineupOf(round), totalsByEntry(round)]);
      const active = assignments.filter((a) => a.status !== 'recused');
      const judgeNames = new Map(
        (
          await judges.listByCompetition(round.competitionId, undefined, [
            ...new Set(active.map((a) => a.judgeId)),
          ])
        ).map((j) => [j.id, j.name]),
      );
      const index = lineup.findIndex((c) => c.id === current);
      const entryTotals = current ? totals.get(current) : undefined;
      return {
        ...base,
        entry: index >= 0 ? toLiveEntry(lineup[index]!, index) : null,
        mine: null,
        panel: current
          ? active
              .filter((a) => a.entryId === current)
              .map((a) => ({
                judgeId: a.judgeId,
                name: judgeNames.get(a.judgeId) ?? '',
                status: a.status,
                total: a.status === 'submitted' ? (entryTotals?.get(a.judgeId) ?? null) : null,
              }))
              .sort((a, b) => a.name.localeCompare(b.name))
          : [],
        lineup: lineup.map((card, i) => {
          const values = [...(totals.get(card.id)?.values() ?? [])];
          return {
            ...toLiveEntry(card, i),
            scores: values.length,
            panelSize: active.filter((a) => a.entryId === card.id).length,
            trimmedMean: values.length > 0 ? trimmedMean(values) : null,
          };
        }),
      };
    },

    /** The live rounds a user judges in, for the banner on the judge's page. */
    async myLiveRounds(actor: Actor) {
      const rows = await reviews.liveRoundsOfUser(actor.id);
      return Promise.all(
        rows.map(async (r) => {
          const [card] = r.liveEntryId ? await reviews.entryCards(r.roundId, [r.liveEntryId]) : [];
          return {
            roundId: r.roundId,
            roundName: r.roundName,
            competitionId: r.competitionId,
            competitionName: r.competitionName,
            closesAt: r.closesAt?.toISOString() ?? null,
            entryTitle: card?.title ?? null,
            timerStartedAt: r.timerStartedAt?.toISOString() ?? null,
          };
        }),
      );
    },

    /**
     * The organizer calls the next pitch, starts its 8+7 timer, or stops it; or closes (reopens) the
     * scoring of a pitch. Starting a pitch opens its scoring; nothing reopens once results are out.
     */
    async act(
      actor: Actor,
      round: RoundRow,
      input: { action: 'start' | 'stop' | 'next' | 'close' | 'reopen'; entryId?: string },
      requestId: string,
    ) {
      if (round.kind !== 'live') throw reviewsErrors.notLiveRound(round);
      const at = now();
      let entryId = round.liveEntryId;
      let timer: Date | null = round.liveTimerStartedAt;
      const mustBeInRound = async (id: string) => {
        if (!(await roundEntries.isInRound(round, id))) {
          throw reviewsErrors.entryNotInLineup();
        }
      };
      let window: {
        entryId: string;
        change: Parameters<RoundEntriesRepository['setScoringWindow']>[2];
      } | null = null;
      if (input.action === 'start') {
        entryId = input.entryId ?? round.liveEntryId;
        if (!entryId) {
          throw reviewsErrors.noPitchEntry();
        }
        await mustBeInRound(entryId);
        timer = at;
        window = { entryId, change: { pitchStarted: at } };
      } else if (input.action === 'stop') {
        timer = null;
      } else if (input.action === 'next') {
        timer = null;
        if (input.entryId) {
          await mustBeInRound(input.entryId);
          entryId = input.entryId;
        } else {
          const lineup = await lineupOf(round);
          const index = lineup.findIndex((c) => c.id === round.liveEntryId);
          const next = lineup[index + 1];
          if (!next) {
            throw reviewsErrors.lastPitch(lineup);
          }
          entryId = next.id;
        }
      } else {
        const target = input.entryId ?? round.liveEntryId;
        if (!target) {
          throw reviewsErrors.noScoringEntry();
        }
        await mustBeInRound(target);
        if (input.action === 'reopen') {
          const competition = await competitions.findById(round.competitionId);
          if (competition?.resultsPublishedAt) throw reviewsErrors.resultsPublished();
          if (roundClosed(round, at)) throw reviewsErrors.roundClosed(round, competition?.timezone ?? 'UTC');
        }
        window = { entryId: target, change: { scoringClosedAt: input.action === 'close' ? at : null } };
      }
      return db.transaction(async (tx) => {
        const after = await competitions.updateRound(
          round.id,
          { liveEntryId: entryId, liveTimerStartedAt: timer, updatedAt: at },
          tx,
        );
        if (window) await roundEntries.setScoringWindow(round.id, window.entryId, window.change, tx);
        await audit.record(tx, {
          competitionId: round.competitionId,
          actorId: actor.id,
          action: liveAuditActions[input.action],
          entityType: 'round',
          entityId: round.id,
          before: { liveEntryId: round.liveEntryId, liveTimerStartedAt: round.liveTimerStartedAt },
          after: {
            liveEntryId: after.liveEntryId,
            liveTimerStartedAt: after.liveTimerStartedAt,
            ...(window ? { scoringOf: window.entryId, ...window.change } : {}),
          },
          requestId,
        });
        return after;
      });
    },

    /** Puts judges on the panel of a live round: one assignment per entry (of one track, if given). */
    async assignPanel(
      actor: Actor,
      round: RoundRow,
      input: { judgeIds: string[]; trackId?: string },
      requestId: string,
    ) {
      if (round.kind !== 'live') throw reviewsErrors.notLiveRound(round);
      const judgeIds = [...new Set(input.judgeIds)];
      const found = await judges.listByCompetition(round.competitionId, undefined, judgeIds);
      const missing = judgeIds.filter((id) => !found.some((j) => j.id === id));
      if (missing.length > 0) {
        throw reviewsErrors.unknownPanelJudge(missing);
      }
      if (
        input.trackId &&
        !(await competitions.tracksOf([round.competitionId])).some((t) => t.id === input.trackId)
      ) {
        throw reviewsErrors.unknownTrack();
      }
      const entries = (await roundEntries.entriesOf(round)).filter(
        (e) => !input.trackId || e.trackId === input.trackId,
      );
      if (entries.length === 0) {
        throw reviewsErrors.noEntries();
      }
      const conflicted = await judges.conflictedPairs(
        judgeIds,
        entries.map((e) => e.id),
      );
      const isConflicted = new Set(conflicted.map((c) => `${c.judgeId}:${c.entryId}`));
      const rows = found.flatMap((j) =>
        entries
          .filter((e) => !isConflicted.has(`${j.id}:${e.id}`))
          .map((e) => ({ roundId: round.id, entryId: e.id, judgeId: j.id })),
      );
      return db.transaction(async (tx) => {
        const created = await assignments.insertPanel(rows, tx);
        // A live first round starts with its panel: no entry may join it any more.
        if (round.position === 1)
          await closeSubmissions(tx, audit, {
            competitionId: round.competitionId,
            at: now(),
            because: 'first_round_started',
            actorId: actor.id,
            requestId,
          });
        await audit.record(tx, {
          competitionId: round.competitionId,
          actorId: actor.id,
          action: 'live.panel_assigned',
          entityType: 'round',
          entityId: round.id,
          after: {
            judgeIds,
            trackId: input.trackId ?? null,
            created: created.length,
            skippedConflicts: conflicted,
          },
          requestId,
        });
        const all = await reviews.assignmentsOfRound(round.id, tx);
        return {
          created: created.length,
          skippedConflicts: conflicted.map((c) => ({ judgeId: c.judgeId, entryId: c.entryId })),
          panel: found
            .map((j) => ({
              judgeId: j.id,
              name: j.name,
              assignments: all.filter((a) => a.judgeId === j.id && a.status !== 'recused').length,
            }))
            .sort((a, b) => a.name.localeCompare(b.name)),
        };
      });
    },
  };
}
export type LiveService = ReturnType<typeof createLiveService>;
