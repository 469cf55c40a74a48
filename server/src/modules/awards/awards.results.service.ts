// What teams and the public read once results are out: released feedback per round, a team's
// own results, and the JSON feed of the published awards.
import type { ResultsFeed, TeamResults } from '@wuzhen/shared';
import type { Db } from '../../app/db.ts';
import { notFound } from '../../app/errors.ts';
import type { Actor } from '../../app/request-context.ts';
import { teamRoundOutcomes } from '../advancement/advancement.outcomes.fns.ts';
import type { AdvancementRepository } from '../advancement/advancement.repository.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CompetitionsRepository, RoundRow } from '../competitions/competitions.repository.ts';
import { toRound } from '../competitions/competitions.service.ts';
import type { TeamMembersRepository } from '../entries/team-members.repository.ts';
import type { ReviewsRepository } from '../reviews/reviews.repository.ts';
import type { PublicationService } from './awards.publication.service.ts';
import type { AwardsRepository } from './awards.repository.ts';

export function createAwardsResultsService({
  db,
  awards,
  competitions,
  reviews,
  teamMembers,
  publication,
  audit,
  advancements,
  now,
}: {
  db: Db;
  advancements: Pick<AdvancementRepository, 'outcomeInputs'>;
  awards: Pick<AwardsRepository, 'awardsHeldBy' | 'entriesOfTeams' | 'releasedFeedback'>;
  teamMembers: Pick<TeamMembersRepository, 'teamIdsIn'>;
  competitions: Pick<CompetitionsRepository, 'findById' | 'criteriaOf' | 'updateRound'>;
  reviews: Pick<ReviewsRepository, 'roundsWithReviews'>;
  publication: Pick<PublicationService, 'publicResults'>;
  audit: Pick<AuditService, 'record'>;
  now: () => Date;
}) {
  const { publicResults } = publication;
  return {
    async setFeedback(actor: Actor, round: RoundRow, released: boolean, requestId: string) {
      return db.transaction(async (tx) => {
        const row = await competitions.updateRound(
          round.id,
          { feedbackReleasedAt: released ? (round.feedbackReleasedAt ?? now()) : null },
          tx,
        );
        await audit.record(tx, {
          competitionId: round.competitionId,
          actorId: actor.id,
          action: released ? 'round.feedback_released' : 'round.feedback_withdrawn',
          entityType: 'round',
          entityId: round.id,
          before: { feedbackReleasedAt: round.feedbackReleasedAt },
          after: { feedbackReleasedAt: row.feedbackReleasedAt },
          requestId,
        });
        return toRound(
          row,
          await competitions.criteriaOf([row.id], tx),
          await reviews.roundsWithReviews([row.id], tx),
        );
      });
    },

    async feed(slug: string, baseUrl: string): Promise<ResultsFeed> {
      const results = await publicResults(slug);
      const page = `${baseUrl}/c/${encodeURIComponent(slug)}/results`;
      return {
        version: 'https://jsonfeed.org/version/1.1',
        title: `${results.competition.name}: results`,
        home_page_url: page,
        feed_url: `${baseUrl}/api/v1/public/competitions/${encodeURIComponent(slug)}/feed.json`,
        description: `The published awards of ${results.competition.name}.`,
        language: 'en',
        items: [...results.awards]
          .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt))
          .map((award) => ({
            id: award.id,
            url: `${page}#award-${award.id}`,
            title: award.name,
            content_text: award.winners
              .map(
                (w) =>
                  `${w.title} — ${w.team} (${w.country}${w.track ? `, ${w.track}` : ''})${w.citation ? `: ${w.citation}` : ''}`,
              )
              .join('\n'),
            date_published: award.publishedAt,
            tags: [award.kind, ...(award.track ? [award.track] : [])],
            _wuzhen: { award },
          })),
        _wuzhen: { competition: results.competition },
      };
    },

    async teamResults(actor: Actor, competitionId: string): Promise<TeamResults> {
      const competition = await competitions.findById(competitionId);
      const teamIds = competition ? await teamMembers.teamIdsIn(competitionId, actor.id) : [];
      if (!competition || teamIds.length === 0) throw notFound('Your team in that competition');
      const owned = await awards.entriesOfTeams(teamIds);
      const ids = owned.map((e) => e.entryId);
      const [held, feedback, progress] = await Promise.all([
        awards.awardsHeldBy(competitionId, ids),
        awards.releasedFeedback(ids),
        advancements.outcomeInputs(competitionId, ids),
      ]);
      return {
        competition: {
          id: competition.id,
          name: competition.name,
          nameZh: competition.nameZh,
          slug: competition.slug,
          timezone: competition.timezone,
          resultsPublishedAt: competition.resultsPublishedAt?.toISOString() ?? null,
        },
        entries: owned.map((e) => {
          const rounds = new Map<
            string,
            { roundId: string; roundName: string; releasedAt: string; comments: string[] }
          >();
          for (const f of feedback.filter((f) => f.entryId === e.entryId)) {
            const round = rounds.get(f.roundId) ?? {
              roundId: f.roundId,
              roundName: f.roundName,
              releasedAt: f.releasedAt!.toISOString(),
              comments: [],
            };
            round.comments.push(f.comment);
            rounds.set(f.roundId, round);
          }
          return {
            entryId: e.entryId,
            title: e.title,
            team: e.team,
            track: e.track,
            trackZh: e.trackZh,
            status: e.status,
            // Only what is public: an unpublished award is not even hinted at.
            awards: held
              .filter((h) => h.entryId === e.entryId && h.publishedAt)
              .map((h) => ({
                id: h.awardId,
                name: h.name,
                nameZh: h.nameZh,
                kind: h.kind,
                level: h.level,
                citation: h.citation,
                citationZh: h.citationZh,
                publishedAt: h.publishedAt!.toISOString(),
              })),
            feedback: [...rounds.values()],
            rounds: teamRoundOutcomes({
              entry: { id: e.entryId, status: e.status, submittedAt: e.submittedAt },
              rounds: progress.rounds,
              advancements: progress.advancements,
              inRounds: new Set(
                progress.memberships.filter((m) => m.entryId === e.entryId).map((m) => m.roundId),
              ),
              resultsPublishedAt: competition.resultsPublishedAt,
            }).map((o) => ({ ...o, decidedAt: o.decidedAt.toISOString() })),
          };
        }),
      };
    },
  };
}
export type AwardsResultsService = ReturnType<typeof createAwardsResultsService>;
