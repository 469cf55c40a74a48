import { errorCodes } from '@wuzhen/shared';
import { badRequest, conflict } from '../../app/errors.ts';

/** Every refusal of the advancement module: its code, status and sentence, once. */
export const advancementErrors = {
  badTarget: (from: { name: string }) =>
    conflict(
      errorCodes.advancement.badTarget,
      `Entries can only advance to a later round of the same competition than ${from.name}. Choose the next round.`,
      [{ path: 'toRoundId', message: 'Not a later round of this competition.' }],
    ),
  noTally: (from: { name: string }) =>
    conflict(
      errorCodes.advancement.noTally,
      `Run the tally of ${from.name} before advancing entries from it.`,
    ),
  unknownEntry: (from: { name: string }, input: { entryIds: string[] }, unknown: string[]) =>
    badRequest(
      errorCodes.advancement.unknownEntry,
      `Not an entry of ${from.name}'s tally: ${[...new Set(unknown)].join(', ')}. Choose entries from the results.`,
      unknown.map((id) => ({
        path: input.entryIds.includes(id) ? 'entryIds' : 'excludeEntryIds',
        message: `${id} is not in the tally.`,
      })),
    ),
  addedAndExcluded: (both: string[]) =>
    badRequest(
      errorCodes.advancement.addedAndExcluded,
      `An entry cannot be both added and excluded: ${both.join(', ')}.`,
      [{ path: 'entryIds', message: 'Also in excludeEntryIds.' }],
    ),
};
