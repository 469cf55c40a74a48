import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../app/db.ts';
import { rounds } from '../competitions/competitions.table.ts';
import { roundEntries } from '../competitions/round-entries.table.ts';
import { advancements } from './advancement.table.ts';

/** Reads of the advancement decisions: what each team is told of its entries' rounds. */
export function createAdvancementRepository({ db }: { db: DbOrTx }) {
  return {
    /**
     * What `teamRoundOutcomes` needs for these entries of one competition: its rounds, every
     * advancement out of them, and the later rounds each entry was advanced into.
     */
    async outcomeInputs(competitionId: string, entryIds: string[], tx: DbOrTx = db) {
      const roundRows = await tx
        .select({
          id: rounds.id,
          name: rounds.name,
          position: rounds.position,
          feedbackReleasedAt: rounds.feedbackReleasedAt,
        })
        .from(rounds)
        .where(eq(rounds.competitionId, competitionId))
        .orderBy(asc(rounds.position));
      const roundIds = roundRows.map((r) => r.id);
      if (roundIds.length === 0 || entryIds.length === 0)
        return { rounds: roundRows, advancements: [], memberships: [] };
      const [advancementRows, memberships] = await Promise.all([
        tx
          .select({
            fromRoundId: advancements.fromRoundId,
            toRoundId: advancements.toRoundId,
            entryIds: advancements.entryIds,
            createdAt: advancements.createdAt,
          })
          .from(advancements)
          .where(inArray(advancements.fromRoundId, roundIds))
          .orderBy(asc(advancements.createdAt)),
        tx
          .select({ roundId: roundEntries.roundId, entryId: roundEntries.entryId })
          .from(roundEntries)
          .where(and(inArray(roundEntries.roundId, roundIds), inArray(roundEntries.entryId, entryIds))),
      ]);
      return { rounds: roundRows, advancements: advancementRows, memberships };
    },
  };
}
export type AdvancementRepository = ReturnType<typeof createAdvancementRepository>;
