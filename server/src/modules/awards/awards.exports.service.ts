// The three CSV exports of a competition's outcome: awards with winners, the final ranking, and
// every review. All through the one CSV writer.
import { toCsv } from '../../app/csv.ts';
import type { CompetitionRow, CompetitionsRepository } from '../competitions/competitions.repository.ts';
import type { TallyRepository } from '../tally/tally.repository.ts';
import { awardsErrors } from './awards.errors.ts';
import { resultsOrder, snapshotEntries } from './awards.fns.ts';
import type { AwardsRepository } from './awards.repository.ts';
import type { AwardsView } from './awards.view.ts';

export function createAwardsExportsService({
  awards,
  view,
  competitions,
  tally,
}: {
  awards: Pick<
    AwardsRepository,
    | 'awardsHeldBy'
    | 'criteriaKeysOf'
    | 'entriesByIds'
    | 'listByCompetition'
    | 'reviewsForExport'
    | 'scoresForExport'
    | 'winnersOf'
  >;
  view: Pick<AwardsView, 'trackNames'>;
  competitions: Pick<CompetitionsRepository, 'finalRound'>;
  tally: Pick<TallyRepository, 'current'>;
}) {
  const { trackNames } = view;
  return {
    async awardsCsv(competition: CompetitionRow) {
      const list = await awards.listByCompetition(competition.id);
      const winners = await awards.winnersOf(list.map((a) => a.id));
      const tracks = await trackNames(competition.id);
      const rows = resultsOrder(list, tracks.position).flatMap((a): Array<Record<string, unknown>> => {
        const base = {
          award: a.name,
          kind: a.kind,
          level: a.level ?? '',
          scope:
            a.kind === 'prize'
              ? (tracks.name(a.trackId) ?? 'overall')
              : a.eligibleTrackIds.map((t) => tracks.name(t)).join('; ') || 'all tracks',
          slots: a.slots,
          published_at: a.publishedAt ?? '',
        };
        const own = winners.filter((w) => w.awardId === a.id);
        if (own.length === 0) return [{ ...base, winner: '' }];
        return own.map((w) => ({
          ...base,
          winner: w.position,
          entry_id: w.entryId,
          title: w.title,
          team: w.team,
          organization: w.organization,
          country: w.country,
          track: w.track ?? '',
          citation: w.citation,
        }));
      });
      return toCsv({
        rows,
        columns: [
          'award',
          'kind',
          'level',
          'scope',
          'slots',
          'published_at',
          'winner',
          'entry_id',
          'title',
          'team',
          'organization',
          'country',
          'track',
          'citation',
        ],
      });
    },

    async resultsCsv(competition: CompetitionRow) {
      const round = await competitions.finalRound(competition.id);
      const snapshot = round ? ((await tally.current(round))?.snapshot ?? null) : null;
      if (!round || !snapshot) {
        throw awardsErrors.noTallyToExport();
      }
      const ranked = snapshotEntries(snapshot.result);
      const ids = ranked.map((r) => r.entryId);
      const [info, held] = await Promise.all([
        awards.entriesByIds(ids),
        awards.awardsHeldBy(competition.id, ids),
      ]);
      const byId = new Map(info.map((e) => [e.entryId, e]));
      const rows = [...ranked]
        .sort((a, b) => a.rank - b.rank || (a.entryId < b.entryId ? -1 : 1))
        .map((r) => {
          const e = byId.get(r.entryId);
          return {
            round: round.name,
            rank: r.rank,
            track_rank: r.trackRank,
            entry_id: r.entryId,
            title: e?.title ?? '',
            team: e?.team ?? '',
            country: e?.country ?? '',
            track: e?.track ?? '',
            status: e?.status ?? '',
            raw_score: r.rawScore ?? '',
            score: r.score ?? r.calibratedScore ?? '',
            interval_low: r.interval?.[0] ?? '',
            interval_high: r.interval?.[1] ?? '',
            reviews: r.reviews,
            tie: r.tie,
            close_call: r.closeCall,
            awards: held
              .filter((h) => h.entryId === r.entryId)
              .map((h) => `${h.name}${h.publishedAt ? '' : ' (unpublished)'}`)
              .join('; '),
          };
        });
      return toCsv({
        rows,
        columns: [
          'round',
          'rank',
          'track_rank',
          'entry_id',
          'title',
          'team',
          'country',
          'track',
          'status',
          'raw_score',
          'score',
          'interval_low',
          'interval_high',
          'reviews',
          'tie',
          'close_call',
          'awards',
        ],
      });
    },

    async reviewsCsv(competition: CompetitionRow) {
      const [list, scores, keys] = await Promise.all([
        awards.reviewsForExport(competition.id),
        awards.scoresForExport(competition.id),
        awards.criteriaKeysOf(competition.id),
      ]);
      const criterionColumns = [...new Set(keys)].map((k) => `score_${k}`);
      const byReview = new Map<string, Record<string, number>>();
      for (const s of scores)
        byReview.set(s.reviewId, { ...(byReview.get(s.reviewId) ?? {}), [`score_${s.key}`]: s.score });
      const rows = list.map((r) => ({
        round: r.roundName,
        entry_id: r.entryId,
        title: r.title,
        team: r.team,
        country: r.country,
        track: r.track ?? '',
        judge: r.judgeName,
        judge_email: r.judgeEmail,
        judge_organization: r.judgeOrganization,
        assignment: r.assignmentStatus,
        status: r.status,
        total: r.total ?? '',
        ...byReview.get(r.reviewId),
        comment: r.comment,
        private_note: r.privateNote,
        submitted_at: r.submittedAt ?? '',
      }));
      return toCsv({
        rows,
        columns: [
          'round',
          'entry_id',
          'title',
          'team',
          'country',
          'track',
          'judge',
          'judge_email',
          'judge_organization',
          'assignment',
          'status',
          'total',
          ...criterionColumns,
          'comment',
          'private_note',
          'submitted_at',
        ],
      });
    },
  };
}
export type AwardsExportsService = ReturnType<typeof createAwardsExportsService>;
