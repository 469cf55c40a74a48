// Awards and their winners: the ladder and special awards, suggestions from the final tally, and
// the winners with their slot, track and one-ladder-prize rules. Publication, team results and the
// exports are services of their own beside this one.
import type { AwardSuggestions } from '@wuzhen/shared';
import type { Db, DbOrTx } from '../../app/db.ts';
import { notFound } from '../../app/errors.ts';
import type { Actor } from '../../app/request-context.ts';
import { lockCompetitionAnnouncements } from '../announcements/announcements.repository.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CompetitionRow, CompetitionsRepository } from '../competitions/competitions.repository.ts';
import type { RoundEntriesRepository } from '../competitions/round-entries.repository.ts';
import type { SnapshotRow, TallyRepository } from '../tally/tally.repository.ts';
import { awardsErrors } from './awards.errors.ts';
import { snapshotEntries, suggestWinners, trackAllowed, winnerProblems } from './awards.fns.ts';
import type { AwardRow, AwardsRepository } from './awards.repository.ts';
import type { AwardsView } from './awards.view.ts';

export function createAwardsService({
  db,
  awards,
  view,
  competitions,
  roundEntries,
  tally,
  audit,
  now,
}: {
  db: Db;
  awards: AwardsRepository;
  view: Pick<AwardsView, 'describe' | 'describeOne' | 'trackNames'>;
  competitions: Pick<CompetitionsRepository, 'roundsOf' | 'findById'>;
  roundEntries: Pick<RoundEntriesRepository, 'entriesOf'>;
  tally: Pick<TallyRepository, 'current'>;
  audit: Pick<AuditService, 'record'>;
  now: () => Date;
}) {
  const { describe, describeOne, trackNames } = view;

  async function checkTracks(
    competitionId: string,
    input: { trackId?: string | null; eligibleTrackIds?: string[] },
  ) {
    const { has } = await trackNames(competitionId);
    const problems: Array<{ path: string; message: string }> = [];
    if (input.trackId && !has(input.trackId))
      problems.push({ path: 'trackId', message: 'This competition has no such track.' });
    input.eligibleTrackIds?.forEach((id, i) => {
      if (!has(id))
        problems.push({ path: `eligibleTrackIds.${i}`, message: 'This competition has no such track.' });
    });
    if (problems.length > 0) {
      throw awardsErrors.unknownTrack(problems);
    }
  }

  async function checkNameFree(competitionId: string, name: string, exceptId: string | null) {
    const taken = (await awards.listByCompetition(competitionId)).find(
      (a) => a.id !== exceptId && a.name.trim().toLowerCase() === name.trim().toLowerCase(),
    );
    if (taken) {
      throw awardsErrors.nameTaken(taken);
    }
  }

  /** A published award is public and no longer changes; the refusal names when, in the competition's zone. */
  const refusePublished = async (award: AwardRow, tx?: DbOrTx) => {
    if (!award.publishedAt) return;
    const competition = await competitions.findById(award.competitionId, tx);
    throw awardsErrors.published(award, award.publishedAt, competition?.timezone ?? 'UTC');
  };
  return {
    describe,

    async list(competitionId: string) {
      return describe(await awards.listByCompetition(competitionId));
    },

    async get(award: AwardRow) {
      return describeOne(award);
    },

    async create(
      actor: Actor,
      competition: CompetitionRow,
      input: {
        name: string;
        nameZh: string;
        kind: 'prize' | 'special';
        level?: number;
        trackId?: string;
        eligibleTrackIds?: string[];
        slots: number;
        description: string;
        descriptionZh: string;
      },
      requestId: string,
    ) {
      const eligibleTrackIds = [...new Set(input.eligibleTrackIds ?? [])];
      await checkTracks(competition.id, { trackId: input.trackId, eligibleTrackIds });
      await checkNameFree(competition.id, input.name, null);
      return db.transaction(async (tx) => {
        await lockCompetitionAnnouncements(tx, competition.id);
        const row = await awards.insert(
          {
            competitionId: competition.id,
            name: input.name,
            nameZh: input.nameZh,
            kind: input.kind,
            level: input.kind === 'prize' ? (input.level ?? null) : null,
            trackId: input.kind === 'prize' ? (input.trackId ?? null) : null,
            eligibleTrackIds: input.kind === 'special' ? eligibleTrackIds : [],
            slots: input.slots,
            description: input.description,
            descriptionZh: input.descriptionZh,
            position: await awards.nextPosition(competition.id, tx),
          },
          tx,
        );
        await audit.record(tx, {
          competitionId: competition.id,
          actorId: actor.id,
          action: 'award.created',
          entityType: 'award',
          entityId: row.id,
          after: row,
          requestId,
        });
        return describeOne(row, tx);
      });
    },

    async update(
      actor: Actor,
      award: AwardRow,
      patch: {
        name?: string;
        nameZh?: string;
        level?: number;
        trackId?: string | null;
        eligibleTrackIds?: string[];
        slots?: number;
        description?: string;
        descriptionZh?: string;
        position?: number;
      },
      requestId: string,
    ) {
      await refusePublished(award);
      if (award.kind === 'special' && patch.level !== undefined) {
        throw awardsErrors.levelOnSpecial();
      }
      if (award.kind === 'special' && patch.trackId) {
        throw awardsErrors.trackOnSpecial();
      }
      if (award.kind === 'prize' && patch.eligibleTrackIds && patch.eligibleTrackIds.length > 0) {
        throw awardsErrors.eligibleOnPrize();
      }
      const eligibleTrackIds = patch.eligibleTrackIds ? [...new Set(patch.eligibleTrackIds)] : undefined;
      await checkTracks(award.competitionId, { trackId: patch.trackId, eligibleTrackIds });
      if (patch.name !== undefined) await checkNameFree(award.competitionId, patch.name, award.id);
      return db.transaction(async (tx) => {
        await lockCompetitionAnnouncements(tx, award.competitionId);
        const before = (await awards.findById(award.id, tx)) ?? award;
        await refusePublished(before, tx);
        const next = {
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.nameZh !== undefined ? { nameZh: patch.nameZh } : {}),
          ...(patch.level !== undefined ? { level: patch.level } : {}),
          ...(patch.trackId !== undefined && award.kind === 'prize' ? { trackId: patch.trackId } : {}),
          ...(eligibleTrackIds !== undefined && award.kind === 'special' ? { eligibleTrackIds } : {}),
          ...(patch.slots !== undefined ? { slots: patch.slots } : {}),
          ...(patch.description !== undefined ? { description: patch.description } : {}),
          ...(patch.descriptionZh !== undefined ? { descriptionZh: patch.descriptionZh } : {}),
          ...(patch.position !== undefined ? { position: patch.position } : {}),
        };
        const winners = await awards.winnersOf([award.id], tx);
        const rule = { ...before, ...next };
        if (winners.length > rule.slots) {
          throw awardsErrors.slotsBelowWinners(before, winners, rule);
        }
        const outOfScope = winners.filter((w) => !trackAllowed(rule, w.trackId));
        if (outOfScope.length > 0) {
          throw awardsErrors.winnersOutOfTracks(before, outOfScope);
        }
        const row = Object.keys(next).length > 0 ? await awards.update(award.id, next, tx) : before;
        await audit.record(tx, {
          competitionId: award.competitionId,
          actorId: actor.id,
          action: 'award.updated',
          entityType: 'award',
          entityId: award.id,
          before,
          after: row,
          requestId,
        });
        return describeOne(row, tx);
      });
    },

    async remove(actor: Actor, award: AwardRow, requestId: string) {
      await refusePublished(award);
      await db.transaction(async (tx) => {
        await lockCompetitionAnnouncements(tx, award.competitionId);
        const before = await awards.findById(award.id, tx);
        if (!before) throw notFound('That award');
        await refusePublished(before, tx);
        const winners = await awards.winnersOf([award.id], tx);
        await awards.remove(award.id, tx);
        await audit.record(tx, {
          competitionId: award.competitionId,
          actorId: actor.id,
          action: 'award.deleted',
          entityType: 'award',
          entityId: award.id,
          before: { ...before, winners: winners.map((w) => ({ entryId: w.entryId, citation: w.citation })) },
          requestId,
        });
      });
    },

    async suggestions(award: AwardRow): Promise<AwardSuggestions> {
      // By position, so the final (the last) first; positions are unique within a competition.
      const roundsFinalFirst = (await competitions.roundsOf(award.competitionId)).reverse();
      const round = roundsFinalFirst[0];
      if (!round) {
        throw awardsErrors.noFinalRound();
      }
      // The final's tally ranks its entries; before the final is scored, the latest tally of an
      // earlier round ranks the final's entries (or, with none advanced yet, that round's own).
      let ranking: {
        round: typeof round;
        snapshot: SnapshotRow;
      } | null = null;
      for (const candidate of roundsFinalFirst) {
        const found = (await tally.current(candidate))?.snapshot;
        if (found) {
          ranking = { round: candidate, snapshot: found };
          break;
        }
      }
      if (!ranking) {
        throw awardsErrors.noTallyToSuggest(round);
      }
      const { snapshot } = ranking;
      const finalists = await roundEntries.entriesOf(round);
      const inRound = finalists.length > 0 ? finalists : await roundEntries.entriesOf(ranking.round);
      const ids = inRound.map((e) => e.id);
      const [candidates, ladder, held, winners] = await Promise.all([
        awards.entriesByIds(ids),
        awards.ladderPrizesHeldBy(award.competitionId, ids, award.id),
        awards.awardsHeldBy(award.competitionId, ids),
        awards.winnersOf([award.id]),
      ]);
      const otherAwards = new Map<string, Array<{ id: string; name: string }>>();
      for (const h of held) {
        if (h.awardId === award.id) continue;
        otherAwards.set(h.entryId, [...(otherAwards.get(h.entryId) ?? []), { id: h.awardId, name: h.name }]);
      }
      const { rankedBy, items } = suggestWinners({
        award,
        snapshot: snapshotEntries(snapshot.result),
        candidates: new Map(candidates.map((c) => [c.entryId, c])),
        ladderPrizeHolders: new Set(ladder.map((l) => l.entryId)),
        chosen: new Set(winners.map((w) => w.entryId)),
        otherAwards,
      });
      return {
        awardId: award.id,
        round: { id: ranking.round.id, name: ranking.round.name },
        snapshot: { id: snapshot.id, method: snapshot.method, createdAt: snapshot.createdAt.toISOString() },
        rankedBy,
        items,
      };
    },

    async setWinners(
      actor: Actor,
      award: AwardRow,
      list: Array<{ entryId: string; citation: string; citationZh: string }>,
      requestId: string,
    ) {
      await refusePublished(award);
      return db.transaction(async (tx) => {
        // One writer per competition at a time, so two prizes cannot both take the same entry.
        await lockCompetitionAnnouncements(tx, award.competitionId);
        const current = await awards.findById(award.id, tx);
        if (!current) throw notFound('That award');
        await refusePublished(current, tx);
        const ids = list.map((w) => w.entryId);
        const found = new Map(
          (await awards.entriesByIds(ids, tx))
            .filter((e) => e.competitionId === award.competitionId)
            .map((e) => [e.entryId, e]),
        );
        const missing = list.map((w, i) => ({ ...w, i })).filter((w) => !found.has(w.entryId));
        if (missing.length > 0) {
          throw awardsErrors.entryNotFound(missing);
        }
        const tracks = await trackNames(award.competitionId, tx);
        const problems = winnerProblems({
          award: current,
          winners: list,
          entries: found,
          ladderPrizesHeld: await awards.ladderPrizesHeldBy(award.competitionId, ids, award.id, tx),
          trackName: (id) => tracks.name(id) ?? 'no track',
        });
        if (problems.length > 0) throw awardsErrors.winnerProblems(problems);
        const before = await awards.winnersOf([award.id], tx);
        await awards.replaceWinners(award.id, list, tx);
        const row = await awards.update(award.id, { updatedAt: now() }, tx);
        await audit.record(tx, {
          competitionId: award.competitionId,
          actorId: actor.id,
          action: 'award.winners_chosen',
          entityType: 'award',
          entityId: award.id,
          before: {
            winners: before.map((w) => ({
              entryId: w.entryId,
              title: w.title,
              citation: w.citation,
              citationZh: w.citationZh,
            })),
          },
          after: {
            winners: list.map((w) => ({
              entryId: w.entryId,
              title: found.get(w.entryId)!.title,
              citation: w.citation,
              citationZh: w.citationZh,
            })),
          },
          requestId,
        });
        return describeOne(row, tx);
      });
    },

    /**
     * Corrects winners' citations, before or after publication, all in one transaction: the
     * winners and their order stay as chosen (and as announced); only the words change, each
     * change audited. Public pages show the new words on their next load.
     */
    async correctCitations(
      actor: Actor,
      award: AwardRow,
      list: Array<{ entryId: string; citation: string; citationZh?: string }>,
      requestId: string,
    ) {
      return db.transaction(async (tx) => {
        await lockCompetitionAnnouncements(tx, award.competitionId);
        const winners = new Map((await awards.winnersOf([award.id], tx)).map((w) => [w.entryId, w]));
        const strangers = list.map((w, i) => ({ ...w, i })).filter((w) => !winners.has(w.entryId));
        if (strangers.length > 0) {
          throw awardsErrors.notAWinner(award, strangers);
        }
        const changed = list.filter((w) => {
          const before = winners.get(w.entryId)!;
          return (
            before.citation !== w.citation ||
            (w.citationZh !== undefined && before.citationZh !== w.citationZh)
          );
        });
        if (changed.length > 0) {
          for (const w of changed) {
            await awards.setCitation(
              award.id,
              w.entryId,
              { citation: w.citation, ...(w.citationZh !== undefined ? { citationZh: w.citationZh } : {}) },
              tx,
            );
          }
          await awards.update(award.id, { updatedAt: now() }, tx);
          await audit.record(
            tx,
            changed.map((w) => {
              const before = winners.get(w.entryId)!;
              return {
                competitionId: award.competitionId,
                actorId: actor.id,
                action: 'award.citation_corrected',
                entityType: 'award',
                entityId: award.id,
                before: {
                  entryId: w.entryId,
                  title: before.title,
                  citation: before.citation,
                  citationZh: before.citationZh,
                },
                after: {
                  entryId: w.entryId,
                  title: before.title,
                  citation: w.citation,
                  citationZh: w.citationZh ?? before.citationZh,
                  published: award.publishedAt !== null,
                },
                requestId,
              };
            }),
          );
        }
        const row = await awards.findById(award.id, tx);
        if (!row) throw notFound('That award');
        return describeOne(row, tx);
      });
    },
  };
}
export type AwardsService = ReturnType<typeof createAwardsService>;
