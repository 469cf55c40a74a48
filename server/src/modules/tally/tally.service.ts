import { defaultCutoffPerTrack, type Snapshot } from '@wuzhen/shared';
import { toCsv } from '../../app/csv.ts';
import type { Db } from '../../app/db.ts';
import type { ProgressReporter, Queues } from '../../app/queue.ts';
import { UnrecoverableError } from '../../app/queue.ts';
import type { Actor } from '../../app/request-context.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CompetitionsRepository, RoundRow } from '../competitions/competitions.repository.ts';
import type { RoundEntriesRepository } from '../competitions/round-entries.repository.ts';
import type { EntriesRepository } from '../entries/entries.repository.ts';
import { type ConflictsService, pairKey } from '../judges/conflicts.service.ts';
import type { JudgesRepository } from '../judges/judges.repository.ts';
import type { ReviewsRepository } from '../reviews/reviews.repository.ts';
import { tallyErrors } from './tally.errors.ts';
import { canonicalJson, computeTally, DEFAULT_SEED, TallyInputError, type TallyResult } from './tally.fns.ts';
import { countBy, missingReviews } from './tally.missing.fns.ts';
import type { TallyMethodName, TallyRepository } from './tally.repository.ts';

/** The bootstrap seed of every tally: fixed, so the same inputs give the same intervals. */
export const TALLY_SEED = DEFAULT_SEED;

/**
 * The method a tally uses: a live round is always the trimmed mean of its panel ('none'); a review
 * round the method asked for, else the round's own choice.
 */
export const methodFor = (
  round: Pick<RoundRow, 'kind' | 'normalization'>,
  asked?: TallyMethodName,
): TallyMethodName => (round.kind === 'live' ? 'none' : (asked ?? round.normalization));

