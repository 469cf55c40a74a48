import { errorCodes } from '@wuzhen/shared';
import { badRequest, conflict } from '../../app/errors.ts';

/** How the refusal below names a round's fields. */
const fieldNames: Record<string, string> = {
  kind: 'kind',
  reviewsPerEntry: 'reviews per entry',
  conflictPolicy: 'conflict policy',
  criteria: 'rubric keys, weights and scales',
};

/** Every refusal of the competitions module (competitions, tracks, rounds): its code, status and sentence, once. */
export const competitionsErrors = {
  reviewsStarted: (roundName: string, unsafe: string[]) =>
    conflict(
      errorCodes.rounds.reviewsStarted,
      `Judges have started reviewing in ${roundName}, so its ${unsafe.map((f) => fieldNames[f]).join(', ')} can no longer change. You can still rename it, change its closing time, judge capacity and normalization, and reword its criteria.`,
      unsafe.map((path) => ({ path, message: 'Locked since reviews started.' })),
    ),
  slugTaken: (slug: string) =>
    conflict(errorCodes.competitions.slugTaken, `The slug "${slug}" is taken. Choose another one.`, [
      { path: 'slug', message: 'This slug is taken.' },
    ]),
  trackCodeTaken: (code: string) =>
    conflict(
      errorCodes.tracks.codeTaken,
      `A track with the code ${code} exists already. Choose another code.`,
      [{ path: 'code', message: 'This code is taken.' }],
    ),
  trackNameTaken: (name: string) =>
    conflict(errorCodes.tracks.nameTaken, `A track named "${name}" exists already.`, [
      { path: 'name', message: 'This name is taken.' },
    ]),
  unknownUser: (email: string) =>
    badRequest(errorCodes.competitions.unknownUser, `No account uses ${email}. Ask them to register first.`, [
      { path: 'email', message: 'No account uses this email.' },
    ]),
  unverifiedUser: (email: string) =>
    badRequest(
      errorCodes.competitions.unverifiedUser,
      `The account of ${email} has not confirmed its address yet. Ask them to open the confirmation link we mailed them (or send a new one from their profile page), then add them again.`,
      [{ path: 'email', message: 'This address is not confirmed yet.' }],
    ),
  trackNotEmpty: (track: { name: string }, usage: { entries: number; awards: number }) => {
    const what = [
      usage.entries > 0 ? `${usage.entries} ${usage.entries === 1 ? 'entry' : 'entries'}` : null,
      usage.awards > 0 ? `${usage.awards} ${usage.awards === 1 ? 'award' : 'awards'}` : null,
    ]
      .filter(Boolean)
      .join(' and ');
    return conflict(
      errorCodes.tracks.notEmpty,
      `The track "${track.name}" still has ${what}. Only an empty track can be removed: move them to another track first.`,
      { entries: usage.entries, awards: usage.awards },
    );
  },
  trackOrderIncomplete: (trackCount: number) =>
    badRequest(
      errorCodes.tracks.orderIncomplete,
      `List each of the competition's ${trackCount} tracks exactly once, in their new order.`,
      [{ path: 'trackIds', message: 'Name every track once.' }],
    ),
  lastOrganizer: () =>
    conflict(
      errorCodes.competitions.lastOrganizer,
      'A competition needs at least one organizer. Add another organizer before removing this one.',
    ),
};
