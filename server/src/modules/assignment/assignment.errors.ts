import { errorCodes } from '@wuzhen/shared';
import { conflict } from '../../app/errors.ts';

type Named = { name: string };

/** Every refusal of the assignment module: its code, status and sentence, once. */
export const assignmentErrors = {
  entryNotInRound: (round: Named) =>
    conflict(
      errorCodes.assignments.entryNotInRound,
      `That entry does not take part in ${round.name}: only submitted entries of the round can be assigned.`,
    ),
  conflicted: (
    judge: Named,
    entry: { title: string },
    sources: Array<{ source: string; reason?: string | null }>,
  ) =>
    conflict(
      errorCodes.assignments.conflicted,
      `${judge.name} has a conflict with “${entry.title}”: ${sources.map((s) => s.reason || s.source).join(' ')}`,
      sources,
    ),
  duplicate: (judge: Named, entry: { title: string }) =>
    conflict(errorCodes.assignments.duplicate, `${judge.name} is already assigned to “${entry.title}”.`),
  overCapacity: (judge: Named, load: number, round: Named) =>
    conflict(
      errorCodes.assignments.overCapacity,
      `${judge.name} already has ${load} assignments in ${round.name}, their capacity. Raise the capacity or remove one first.`,
    ),
  /** The organizer removes an assignment whose review is in. */
  reviewSubmitted: () =>
    conflict(
      errorCodes.assignments.reviewSubmitted,
      'The judge has submitted this review. Removing the assignment deletes the review too; confirm with force=true if you mean it.',
    ),
  alreadyRecused: () =>
    conflict(errorCodes.assignments.alreadyRecused, 'You have already stepped aside from this entry.'),
  /** The judge steps aside from a review they submitted. */
  recuseSubmitted: () =>
    conflict(
      errorCodes.assignments.reviewSubmitted,
      'You have submitted this review already. Ask the organizers if you must withdraw it.',
    ),
};