export function createTallyService({
  db,
  tally,
  reviews,
  conflicts,
  competitions,
  roundEntries,
  entries,
  judges,
  audit,
  queues,
}: {
  db: Db;
  tally: TallyRepository;
  entries: Pick<EntriesRepository, 'summaries'>;
  judges: Pick<JudgesRepository, 'namesOf'>;
  reviews: Pick<ReviewsRepository, 'submittedReviews' | 'assignmentsOfRound'>;
  conflicts: Pick<ConflictsService, 'conflictedAmong'>;
  competitions: Pick<CompetitionsRepository, 'findRound' | 'criteriaOf' | 'tracksOf'>;
  roundEntries: Pick<RoundEntriesRepository, 'entriesOf'>;
  audit: Pick<AuditService, 'record'>;
  queues: Pick<Queues, 'enqueue'>;
}) {
  /** The snapshot to show: the latest run of the method asked for, else of the round's own method, else any. */
  async function latestSnapshot(round: RoundRow, method?: TallyMethodName) {
    if (method) return tally.latest(round.id, method);
    return tally.current({ id: round.id, normalization: methodFor(round) });
  }

  async function describe(
    round: RoundRow,
    found: NonNullable<Awaited<ReturnType<TallyRepository['latest']>>>,
  ): Promise<Snapshot> {
    const { snapshot } = found;
    const result = JSON.parse(snapshot.result) as TallyResult;
    const [details, judgeNames, tracks, methods, assigned] = await Promise.all([
      entries.summaries(result.entries.map((e) => e.entryId)),
      judges.namesOf(result.judges.map((j) => j.judgeId)),
      competitions.tracksOf([round.competitionId]),
      tally.methodsRun(round.id),
      reviews.assignmentsOfRound(round.id),
    ]);
    // Measured against the round's judges now: a review still to come is missing from this ranking.
    const missing = missingReviews({
      kind: round.kind,
      reviewsPerEntry: round.reviewsPerEntry,
      entryIds: result.entries.map((e) => e.entryId),
      activeJudges: countBy(
        assigned.filter((a) => a.status !== 'recused'),
        (a) => a.entryId,
      ),
      counted: new Map(result.entries.map((e) => [e.entryId, e.reviews])),
    });
    const detailOf = new Map(details.map((d) => [d.id, d]));
    const nameOf = new Map(judgeNames.map((j) => [j.id, j.name]));
    const trackName = new Map(tracks.map((t) => [t.id, t.name]));
    return {
      id: snapshot.id,
      roundId: snapshot.roundId,
      inputHash: snapshot.inputHash,
      method: snapshot.method,
      cutoffPerTrack: snapshot.cutoffPerTrack,
      createdAt: snapshot.createdAt.toISOString(),
      computedAt: found.computedAt.toISOString(),
      entries: result.entries.map((e) => {
        const d = detailOf.get(e.entryId);
        return {
          entryId: e.entryId,
          trackId: e.trackId,
          trackName: trackName.get(e.trackId) ?? (d?.trackId && trackName.get(d.trackId)) ?? '',
          title: d?.title ?? '',
          teamName: d?.teamName ?? '',
          country: d?.country ?? '',
          rank: e.rank,
          trackRank: e.trackRank,
          rawScore: e.rawScore,
          calibratedScore: e.calibratedScore,
          interval: e.interval,
          reviews: e.reviews,
          missingReviews: missing.perEntry.get(e.entryId) ?? 0,
          tie: e.tie,
          closeCall: e.closeCall,
          component: e.component,
        };
      }),
      judges: result.judges.map((j) => ({
        judgeId: j.judgeId,
        name: nameOf.get(j.judgeId) ?? '',
        reviews: j.reviews,
        mean: j.mean,
        spread: j.spread,
        severity: j.severity,
        offset: j.offset,
        outlierReviewIds: j.outlierReviewIds,
      })),
      reliability: result.reliability.map((r) => ({ ...r, trackName: trackName.get(r.trackId) ?? '' })),
      components: result.components,
      warnings: result.warnings,
      missing: { entries: missing.entries, reviews: missing.reviews },
      availableMethods: methods,
    };
  }

  return {
    latestSnapshot,

    /** Queues the tally of a round; a second request while one is waiting or running joins it. */
    async requestTally(
      actor: Actor,
      round: RoundRow,
      input: { method?: TallyMethodName; cutoffPerTrack?: number },
    ) {
      return queues.enqueue(
        'tally',
        {
          competitionId: round.competitionId,
          requestedBy: actor.id,
          roundId: round.id,
          method: methodFor(round, input.method),
          cutoffPerTrack: input.cutoffPerTrack ?? defaultCutoffPerTrack,
        },
        { dedupeKey: round.id },
      );
    },

    /**
     * The tally itself, run by the worker: recomputed from the rows every time (so a retry after a
     * crash gives the same snapshot), stored once per distinct input, audited.
     */
    async runTally(input: {
      roundId: string;
      method?: TallyMethodName;
      cutoffPerTrack?: number;
      requestedBy: string;
      jobId: string;
      progress: ProgressReporter;
    }) {
      const round = await competitions.findRound(input.roundId);
      if (!round) throw new UnrecoverableError('The round no longer exists; there is nothing to tally.');
      const method = methodFor(round, input.method);
      const cutoffPerTrack = input.cutoffPerTrack ?? defaultCutoffPerTrack;
      await input.progress(5, 'loadingReviews');
      const [rubric, roundEntriesList, submitted] = await Promise.all([
        competitions.criteriaOf([round.id]),
        roundEntries.entriesOf(round),
        reviews.submittedReviews(round.id),
      ]);
      if (rubric.length === 0)
        throw new UnrecoverableError(`${round.name} has no rubric; add criteria before tallying.`);
      const entries = roundEntriesList
        .filter((e) => e.trackId !== null)
        .map((e) => ({ id: e.id, trackId: e.trackId! }));
      const inRound = new Set(entries.map((e) => e.id));
      // A review whose judge and entry conflict (declared or detected, now) counts in no tally.
      const conflicted = await conflicts.conflictedAmong(
        submitted.map((r) => ({
          judgeId: r.judgeId,
          entryId: r.entryId,
          competitionId: round.competitionId,
          sameCountry: round.conflictSameCountry,
        })),
      );
      const counted = submitted.filter(
        (r) => inRound.has(r.entryId) && !conflicted.has(pairKey(r.judgeId, r.entryId)),
      );
      await input.progress(25, 'computingScores', { entries: entries.length, reviews: counted.length });
      let result: TallyResult;
      try {
        result = computeTally({
          roundKind: round.kind,
          method,
          criteria: rubric.map((c) => ({ key: c.key, weight: c.weight, min: c.min, max: c.max })),
          entries,
          reviews: counted,
          cutoffPerTrack,
          seed: TALLY_SEED,
        });
      } catch (err) {
        if (err instanceof TallyInputError)
          throw new UnrecoverableError(`The tally's input is not valid: ${err.message}`);
        throw err;
      }
      await input.progress(85, 'storingSnapshot');
      const stored = await db.transaction(async (tx) => {
        const { snapshot, created } = await tally.saveSnapshot(
          {
            roundId: round.id,
            inputHash: result.inputHash,
            method,
            result: canonicalJson(result),
            cutoffPerTrack,
            createdBy: input.requestedBy,
          },
          tx,
        );
        const run = await tally.insertRun(
          {
            roundId: round.id,
            snapshotId: snapshot.id,
            method,
            jobId: input.jobId,
            requestedBy: input.requestedBy,
          },
          tx,
        );
        await audit.record(tx, {
          competitionId: round.competitionId,
          actorId: input.requestedBy,
          action: created ? 'tally.computed' : 'tally.recomputed_unchanged',
          entityType: 'tally_snapshot',
          entityId: snapshot.id,
          after: {
            roundId: round.id,
            runId: run.id,
            inputHash: snapshot.inputHash,
            method,
            cutoffPerTrack,
            entries: result.entries.length,
            reviews: counted.length,
            warnings: result.warnings.length,
          },
        });
        return { snapshot, created };
      });
      await input.progress(100, 'done');
      return {
        snapshotId: stored.snapshot.id,
        inputHash: stored.snapshot.inputHash,
        method,
        created: stored.created,
        entries: result.entries.length,
        reviews: counted.length,
        warnings: result.warnings,
      };
    },

    async results(round: RoundRow, method?: TallyMethodName) {
      const found = await latestSnapshot(round, method);
      if (!found) throw tallyErrors.noSnapshot(method);
      return describe(round, found);
    },

    async resultsCsv(round: RoundRow, method?: TallyMethodName) {
      const snapshot = await this.results(round, method);
      const rows = [...snapshot.entries].sort((a, b) => a.rank - b.rank || (a.entryId < b.entryId ? -1 : 1));
      const scoreColumn = snapshot.method === 'none' ? 'score' : `calibrated_score_${snapshot.method}`;
      const csv = toCsv({
        columns: [
          'rank',
          'track_rank',
          'track',
          'entry_id',
          'title',
          'team',
          'country',
          'raw_score',
          scoreColumn,
          'interval_low',
          'interval_high',
          'reviews',
          'tie',
          'close_call',
        ],
        rows: rows.map((e) => ({
          rank: e.rank,
          track_rank: e.trackRank,
          track: e.trackName,
          entry_id: e.entryId,
          title: e.title,
          team: e.teamName,
          country: e.country,
          raw_score: e.rawScore ?? '',
          [scoreColumn]: e.calibratedScore ?? '',
          interval_low: e.interval?.[0] ?? '',
          interval_high: e.interval?.[1] ?? '',
          reviews: e.reviews,
          tie: e.tie,
          close_call: e.closeCall,
        })),
      });
      return { csv, snapshot };
    },
  };
}
export type TallyService = ReturnType<typeof createTallyService>;
