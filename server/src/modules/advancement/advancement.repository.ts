import { asc, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../app/db.ts';
import type { CompetitionsRepository } from '../competitions/competitions.repository.ts';
import type { RoundEntriesRepository } from '../competitions/round-entries.repository.ts';
import { advancements } from './advancement.table.ts';

/**
 * Reads of the advancement decisions: what each team is told of its entries' rounds. The rounds and
 * who is in them belong to the competitions module, so they are asked of its repositories.
 */
export function createAdvancementRepository({
  db,
  competitions,
  roundEntries,
}: {
  db: DbOrTx;
  competitions: Pick<CompetitionsRepository, 'roundsOf'>;
  roundEntries: Pick<RoundEntriesRepository, 'memberships'>;
}) {
  return {
    insert: async (values: typeof advancements.$inferInsert, tx: DbOrTx = db) =>
      (await tx.insert(advancements).values(values).returning())[0]!,

    /**
     * What `teamRoundOutcomes` needs for these entries of one competition: its rounds, every
     * advancement out of them, and the later rounds each entry was advanced into.
     */
    async outcomeInputs(competitionId: string, entryIds: string[], tx: DbOrTx = db) {
      const roundRows = (await competitions.roundsOf(competitionId, tx)).map((r) => ({
        id: r.id,
        name: r.name,
        position: r.position,
        feedbackReleasedAt: r.feedbackReleasedAt,
      }));
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
        roundEntries.memberships(roundIds, entryIds, tx),
      ]);
      return { rounds: roundRows, advancements: advancementRows, memberships };
    },
  };
}
export type AdvancementRepository = ReturnType<typeof createAdvancementRepository>;
