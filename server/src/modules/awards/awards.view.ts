// The awards as the API shows them: rows with their winners, track names, the public shape. Shared
// by the awards, publication and export services so each reads an award the same way.
import type { Award } from '@wuzhen/shared';
import type { Db, DbOrTx } from '../../app/db.ts';
import type { CompetitionsRepository } from '../competitions/competitions.repository.ts';
import { resultsOrder, toPublicAward } from './awards.fns.ts';
import type { AwardRow, AwardsRepository, WinnerRow } from './awards.repository.ts';

export const toAward = (row: AwardRow, winners: WinnerRow[]): Award => ({
  id: row.id,
  competitionId: row.competitionId,
  name: row.name,
  nameZh: row.nameZh,
  kind: row.kind,
  level: row.level,
  trackId: row.trackId,
  eligibleTrackIds: row.eligibleTrackIds,
  slots: row.slots,
  description: row.description,
  descriptionZh: row.descriptionZh,
  position: row.position,
  publishedAt: row.publishedAt?.toISOString() ?? null,
  winners: winners
    .filter((w) => w.awardId === row.id)
    .map((w) => ({
      entryId: w.entryId,
      title: w.title,
      team: w.team,
      organization: w.organization,
      country: w.country,
      trackId: w.trackId,
      track: w.track,
      trackZh: w.trackZh,
      citation: w.citation,
      citationZh: w.citationZh,
      position: w.position,
    })),
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export function createAwardsView({
  db,
  awards,
  competitions,
}: {
  db: Db;
  awards: Pick<AwardsRepository, 'listPublished' | 'winnersOf'>;
  competitions: Pick<CompetitionsRepository, 'tracksOf'>;
}) {
  async function describe(rows: AwardRow[], tx: DbOrTx = db): Promise<Award[]> {
    const winners = await awards.winnersOf(
      rows.map((r) => r.id),
      tx,
    );
    return rows.map((r) => toAward(r, winners));
  }
  const describeOne = async (row: AwardRow, tx: DbOrTx = db) => (await describe([row], tx))[0]!;

  async function trackNames(competitionId: string, tx: DbOrTx = db) {
    const tracks = await competitions.tracksOf([competitionId], tx);
    const byId = new Map(tracks.map((t) => [t.id, t]));
    return {
      tracks,
      name: (id: string | null) => (id ? (byId.get(id)?.name ?? null) : null),
      nameZh: (id: string | null) => (id ? (byId.get(id)?.nameZh ?? null) : null),
      position: (id: string) => byId.get(id)?.position ?? 0,
      has: (id: string) => byId.has(id),
    };
  }
  /** Public awards of the competition, in results order, from inside a transaction or not. */
  async function publicAwards(competitionId: string, tx: DbOrTx = db, only?: string[]) {
    const published = (await awards.listPublished(competitionId, tx)).filter(
      (a) => !only || only.includes(a.id),
    );
    const winners = await awards.winnersOf(
      published.map((a) => a.id),
      tx,
    );
    const tracks = await trackNames(competitionId, tx);
    return resultsOrder(published, tracks.position).map((a) =>
      toPublicAward(
        { ...a, publishedAt: a.publishedAt! },
        winners.filter((w) => w.awardId === a.id),
        tracks,
      ),
    );
  }
  return { describe, describeOne, trackNames, publicAwards };
}
export type AwardsView = ReturnType<typeof createAwardsView>;
