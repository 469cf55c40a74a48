import { errorCodes, type ImportError } from '@wuzhen/shared';
import { badRequest, conflict, createError } from '../../app/errors.ts';
import { inZone } from '../../app/zoned.ts';
import { describeImportErrors, describeMissing, type Missing } from './entries.fns.ts';

type Deadline = { name: string; timezone: string; submissionClosesAt: Date };

/** When submissions closed, in the competition's own time zone, as its teams read it. */
const closedOn = (competition: Deadline) => inZone(competition.submissionClosesAt, competition.timezone);

/** Every refusal of the entries module (teams, entries, members): its code, status and sentence, once. */
export const entriesErrors = {
  /**
   * The one deadline refusal, of entries, team details and files alike: the deadline in the
   * competition's own time zone, as the team saw it.
   */
  deadlinePassed: (competition: Deadline, what = 'Entries and their files') =>
    createError({
      code: errorCodes.entries.deadlinePassed,
      statusCode: 409,
      message: `Submissions to ${competition.name} closed on ${closedOn(competition)}. ${what} can no longer be changed.`,
      details: [{ path: 'submissionClosesAt', message: competition.submissionClosesAt.toISOString() }],
    }),
  unknownTrack: () =>
    badRequest(errorCodes.entries.unknownTrack, 'Choose one of the tracks of this competition.', [
      { path: 'trackId', message: 'This is not a track of this competition.' },
    ]),
  statusConflict: (status: string, change: { action: string; from: string[] }) =>
    conflict(
      errorCodes.entries.statusConflict,
      `This entry is ${status}; it can be ${change.action.replace('entry.', '')} only when it is ${change.from.join(' or ')}.`,
      [{ path: 'status', message: status }],
    ),
  registrationClosed: (competition: Deadline) =>
    conflict(
      errorCodes.teams.registrationClosed,
      `${competition.name} closed its submissions on ${closedOn(competition)}; new teams can no longer register.`,
    ),
  /** A change would leave a submitted entry without what a submission needs. */
  submittedIncomplete: (missing: Missing[]) =>
    conflict(
      errorCodes.entries.incomplete,
      'A submitted entry needs a title, a summary, a track and a deck. Fill them in, or withdraw the entry first.',
      describeMissing(missing),
    ),
  /** The team submits an entry that lacks what a submission needs. */
  incomplete: (missing: Missing[]) =>
    conflict(
      errorCodes.entries.incomplete,
      `This entry cannot be submitted yet. ${describeMissing(missing)
        .map((m) => m.message)
        .join(' ')}`,
      describeMissing(missing),
    ),
  disqualified: () =>
    conflict(
      errorCodes.entries.disqualified,
      'The organizers disqualified this entry; only they can reinstate it. Write to them if you think this is a mistake.',
    ),
  notSubmitted: (status: string) =>
    conflict(
      errorCodes.entries.notSubmitted,
      status === 'draft'
        ? 'Only a submitted entry can be withdrawn. This one is still a draft.'
        : 'The organizers disqualified this entry; it cannot be withdrawn.',
    ),
  badCursor: () =>
    badRequest(
      errorCodes.entries.badCursor,
      'That page cursor is not valid. Start again from the first page.',
      [{ path: 'querystring.cursor', message: 'Not a cursor this list gave out.' }],
    ),
  extensionTooEarly: (competition: { submissionClosesAt: Date }) =>
    badRequest(
      errorCodes.entries.extensionTooEarly,
      'Choose an extension later than both now and the competition deadline; an earlier one gives no extra time.',
      [{ path: 'until', message: competition.submissionClosesAt.toISOString() }],
    ),
  extensionTooLate: () =>
    badRequest(errorCodes.entries.extensionTooLate, 'Extend a deadline by at most a year.', [
      { path: 'until', message: 'At most a year from now.' },
    ]),
  importInvalid: (errors: ImportError[]) =>
    badRequest(
      errorCodes.entries.importInvalid,
      describeImportErrors(errors),
      errors.slice(0, 5000) satisfies ImportError[],
    ),

  // Team members
  memberIsOwner: (email: string) =>
    conflict(errorCodes.teams.memberIsOwner, `${email} is the address of the team's owner already.`, [
      { path: 'email', message: 'The owner is on the team already.' },
    ]),
  alreadyMember: (email: string, team: { name: string }) =>
    conflict(errorCodes.teams.alreadyMember, `${email} is a member of ${team.name} already.`, [
      { path: 'email', message: 'Already a member.' },
    ]),
  /** The signed-in account opens an invitation to a team it works on already. */
  onTeamAlready: (role: 'owner' | 'member', team: { name: string }) =>
    conflict(
      errorCodes.teams.alreadyMember,
      `You are ${role === 'owner' ? 'the owner' : 'a member'} of ${team.name} already.`,
    ),
  invitationUnknown: () =>
    createError({
      code: errorCodes.teams.invitationNotFound,
      statusCode: 404,
      message:
        "This team invitation link is not valid: it may be mistyped, replaced by a newer link, or withdrawn by the team's owner. Ask the owner to send it again.",
    }),
  invitationUsed: (teamName: string) =>
    conflict(
      errorCodes.teams.invitationUsed,
      `This invitation to ${teamName} was accepted already; a link works once. If you need access, ask the team's owner for a new invitation.`,
    ),
  invitationExpired: (teamName: string, expiresAt: Date, timezone: string) =>
    conflict(
      errorCodes.teams.invitationExpired,
      `This invitation to ${teamName} expired on ${inZone(expiresAt, timezone)}. Ask the team's owner to send a new one.`,
    ),
  invitationOtherAccount: (invited: string, signedIn: string) =>
    createError({
      code: errorCodes.teams.invitationOtherAccount,
      statusCode: 403,
      message: `This invitation was sent to ${invited}, and you are signed in as ${signedIn}. Sign out, then sign in or register as ${invited} to accept it.`,
    }),
  emailUnverified: (email: string) =>
    createError({
      code: errorCodes.teams.emailUnverified,
      statusCode: 403,
      message: `Confirm ${email} first: open the confirmation link we mailed to it, or ask for a new one on your profile page. Confirming the address also accepts this invitation.`,
    }),
  memberIsJudge: (competitionName: string) =>
    conflict(
      errorCodes.teams.memberIsJudge,
      `You are a judge of ${competitionName}, so you cannot also work on one of its teams. If that is a mistake, ask the organizer to remove you as a judge first.`,
    ),
};
