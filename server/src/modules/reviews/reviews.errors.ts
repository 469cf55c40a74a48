import { errorCodes } from '@wuzhen/shared';
import { badRequest, conflict, createError } from '../../app/errors.ts';
import { inZone } from '../../app/zoned.ts';

type Scale = { label: string; key: string; min: number; max: number };
type Skipped = { name: string; reason: 'reminded_recently' | 'nothing_left'; nextReminderAt: string | null };

const describeScale = (c: Scale) => `${c.label} (${c.key}) takes a whole number from ${c.min} to ${c.max}`;

/** Every refusal of the reviews module (reviews, live scoring, reminders): its code, status and sentence, once. */
export const reviewsErrors = {
  roundClosed: (round: { closesAt: Date | null }, timezone: string) =>
    conflict(
      errorCodes.reviews.roundClosed,
      `The round closed on ${round.closesAt ? inZone(round.closesAt, timezone) : 'its closing date'}; reviews can no longer be changed.`,
    ),
  unknownCriterion: (unknown: string[], known: string) =>
    badRequest(
      errorCodes.reviews.unknownCriterion,
      `This round's rubric has no criterion "${unknown[0]}"${
        unknown.length > 1
          ? ` (nor ${unknown
              .slice(1)
              .map((k) => `"${k}"`)
              .join(', ')})`
          : ''
      }. Score only its criteria: ${known}.`,
      unknown.map((k) => ({
        path: `scores.${k}`,
        message: `Not a criterion of this round. Use one of: ${known}.`,
      })),
    ),
  scoreOutOfScale: (offScale: Scale[], scores: Record<string, number>, first = offScale[0]!) =>
    badRequest(
      errorCodes.reviews.scoreOutOfScale,
      `${describeScale(first)}; ${scores[first.key]} is not on that scale.`,
      offScale.map((c) => ({ path: `scores.${c.key}`, message: `${describeScale(c)}.` })),
    ),
  incomplete: (missing: Scale[]) =>
    badRequest(
      errorCodes.reviews.incomplete,
      `Score every criterion before you submit: ${missing.map((c) => c.label).join(', ')} ${missing.length === 1 ? 'is' : 'are'} still empty. You can save a draft meanwhile.`,
      missing.map((c) => ({ path: `scores.${c.key}`, message: `Give a score from ${c.min} to ${c.max}.` })),
    ),
  resultsPublished: () =>
    conflict(
      errorCodes.reviews.resultsPublished,
      'The results of this competition are published; scores can no longer be changed.',
    ),
  pitchNotStarted: () =>
    conflict(
      errorCodes.live.pitchNotStarted,
      "This entry's pitch has not started yet. Scoring opens when the organizer starts its pitch.",
    ),
  scoringClosed: () =>
    conflict(
      errorCodes.live.scoringClosed,
      'The organizer has closed scoring for this pitch; scores can no longer be given or changed.',
    ),
  entryWithdrawn: () =>
    conflict(
      errorCodes.reviews.entryWithdrawn,
      'This entry was withdrawn or disqualified; it no longer needs a review.',
    ),
  recused: () =>
    conflict(
      errorCodes.reviews.recused,
      'You recused yourself from this entry, so it can no longer be reviewed by you.',
    ),
  alreadySubmitted: () =>
    conflict(
      errorCodes.reviews.alreadySubmitted,
      'This review is submitted. To change it, submit it again with every criterion scored; it cannot go back to a draft.',
    ),
  notLiveRound: (round: { name: string }) =>
    createError({
      code: errorCodes.live.notLiveRound,
      statusCode: 409,
      message: `${round.name} is a review round; live scoring is for live rounds only.`,
    }),
  entryNotInLineup: () =>
    badRequest(
      errorCodes.live.entryNotInRound,
      'That entry is not in this round. Choose one from the line-up.',
      [{ path: 'entryId', message: 'Not an entry of this round.' }],
    ),
  noPitchEntry: () =>
    badRequest(errorCodes.live.noEntry, 'Choose the entry that pitches before you start the timer.', [
      { path: 'entryId', message: 'Choose an entry.' },
    ]),
  lastPitch: (lineup: unknown[]) =>
    conflict(
      errorCodes.live.lastPitch,
      lineup.length === 0
        ? 'This round has no entries yet: advance entries into it first.'
        : 'That was the last pitch of the round.',
    ),
  noScoringEntry: () =>
    badRequest(errorCodes.live.noEntry, 'Choose the entry whose scoring you mean.', [
      { path: 'entryId', message: 'Choose an entry.' },
    ]),
  unknownPanelJudge: (missing: string[]) =>
    badRequest(
      errorCodes.live.unknownJudge,
      `Not a judge of this competition: ${missing.join(', ')}. Invite them as judges first.`,
      missing.map((id) => ({ path: 'judgeIds', message: `${id} is not a judge of this competition.` })),
    ),
  unknownTrack: () =>
    badRequest(errorCodes.live.unknownTrack, 'That track is not a track of this competition.', [
      { path: 'trackId', message: 'Unknown track.' },
    ]),
  noEntries: () =>
    conflict(
      errorCodes.live.noEntries,
      'This round has no entries yet (in that track): advance entries into it first.',
    ),
  /** Live rounds are scored on the panel as each pitch happens: nobody is late with a review. */
  liveRoundReminder: (round: { name: string }) =>
    conflict(
      errorCodes.reviews.liveRoundReminder,
      `${round.name} is a live round: its judges score each pitch on the panel as it happens, so there are no reviews to remind them of. Reminders are for review rounds.`,
    ),
  nobodyLate: (round: { name: string }) =>
    conflict(
      errorCodes.reviews.nobodyLate,
      `Every judge of ${round.name} has submitted their reviews: there is nobody to remind.`,
    ),
  unknownJudge: (missing: string[]) =>
    badRequest(
      errorCodes.reviews.unknownJudge,
      `${missing.length === 1 ? 'One judge is' : `${missing.length} judges are`} not a judge of this competition: ${missing.join(', ')}. Choose judges from the progress list.`,
      missing.map((id) => ({ path: 'judgeIds', message: `${id} is not a judge of this competition.` })),
    ),
  remindedRecently: (round: { name: string }, timezone: string, skipped: Skipped[], first = skipped[0]) =>
    conflict(
      errorCodes.reviews.remindedRecently,
      skipped.length === 1 && first?.reason === 'reminded_recently'
        ? `${first.name} was reminded less than a day ago; a judge gets at most one reminder a day. You can remind them again after ${inZone(new Date(first.nextReminderAt!), timezone)}.`
        : skipped.length === 1
          ? `${first?.name} has no reviews left in ${round.name}: there is nothing to remind them of.`
          : `None of these judges can be reminded now: each was reminded less than a day ago (a judge gets at most one reminder a day) or has no reviews left in ${round.name}.`,
      skipped.map((s) => ({
        path: 'judgeIds',
        message:
          s.reason === 'reminded_recently'
            ? `${s.name}: reminded less than a day ago; again after ${inZone(new Date(s.nextReminderAt!), timezone)}.`
            : `${s.name}: no reviews left.`,
      })),
    ),
};
