import type { Advancement } from '@wuzhen/shared';
import type { Db } from '../../app/db.ts';
import type { Actor } from '../../app/request-context.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CompetitionsRepository, RoundRow } from '../competitions/competitions.repository.ts';
import type { RoundEntriesRepository } from '../competitions/round-entries.repository.ts';
import type { Outbox } from '../mail/mail.service.ts';
import type { TeamNotices } from '../mail/team-notices.ts';
import type { TallyMethodName } from '../tally/tally.repository.ts';
import type { TallyService } from '../tally/tally.service.ts';
import { advancementErrors } from './advancement.errors.ts';
import { type AdvanceCandidate, selectAdvancing } from './advancement.fns.ts';
import type { AdvancementRepository } from './advancement.repository.ts';

export type AdvanceInput = {
  toRoundId: string;
  topPerTrack: number;
  quotas?: Record<string, number>;
  entryIds: string[];
  excludeEntryIds: string[];
  method?: TallyMethodName;
  preview: boolean;
};

export function createAdvancementService({
  db,
  advancements,
  tallyService,
  competitions,
  roundEntries,
  audit,
  now,
  teamNotices,
  outbox,
}: {
  db: Db;
  /** Each team that advances hears of it by mail, written with the advancement. */
  teamNotices: Pick<TeamNotices, 'advancement'>;
  outbox: Pick<Outbox, 'dispatch'>;
  advancements: Pick<AdvancementRepository, 'insert'>;
  tallyService: Pick<TallyService, 'latestSnapshot' | 'results'>;
  competitions: Pick<CompetitionsRepository, 'findRound' | 'tracksOf' | 'findById'>;
  roundEntries: Pick<RoundEntriesRepository, 'entriesOf' | 'addToRound'>;
  audit: Pick<AuditService, 'record'>;
  now: () => Date;
}) {
  return {
    /**
     * Chooses who advances from the round's latest tally. A preview stores nothing; a commit adds
     * the entries to the next round, records the advancement and audits it in one transaction.
     */
    async advance(
      actor: Actor,
      from: RoundRow,
      input: AdvanceInput,
      requestId: string,
    ): Promise<Advancement> {
      const to = await competitions.findRound(input.toRoundId);
      if (!to || to.competitionId !== from.competitionId || to.position <= from.position) {
        throw advancementErrors.badTarget(from);
      }
      const found = await tallyService.latestSnapshot(from, input.method);
      if (!found) {
        throw advancementErrors.noTally(from);
      }
      const snapshot = await tallyService.results(from, found.snapshot.method);
      const byId = new Map(snapshot.entries.map((e) => [e.entryId, e]));

      const unknown = [...input.entryIds, ...input.excludeEntryIds].filter((id) => !byId.has(id));
      if (unknown.length > 0) {
        throw advancementErrors.unknownEntry(from, input, unknown);
      }
      const both = input.entryIds.filter((id) => input.excludeEntryIds.includes(id));
      if (both.length > 0) {
        throw advancementErrors.addedAndExcluded(both);
      }

      const candidates: AdvanceCandidate[] = snapshot.entries.map((e) => ({
        entryId: e.entryId,
        trackId: e.trackId,
        trackRank: e.trackRank,
        rank: e.rank,
        score: e.calibratedScore,
        country: e.country,
      }));
      const selection = selectAdvancing(candidates, {
        topPerTrack: input.topPerTrack,
        quotas: input.quotas,
        wildcards: input.entryIds,
        exclude: input.excludeEntryIds,
      });

      const alreadyIn = new Set((await roundEntries.entriesOf(to)).map((e) => e.id));
      const trackPosition = new Map(
        (await competitions.tracksOf([from.competitionId])).map((t) => [t.id, t.position]),
      );
      const row = (entryId: string) => {
        const e = byId.get(entryId)!;
        return {
          entryId,
          title: e.title,
          teamName: e.teamName,
          country: e.country,
          trackId: e.trackId,
          trackName: e.trackName,
          trackRank: e.trackRank,
          score: e.calibratedScore,
          alreadyInRound: alreadyIn.has(entryId),
        };
      };
      // Track by track, best first: also the pitch order of a live round.
      const advancing = selection.advancing
        .map((a) => ({ ...row(a.entryId), reason: a.reason }))
        .sort(
          (a, b) =>
            Number(a.reason === 'wildcard') - Number(b.reason === 'wildcard') ||
            (trackPosition.get(a.trackId) ?? 0) - (trackPosition.get(b.trackId) ?? 0) ||
            a.trackRank - b.trackRank ||
            (a.entryId < b.entryId ? -1 : 1),
        );
      const trackName = new Map(snapshot.entries.map((e) => [e.trackId, e.trackName]));
      const base = {
        fromRoundId: from.id,
        toRoundId: to.id,
        snapshotId: snapshot.id,
        method: snapshot.method,
        advancing,
        skipped: selection.skipped.map((s) => ({ ...row(s.entryId), reason: s.reason })),
        tiesAtCutoff: selection.tiesAtCutoff.map((t) => ({
          ...t,
          trackName: trackName.get(t.trackId) ?? '',
        })),
        perCountry: selection.perCountry,
      };
      if (input.preview) return { ...base, id: null, preview: true, createdAt: null };

      const byRank = advancing.filter((a) => a.reason !== 'wildcard').map((a) => a.entryId);
      const wildcards = advancing.filter((a) => a.reason === 'wildcard').map((a) => a.entryId);
      const at = now();
      const competition = (await competitions.findById(from.competitionId))!;
      const { advancement, mailIds } = await db.transaction(async (tx) => {
        const added = [
          ...(await roundEntries.addToRound(to.id, byRank, 'advancement', tx)),
          ...(await roundEntries.addToRound(to.id, wildcards, 'wildcard', tx)),
        ];
        const record = await advancements.insert(
          {
            fromRoundId: from.id,
            toRoundId: to.id,
            snapshotId: snapshot.id,
            entryIds: advancing.map((a) => a.entryId),
            createdBy: actor.id,
            createdAt: at,
          },
          tx,
        );
        await audit.record(tx, {
          competitionId: from.competitionId,
          actorId: actor.id,
          action: 'round.advanced',
          entityType: 'advancement',
          entityId: record.id,
          after: {
            fromRoundId: from.id,
            toRoundId: to.id,
            snapshotId: snapshot.id,
            rules: {
              topPerTrack: input.topPerTrack,
              quotas: input.quotas ?? {},
              wildcards: input.entryIds,
              excluded: input.excludeEntryIds,
            },
            advancing: advancing.map((a) => ({ entryId: a.entryId, reason: a.reason })),
            skipped: selection.skipped,
          },
          requestId,
        });
        // Teams already in the round heard of it the first time.
        return {
          advancement: { ...base, id: record.id, preview: false, createdAt: record.createdAt.toISOString() },
          mailIds: await teamNotices.advancement(tx, competition, to, added),
        };
      });
      await outbox.dispatch(mailIds);
      return advancement;
    },
  };
}
export type AdvancementService = ReturnType<typeof createAdvancementService>;
