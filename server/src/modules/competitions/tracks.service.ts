import type { Db } from '../../app/db.ts';
import type { Actor } from '../../app/request-context.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { AwardsRepository } from '../awards/awards.repository.ts';
import type { EntriesRepository } from '../entries/entries.repository.ts';
import type { JudgesRepository } from '../judges/judges.repository.ts';
import { competitionsErrors } from './competitions.errors.ts';
import type { CompetitionsRepository, TrackRow } from './competitions.repository.ts';

export const toTrack = (t: TrackRow) => ({
  id: t.id,
  competitionId: t.competitionId,
  name: t.name,
  nameZh: t.nameZh,
  code: t.code,
  position: t.position,
});

/** A short code from a track's name: its initials ("Artificial Intelligence" → AI), or the word itself. */
const trackCode = (name: string, taken: Set<string>) => {
  const words = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9 ]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  const base =
    (words.length > 1 ? words.map((w) => w[0]).join('') : (words[0] ?? '').slice(0, 8)).toUpperCase() ||
    'TRACK';
  let code = base;
  for (let n = 2; taken.has(code); n++) code = `${base}${n}`;
  return code;
};

/** What points at tracks, asked of the modules that own it. */
export type TrackUsers = {
  entries: Pick<EntriesRepository, 'countInTrack'>;
  awards: Pick<AwardsRepository, 'countInTrack' | 'removeEligibleTrack'>;
  judges: Pick<JudgesRepository, 'removeExpertise'>;
};

/** A competition's tracks: added, renamed, reordered, and removed while nothing uses them. */
export function createTracksService({
  db,
  competitions,
  entries,
  awards,
  judges,
  audit,
}: TrackUsers & {
  db: Db;
  competitions: CompetitionsRepository;
  audit: Pick<AuditService, 'record'>;
}) {
  return {
    async addTrack(
      actor: Actor,
      competitionId: string,
      input: { name: string; nameZh: string; code?: string },
      requestId: string,
    ) {
      const existing = await competitions.tracksOf([competitionId]);
      const code = input.code?.toUpperCase() ?? trackCode(input.name, new Set(existing.map((t) => t.code)));
      if (existing.some((t) => t.code === code)) {
        throw competitionsErrors.trackCodeTaken(code);
      }
      if (existing.some((t) => t.name.toLowerCase() === input.name.toLowerCase())) {
        throw competitionsErrors.trackNameTaken(input.name);
      }
      return db.transaction(async (tx) => {
        const track = await competitions.insertTrack(
          { competitionId, name: input.name, nameZh: input.nameZh, code },
          tx,
        );
        await audit.record(tx, {
          competitionId,
          actorId: actor.id,
          action: 'track.created',
          entityType: 'track',
          entityId: track.id,
          after: track,
          requestId,
        });
        return toTrack(track);
      });
    },

    async renameTrack(
      actor: Actor,
      before: TrackRow,
      patch: { name?: string; nameZh?: string; code?: string },
      requestId: string,
    ) {
      const others = (await competitions.tracksOf([before.competitionId])).filter((t) => t.id !== before.id);
      const code = patch.code?.toUpperCase();
      if (code && others.some((t) => t.code === code)) {
        throw competitionsErrors.trackCodeTaken(code);
      }
      if (patch.name && others.some((t) => t.name.toLowerCase() === patch.name?.toLowerCase())) {
        throw competitionsErrors.trackNameTaken(patch.name);
      }
      return db.transaction(async (tx) => {
        const row = await competitions.updateTrack(
          before.id,
          {
            ...(patch.name ? { name: patch.name } : {}),
            ...(patch.nameZh !== undefined ? { nameZh: patch.nameZh } : {}),
            ...(code ? { code } : {}),
          },
          tx,
        );
        await audit.record(tx, {
          competitionId: row.competitionId,
          actorId: actor.id,
          action: 'track.updated',
          entityType: 'track',
          entityId: row.id,
          before,
          after: row,
          requestId,
        });
        return toTrack(row);
      });
    },

    async removeTrack(actor: Actor, track: TrackRow, requestId: string) {
      await db.transaction(async (tx) => {
        // Locks the track so an entry moved into it meanwhile waits for this answer.
        await competitions.lockTrack(track.id, tx);
        // What still points at it: entries (any status) and awards given in it.
        const usage = {
          entries: await entries.countInTrack(track.id, tx),
          awards: await awards.countInTrack(track.id, tx),
        };
        if (usage.entries > 0 || usage.awards > 0) {
          throw competitionsErrors.trackNotEmpty(track, usage);
        }
        // Every mention of it goes with it: judges' expertise, awards' eligible tracks.
        await judges.removeExpertise(track.competitionId, track.id, tx);
        await awards.removeEligibleTrack(track.competitionId, track.id, tx);
        await competitions.deleteTrack(track.id, tx);
        const remaining = await competitions.tracksOf([track.competitionId], tx);
        await competitions.setTrackPositions(
          track.competitionId,
          remaining.map((t) => t.id),
          tx,
        );
        await audit.record(tx, {
          competitionId: track.competitionId,
          actorId: actor.id,
          action: 'track.removed',
          entityType: 'track',
          entityId: track.id,
          before: track,
          requestId,
        });
      });
    },

    async reorderTracks(actor: Actor, competitionId: string, trackIds: string[], requestId: string) {
      return db.transaction(async (tx) => {
        const before = await competitions.tracksOf([competitionId], tx);
        const known = new Set(before.map((t) => t.id));
        if (
          trackIds.length !== known.size ||
          new Set(trackIds).size !== trackIds.length ||
          !trackIds.every((id) => known.has(id))
        ) {
          throw competitionsErrors.trackOrderIncomplete(known.size);
        }
        await competitions.setTrackPositions(competitionId, trackIds, tx);
        const after = await competitions.tracksOf([competitionId], tx);
        await audit.record(tx, {
          competitionId,
          actorId: actor.id,
          action: 'track.reordered',
          entityType: 'competition',
          entityId: competitionId,
          before: { order: before.map((t) => t.code) },
          after: { order: after.map((t) => t.code) },
          requestId,
        });
        return after.map(toTrack);
      });
    },
  };
}
