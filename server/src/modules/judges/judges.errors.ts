import { errorCodes } from '@wuzhen/shared';
import { badRequest, conflict } from '../../app/errors.ts';

type Issue = { path: string; row?: number; message: string };

/** The sentence for an address already judging here: the refusal's, and an import row's. */
export const alreadyJudge = (email: string) =>
  `${email} is already a judge of this competition. Edit that judge instead, or use another email.`;

/** Every refusal of the judges module (judges, invitations, conflicts): its code, status and sentence, once. */
export const judgesErrors = {
  unknownTrack: (issues: Issue[]) => badRequest(errorCodes.judges.unknownTrack, issues[0]!.message, issues),
  exists: (email: string) =>
    conflict(errorCodes.judges.exists, alreadyJudge(email), [
      { path: 'email', message: 'Already a judge here.' },
    ]),
  importInvalid: (issues: Issue[]) =>
    badRequest(
      errorCodes.judges.importInvalid,
      `Nothing was imported: ${issues.length} problem${issues.length > 1 ? 's' : ''} in the list. Row ${issues[0]!.row}: ${issues[0]!.message}`,
      issues,
    ),
  reviewsUnderWay: (judge: { name: string }, underWay: number) =>
    conflict(
      errorCodes.judges.reviewsUnderWay,
      `${judge.name} has ${underWay} review${underWay > 1 ? 's' : ''} started or submitted. Remove those assignments first (their reviews go with them), then remove the judge.`,
    ),
  invitationAccepted: (judge: { name: string }) =>
    conflict(
      errorCodes.judges.invitationAccepted,
      `${judge.name} has accepted the invitation already and signs in with their own password.`,
    ),
  wrongInvitationPassword: (judge: { email: string }) =>
    badRequest(
      errorCodes.invitations.wrongPassword,
      `${judge.email} already has an account. Enter that account's password to accept the invitation; if you do not know it, reset it from the sign-in page (the link goes to this address).`,
      [{ path: 'password', message: 'This is not the password of the existing account.' }],
    ),
  onTeam: (competitionName: string) =>
    conflict(
      errorCodes.invitations.onTeam,
      `You work on a team in ${competitionName}, so you cannot also judge it. If that is a mistake, leave the team first (or ask its owner to remove you), then open this link again.`,
    ),
  conflictExists: () => conflict(errorCodes.conflicts.exists, 'This conflict is already on record.'),
};
