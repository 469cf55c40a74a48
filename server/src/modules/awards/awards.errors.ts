import { type ErrorCode, errorCodes } from '@wuzhen/shared';
import { badRequest, conflict, createError } from '../../app/errors.ts';
import { inZone } from '../../app/zoned.ts';
import type { WinnerProblem } from './awards.fns.ts';

type Named = { name: string };
type Issue = { path: string; message: string };

/** The code of each problem winnerProblems (awards.fns.ts) finds. */
const winnerProblemCodes = {
  too_many_winners: errorCodes.awards.tooManyWinners,
  entry_withdrawn: errorCodes.awards.entryWithdrawn,
  entry_disqualified: errorCodes.awards.entryDisqualified,
  entry_not_submitted: errorCodes.awards.entryNotSubmitted,
  track_not_eligible: errorCodes.awards.trackNotEligible,
  second_ladder_prize: errorCodes.awards.secondLadderPrize,
} as const satisfies Record<WinnerProblem['code'], ErrorCode>;

/** Every refusal of the awards module (awards, winners, publication, exports): its code, status and sentence, once. */
export const awardsErrors = {
  unknownTrack: (problems: Issue[]) =>
    badRequest(
      errorCodes.awards.unknownTrack,
      'An award names a track this competition does not have. Pick one of its tracks.',
      problems,
    ),
  nameTaken: (taken: Named) =>
    conflict(
      errorCodes.awards.nameTaken,
      `An award named “${taken.name}” exists already. Give this one another name.`,
      [{ path: 'name', message: 'This name is taken.' }],
    ),
  published: (award: Named, publishedAt: Date, timezone: string) =>
    conflict(
      errorCodes.awards.published,
      `${award.name} was published on ${inZone(publishedAt, timezone)} and is public: it can no longer be changed.`,
    ),
  levelOnSpecial: () =>
    badRequest(
      errorCodes.awards.levelOnSpecial,
      'A special award has no level on the ladder; leave level out.',
      [{ path: 'level', message: 'Special awards have no level.' }],
    ),
  trackOnSpecial: () =>
    badRequest(
      errorCodes.awards.trackOnSpecial,
      'A special award names its eligible tracks in eligibleTrackIds, not trackId.',
      [{ path: 'trackId', message: 'Use eligibleTrackIds for a special award.' }],
    ),
  eligibleOnPrize: () =>
    badRequest(
      errorCodes.awards.eligibleOnPrize,
      'A prize is for one track (trackId) or overall; eligible tracks are for special awards.',
      [{ path: 'eligibleTrackIds', message: 'Use trackId for a prize.' }],
    ),
  slotsBelowWinners: (before: Named, winners: unknown[], rule: { slots: number }) =>
    conflict(
      errorCodes.awards.slotsBelowWinners,
      `${before.name} has ${winners.length} winners already; remove winners before cutting it to ${rule.slots} slot${rule.slots === 1 ? '' : 's'}.`,
      [{ path: 'slots', message: `At least ${winners.length}.` }],
    ),
  winnersOutOfTracks: (before: Named, outOfScope: Array<{ title: string; track: string | null }>) =>
    conflict(
      errorCodes.awards.trackNotEligible,
      `“${outOfScope[0]!.title}” is a winner of ${before.name} and would no longer be eligible in the new tracks. Change the winners first.`,
      outOfScope.map((w) => ({
        path: 'trackId',
        message: `“${w.title}” (${w.track ?? 'no track'}) would no longer be eligible.`,
      })),
    ),
  noFinalRound: () =>
    conflict(
      errorCodes.awards.noFinalRound,
      'This competition has no rounds yet, so there is no tally to suggest winners from. Add its rounds first.',
    ),
  noTallyToSuggest: (round: Named) =>
    conflict(
      errorCodes.awards.noTally,
      `The final round, “${round.name}”, has not been tallied yet. Run its tally (in the round's Results), then come back for suggestions; you can still name winners by hand.`,
    ),
  entryNotFound: (missing: Array<{ i: number }>) =>
    createError({
      code: errorCodes.awards.entryNotFound,
      statusCode: 404,
      message: `${missing.length === 1 ? 'An entry' : `${missing.length} entries`} named as winner${missing.length === 1 ? ' was' : 's were'} not found in this competition. Pick entries of this competition.`,
      details: missing.map((m) => ({
        path: `winners.${m.i}.entryId`,
        message: 'Not an entry of this competition.',
      })),
    }),
  notAWinner: (award: Named, strangers: Array<{ i: number }>) =>
    createError({
      code: errorCodes.awards.notAWinner,
      statusCode: 404,
      message: `${strangers.length === 1 ? 'An entry' : `${strangers.length} entries`} named here ${strangers.length === 1 ? 'is' : 'are'} not a winner of ${award.name}. Correct citations of its winners only; choose winners first.`,
      details: strangers.map((w) => ({
        path: `${w.i}.entryId`,
        message: 'Not a winner of this award.',
      })),
    }),
  noTallyToExport: () =>
    conflict(
      errorCodes.awards.noTally,
      'The final round has not been tallied yet, so there are no results to export. Run its tally first.',
    ),
  nothingToPublish: () =>
    conflict(
      errorCodes.awards.nothingToPublish,
      'No award has winners yet. Choose the winners of at least one award, then publish.',
    ),
  publicationRunning: () =>
    conflict(
      errorCodes.awards.publicationRunning,
      'The scheduled publication is running right now. Wait a moment and look again.',
    ),
  publishTimePast: (current: Date, timezone: string) =>
    badRequest(
      errorCodes.awards.publishTimePast,
      `That time has passed: it is now ${inZone(current, timezone)}. Choose a time in the future, or publish now.`,
      [{ path: 'at', message: 'Choose a time in the future.' }],
    ),
  noSchedule: () =>
    conflict(errorCodes.awards.noSchedule, 'No publication is scheduled for this competition.'),
  alreadyRevealed: (award: Named, publishedAt: Date, timezone: string) =>
    conflict(
      errorCodes.awards.alreadyPublished,
      `${award.name} was revealed already, on ${inZone(publishedAt, timezone)}. Reveal the next award.`,
    ),
  noWinners: (award: Named) =>
    conflict(
      errorCodes.awards.noWinners,
      `${award.name} has no winners yet. Choose its winners before revealing it.`,
    ),
  /** The winners break a rule of the award: the first problem said, every one in the details. */
  winnerProblems: (problems: WinnerProblem[]) => {
    const first = problems[0]!;
    const more =
      problems.length > 1
        ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})`
        : '';
    return conflict(winnerProblemCodes[first.code], `${first.message}${more}`, problems);
  },
};
