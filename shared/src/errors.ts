/**
 * Every error code the API answers with: the plumbing's first, then each feature's, as its
 * `<feature>.errors.ts` on the server throws them (with their status and sentence). Clients switch
 * on these, never on messages (which are written for people and may be translated or reworded).
 * A code thrown anywhere in server/src and missing here fails the typecheck (AppError takes an
 * ErrorCode) and server/src/app/error-codes.test.ts.
 */
export const errorCodes = {
  validation: 'request.invalid',
  notFound: 'request.not_found',
  duplicate: 'request.duplicate',
  uriTooLong: 'request.uri_too_long',
  unauthenticated: 'auth.unauthenticated',
  forbidden: 'auth.forbidden',
  crossSite: 'auth.cross_site_request',
  invalidCredentials: 'auth.invalid_credentials',
  emailTaken: 'auth.email_taken',
  rateLimited: 'request.rate_limited',
  payloadTooLarge: 'request.payload_too_large',
  unsupportedMediaType: 'request.unsupported_media_type',
  internal: 'server.internal',
  serviceUnavailable: 'server.unavailable',
  advancement: {
    addedAndExcluded: 'advancement.added_and_excluded',
    badTarget: 'advancement.bad_target',
    noTally: 'advancement.no_tally',
    unknownEntry: 'advancement.unknown_entry',
  },
  announcements: {
    serverBusy: 'announcements.server_busy',
    tooManyStreams: 'announcements.too_many_streams',
  },
  assignments: {
    alreadyRecused: 'assignments.already_recused',
    conflicted: 'assignments.conflicted',
    duplicate: 'assignments.duplicate',
    entryNotInRound: 'assignments.entry_not_in_round',
    overCapacity: 'assignments.over_capacity',
    reviewSubmitted: 'assignments.review_submitted',
  },
  auth: {
    alreadyVerified: 'auth.already_verified',
    invalidLink: 'auth.invalid_link',
    wrongPassword: 'auth.wrong_password',
  },
  awards: {
    alreadyPublished: 'awards.already_published',
    eligibleOnPrize: 'awards.eligible_on_prize',
    entryDisqualified: 'awards.entry_disqualified',
    entryNotFound: 'awards.entry_not_found',
    entryNotSubmitted: 'awards.entry_not_submitted',
    entryWithdrawn: 'awards.entry_withdrawn',
    levelOnSpecial: 'awards.level_on_special',
    nameTaken: 'awards.name_taken',
    noFinalRound: 'awards.no_final_round',
    noSchedule: 'awards.no_schedule',
    noTally: 'awards.no_tally',
    noWinners: 'awards.no_winners',
    notAWinner: 'awards.not_a_winner',
    nothingToPublish: 'awards.nothing_to_publish',
    publicationRunning: 'awards.publication_running',
    publishTimePast: 'awards.publish_time_past',
    published: 'awards.published',
    secondLadderPrize: 'awards.second_ladder_prize',
    slotsBelowWinners: 'awards.slots_below_winners',
    trackNotEligible: 'awards.track_not_eligible',
    tooManyWinners: 'awards.too_many_winners',
    trackOnSpecial: 'awards.track_on_special',
    unknownTrack: 'awards.unknown_track',
  },
  competitions: {
    lastOrganizer: 'competitions.last_organizer',
    slugTaken: 'competitions.slug_taken',
    unknownUser: 'competitions.unknown_user',
    unverifiedUser: 'competitions.unverified_user',
  },
  conflicts: {
    exists: 'conflicts.exists',
  },
  entries: {
    badCursor: 'entries.bad_cursor',
    deadlinePassed: 'entries.deadline_passed',
    disqualified: 'entries.disqualified',
    extensionTooEarly: 'entries.extension_too_early',
    extensionTooLate: 'entries.extension_too_late',
    importInvalid: 'entries.import_invalid',
    incomplete: 'entries.incomplete',
    notSubmitted: 'entries.not_submitted',
    statusConflict: 'entries.status_conflict',
    unknownTrack: 'entries.unknown_track',
  },
  files: {
    lastDeck: 'files.last_deck',
    rangeNotSatisfiable: 'files.range_not_satisfiable',
  },
  invitations: {
    wrongPassword: 'invitations.wrong_password',
    onTeam: 'invitations.on_team',
  },
  judges: {
    exists: 'judges.exists',
    importInvalid: 'judges.import_invalid',
    invitationAccepted: 'judges.invitation_accepted',
    reviewsUnderWay: 'judges.reviews_under_way',
    unknownTrack: 'judges.unknown_track',
  },
  live: {
    entryNotInRound: 'live.entry_not_in_round',
    lastPitch: 'live.last_pitch',
    noEntries: 'live.no_entries',
    noEntry: 'live.no_entry',
    notLiveRound: 'live.not_live_round',
    pitchNotStarted: 'live.pitch_not_started',
    scoringClosed: 'live.scoring_closed',
    unknownJudge: 'live.unknown_judge',
    unknownTrack: 'live.unknown_track',
  },
  reviews: {
    alreadySubmitted: 'reviews.already_submitted',
    entryWithdrawn: 'reviews.entry_withdrawn',
    incomplete: 'reviews.incomplete',
    liveRoundReminder: 'reviews.live_round_reminder',
    nobodyLate: 'reviews.nobody_late',
    recused: 'reviews.recused',
    remindedRecently: 'reviews.reminded_recently',
    resultsPublished: 'reviews.results_published',
    roundClosed: 'reviews.round_closed',
    scoreOutOfScale: 'reviews.score_out_of_scale',
    unknownCriterion: 'reviews.unknown_criterion',
    unknownJudge: 'reviews.unknown_judge',
  },
  rounds: {
    reviewsStarted: 'rounds.reviews_started',
  },
  tally: {
    noSnapshot: 'tally.no_snapshot',
  },
  teams: {
    alreadyMember: 'teams.already_member',
    emailUnverified: 'teams.email_unverified',
    invitationExpired: 'teams.invitation_expired',
    invitationNotFound: 'teams.invitation_not_found',
    invitationOtherAccount: 'teams.invitation_other_account',
    invitationUsed: 'teams.invitation_used',
    memberIsJudge: 'teams.member_is_judge',
    memberIsOwner: 'teams.member_is_owner',
    registrationClosed: 'teams.registration_closed',
  },
  tracks: {
    codeTaken: 'tracks.code_taken',
    nameTaken: 'tracks.name_taken',
    notEmpty: 'tracks.not_empty',
    orderIncomplete: 'tracks.order_incomplete',
  },
  uploads: {
    empty: 'uploads.empty',
    incomplete: 'uploads.incomplete',
    kindMissing: 'uploads.kind_missing',
    malformed: 'uploads.malformed',
    noFile: 'uploads.no_file',
    notMultipart: 'uploads.not_multipart',
    oneFile: 'uploads.one_file',
    tooLarge: 'uploads.too_large',
    tooMany: 'uploads.too_many',
    unexpectedFile: 'uploads.unexpected_file',
    unknownKind: 'uploads.unknown_kind',
    wrongType: 'uploads.wrong_type',
  },
} as const;

type Leaves<T> = T extends string ? T : { [K in keyof T]: Leaves<T[K]> }[keyof T];

/**
 * One of the codes above, or Fastify's own refusal of a request for a status with no code of its
 * own (`request.http_405`…).
 */
export type ErrorCode = Leaves<typeof errorCodes> | `request.http_${number}`;

const leaves = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : Object.values(value as object).flatMap(leaves);

/** Every code of errorCodes, as a list. */
export const allErrorCodes: readonly ErrorCode[] = leaves(errorCodes) as ErrorCode[];
