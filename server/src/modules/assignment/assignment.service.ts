import type { AssignmentDetail, AssignmentSummary, MyAssignment } from '@wuzhen/shared';
import { notFound } from '../../app/errors.ts';
import type { Actor } from '../../app/request-context.ts';
import type { RoundRow } from '../competitions/competitions.repository.ts';
import { toCriteria } from '../competitions/competitions.service.ts';
import { organizationKey } from '../judges/conflicts.fns.ts';
import { pairKey } from '../judges/conflicts.service.ts';

import {
  type AssignmentDeps,
  capacityOf,
  coverageByTrack,
  isActive,
  roundConflicts,
  toAssignment,
} from './assignment.common.ts';
import { createAssignmentEditsService } from './assignment.edits.service.ts';
import { createAssignmentRunService } from './assignment.run.service.ts';

export type { AssignmentRuns } from './assignment.common.ts';
export { toAssignment } from './assignment.common.ts';

/**
 * The assignment of judges to a round's entries: the run (assignment.run.service.ts), the hand
 * edits (assignment.edits.service.ts), and what organizers and judges read (here).
 */
export function createAssignmentService(deps: AssignmentDeps) {
  const { repo, roundEntries, competitions, judges, conflictsService, uploads, reviews, runs } = deps;
  const conflictsOfRound = roundConflicts(deps);

  async function roundOrNotFound(roundId: string) {
    const round = await competitions.findRound(roundId);
    if (!round) throw notFound('That round');
    return round;
  }

  return {
    ...createAssignmentRunService(deps),
    ...createAssignmentEditsService(deps),
    async list(round: RoundRow, filter: { judgeId?: string; entryId?: string }) {
      const rows = await repo.byRound(round.id);
      return rows
        .filter(
          (r) =>
            (!filter.judgeId || r.judgeId === filter.judgeId) &&
            (!filter.entryId || r.entryId === filter.entryId),
        )
        .map(toAssignment);
    },

    async summary(round: RoundRow): Promise<AssignmentSummary> {
      const [entries, judgeRows, tracks, rows, lastRun] = await Promise.all([
        roundEntries.entriesOf(round),
        judges.listByCompetition(round.competitionId),
        competitions.tracksOf([round.competitionId]),
        repo.byRound(round.id),
        runs.lastRun(round.id),
      ]);
      const conflicted = await conflictsOfRound(
        round,
        entries.map((e) => e.id),
      );
      const entryIds = new Set(entries.map((e) => e.id));
      const active = rows.filter((r) => isActive(r) && entryIds.has(r.entryId));
      const { tracks: trackRows, coverage } = coverageByTrack(entries, active, round.reviewsPerEntry, tracks);
      const load = new Map<string, number>();
      for (const r of active) load.set(r.judgeId, (load.get(r.judgeId) ?? 0) + 1);
      const histogram = [0, 1, 2].map((a) => ({
        affinity: a,
        count: active.filter((r) => r.affinity === a).length,
      }));
      const judgeById = new Map(judgeRows.map((j) => [j.id, j]));
      const orgsByEntry = new Map<string, string[]>();
      for (const r of active) {
        const org = organizationKey(judgeById.get(r.judgeId)?.organization ?? '');
        if (!org) continue;
        const list = orgsByEntry.get(r.entryId) ?? [];
        list.push(org);
        orgsByEntry.set(r.entryId, list);
      }
      const sameOrganizationEntries = [...orgsByEntry.values()].filter(
        (orgs) => new Set(orgs).size < orgs.length,
      ).length;
      const conflictedAssignments = active.filter((r) =>
        conflicted.has(pairKey(r.judgeId, r.entryId)),
      ).length;
      const perEntry = new Map<string, number>();
      for (const r of active) perEntry.set(r.entryId, (perEntry.get(r.entryId) ?? 0) + 1);
      return {
        roundId: round.id,
        reviewsPerEntry: round.reviewsPerEntry,
        coverage,
        tracks: trackRows,
        judges: judgeRows.map((j) => ({
          judgeId: j.id,
          name: j.name,
          organization: j.organization,
          load: load.get(j.id) ?? 0,
          capacity: capacityOf(j, round),
        })),
        affinityHistogram: histogram,
        sameOrganizationEntries,
        conflictsAvoided: conflicted.size - conflictedAssignments,
        conflictedAssignments,
        entries: entries.map((e) => ({
          entryId: e.id,
          title: e.title,
          trackId: e.trackId ?? '',
          assigned: perEntry.get(e.id) ?? 0,
          needed: round.reviewsPerEntry,
        })),
        lastRun,
      };
    },

    /** A judge's own list: active assignments on submitted entries they have no conflict with. */
    async mine(actor: Actor, filter: { competitionId?: string; roundId?: string }): Promise<MyAssignment[]> {
      const rows = await repo.forJudgeUser(actor.id, filter);
      const [hidden, reviewRows] = await Promise.all([
        conflictsService.conflictedAmong(
          rows.map((r) => ({
            judgeId: r.judgeId,
            entryId: r.entryId,
            competitionId: r.competitionId,
            sameCountry: r.roundSameCountry,
          })),
        ),
        reviews.statusesOf(rows.map((r) => r.id)),
      ]);
      const reviewOf = new Map(reviewRows.map((r) => [r.assignmentId, r]));
      return rows
        .filter((r) => !hidden.has(pairKey(r.judgeId, r.entryId)))
        .map((r) => ({
          id: r.id,
          status: r.status,
          judgeId: r.judgeId,
          competitionId: r.competitionId,
          competitionName: r.competitionName,
          competitionTimezone: r.competitionTimezone,
          roundId: r.roundId,
          roundName: r.roundName,
          roundKind: r.roundKind,
          roundClosesAt: r.roundClosesAt?.toISOString() ?? null,
          entry: {
            id: r.entryId,
            title: r.entryTitle,
            summary: r.entrySummary,
            trackId: r.trackId,
            trackName: r.trackName ?? '',
          },
          review: reviewOf.has(r.id)
            ? {
                status: reviewOf.get(r.id)!.status,
                updatedAt: reviewOf.get(r.id)!.updatedAt.toISOString(),
                submittedAt: reviewOf.get(r.id)!.submittedAt?.toISOString() ?? null,
              }
            : null,
        }));
    },

    /** One assignment for its judge: the entry, its files, the rubric and their review. Anyone else: 404. */
    async detail(actor: Actor, assignmentId: string): Promise<AssignmentDetail> {
      const found = await repo.detail(assignmentId);
      if (
        !found ||
        found.judge.userId !== actor.id ||
        found.assignment.status === 'recused' ||
        found.entry.status !== 'submitted'
      ) {
        throw notFound('That assignment');
      }
      const hidden = await conflictsService.conflictedAmong([
        {
          judgeId: found.judge.id,
          entryId: found.entry.id,
          competitionId: found.round.competitionId,
          sameCountry: found.round.conflictSameCountry,
        },
      ]);
      if (hidden.size > 0) throw notFound('That assignment');
      const { assignment, round, entry } = found;
      const [files, rubric, review] = await Promise.all([
        uploads.filesForReview(entry.id),
        competitions.criteriaOf([round.id]),
        reviews.findReview(assignment.id),
      ]);
      return {
        id: assignment.id,
        status: assignment.status,
        competitionId: round.competitionId,
        competitionName: found.competitionName,
        competitionTimezone: found.competitionTimezone,
        roundId: round.id,
        roundName: round.name,
        roundClosesAt: round.closesAt?.toISOString() ?? null,
        entry: {
          id: entry.id,
          title: entry.title,
          summary: entry.summary,
          description: entry.description,
          websiteUrl: entry.websiteUrl,
          videoUrl: entry.videoUrl,
          trackId: entry.trackId,
          trackName: found.trackName ?? '',
          team: found.team,
          files: files.map((f) => ({
            id: f.id,
            name: f.name,
            kind: f.kind,
            size: f.size,
            mime: f.mime,
          })),
        },
        rubric: toCriteria(round.id, rubric),
        review: review
          ? {
              id: review.id,
              status: review.status,
              comment: review.comment,
              privateNote: review.privateNote,
              total: review.total,
              scores: review.scores,
              updatedAt: review.updatedAt.toISOString(),
              submittedAt: review.submittedAt?.toISOString() ?? null,
            }
          : null,
      };
    },

    roundOrNotFound,
  };
}
export type AssignmentService = ReturnType<typeof createAssignmentService>;
