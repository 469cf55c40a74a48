import type { Redis } from 'ioredis';
import { createAdvancementRepository } from '../modules/advancement/advancement.repository.ts';
import { createAdvancementService } from '../modules/advancement/advancement.service.ts';
import { notifyAnnouncement } from '../modules/announcements/announcements.hub.ts';
import { createAnnouncementsRepository } from '../modules/announcements/announcements.repository.ts';
import { createAssignmentRuns } from '../modules/assignment/assignment.jobs.ts';
import { createAssignmentRepository } from '../modules/assignment/assignment.repository.ts';
import { createAssignmentService } from '../modules/assignment/assignment.service.ts';
import { createAuditRepository } from '../modules/audit/audit.repository.ts';
import { createAuditService } from '../modules/audit/audit.service.ts';
import { createAwardsExportsService } from '../modules/awards/awards.exports.service.ts';
import { createPublicationService } from '../modules/awards/awards.publication.service.ts';
import { createAwardsRepository } from '../modules/awards/awards.repository.ts';
import { createAwardsResultsService } from '../modules/awards/awards.results.service.ts';
import { createAwardsService } from '../modules/awards/awards.service.ts';
import { createAwardsView } from '../modules/awards/awards.view.ts';
import { createCompetitionsRepository } from '../modules/competitions/competitions.repository.ts';
import { createCompetitionsService } from '../modules/competitions/competitions.service.ts';
import { createRoundEntriesRepository } from '../modules/competitions/round-entries.repository.ts';
import { createEntriesRepository } from '../modules/entries/entries.repository.ts';
import { createEntriesService } from '../modules/entries/entries.service.ts';
import { createTeamMembersRepository } from '../modules/entries/team-members.repository.ts';
import { createTeamMembersService } from '../modules/entries/team-members.service.ts';
import { createConflictsService } from '../modules/judges/conflicts.service.ts';
import { createInvitationsService } from '../modules/judges/invitations.service.ts';
import { createJudgesRepository } from '../modules/judges/judges.repository.ts';
import { createJudgesService } from '../modules/judges/judges.service.ts';
import { enqueueMail } from '../modules/mail/mail.jobs.ts';
import { createMailRepository } from '../modules/mail/mail.repository.ts';
import { createMailDelivery, createOutbox, type MailTransport } from '../modules/mail/mail.service.ts';
import { createSmtpTransport } from '../modules/mail/mail.transport.ts';
import { createTeamNotices } from '../modules/mail/team-notices.ts';
import { createLiveService } from '../modules/reviews/live.service.ts';
import { createRemindersService } from '../modules/reviews/reminders.service.ts';
import { createReviewsRepository } from '../modules/reviews/reviews.repository.ts';
import { createReviewsService } from '../modules/reviews/reviews.service.ts';
import { createTallyRepository } from '../modules/tally/tally.repository.ts';
import { createTallyService } from '../modules/tally/tally.service.ts';
import { storageFromConfig } from '../modules/uploads/storage.config.ts';
import { uploadLimits } from '../modules/uploads/uploads.limits.ts';
import { createUploadsRepository } from '../modules/uploads/uploads.repository.ts';
import { createUploadsService } from '../modules/uploads/uploads.service.ts';
import { createPasswords } from '../modules/users/passwords.ts';
import { createUsersRepository } from '../modules/users/users.repository.ts';
import { createUsersService } from '../modules/users/users.service.ts';
import { createAccess } from './auth.ts';
import type { Config } from './config.ts';
import type { Db } from './db.ts';
import { mailOriginOf } from './origin.ts';
import type { Queues } from './queue.ts';

/** What every entry point has before any service exists: the plumbing. */
export type AppDeps = {
  config: Config;
  db: Db;
  /** A producer connection: publishes announcements, counts rate limits. */
  redis: Redis;
  queues: Queues;
  now: () => Date;
};

/**
 * THE composition root: every repository and service, built once, for the API (server.ts) and the
 * worker (processors.ts) alike. Repositories first, then services in the order they depend on each
 * other. Nothing here is optional: a service gets all it needs or the build does not compile.
 * `mailTransport` replaces the SMTP transport built from SMTP_URL (tests); without either, mails
 * are kept in the outbox and never sent, and `mailDelivery` is null.
 */
export function createServices({
  config,
  db,
  redis,
  queues,
  now,
  mailTransport,
}: AppDeps & { mailTransport?: MailTransport }) {
  // Repositories: each module's one door to its tables.
  const users = createUsersRepository({ db });
  const auditLog = createAuditRepository({ db });
  const competitions = createCompetitionsRepository({ db });
  const roundEntries = createRoundEntriesRepository({ db });
  const entries = createEntriesRepository({ db });
  const uploads = createUploadsRepository({ db });
  const teamMembers = createTeamMembersRepository({ db });
  const judges = createJudgesRepository({ db });
  const assignments = createAssignmentRepository({ db });
  const reviews = createReviewsRepository({ db });
  const tally = createTallyRepository({ db });
  const advancements = createAdvancementRepository({ db, competitions, roundEntries });
  const awards = createAwardsRepository({ db });
  const announcements = createAnnouncementsRepository({ db });
  const mails = createMailRepository({ db });

  // Every state change's record, written in the change's transaction.
  const audit = createAuditService({ log: auditLog, users });

  // Accounts and mail.
  const passwords = createPasswords({ concurrency: config.PASSWORD_HASH_CONCURRENCY });
  const enqueue = enqueueMail(queues, config);
  const outbox = createOutbox({ mails, delivering: config.SMTP_URL !== undefined, enqueue });
  // The team's mails (receipt, withdrawal, advancement, results), written in their cause's transaction.
  const teamNotices = createTeamNotices({ outbox, entries, users });
  const transport =
    mailTransport ??
    (config.SMTP_URL ? createSmtpTransport({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM }) : null);
  const mailDelivery = transport
    ? createMailDelivery({
        mails,
        transport,
        maxAttempts: config.MAIL_MAX_ATTEMPTS,
        retryDelayMs: config.MAIL_RETRY_DELAY_MS,
        now,
      })
    : null;
  const usersService = createUsersService({
    db,
    users,
    competitions,
    teamMembers,
    judges,
    audit,
    outbox,
    passwords,
    sessionSecret: config.SESSION_SECRET,
    sessionTtlHours: config.SESSION_TTL_HOURS,
    now,
  });

  // Who may do what: one conflicts service, asked by the access module, review saves and the tally.
  const conflicts = createConflictsService({ db, judges, entries, assignments, competitions, audit });
  const access = createAccess({
    competitions,
    teamMembers,
    conflicts,
    judgeAssignmentsOn: assignments.judgeAssignmentsOn,
  });
  const competitionsService = createCompetitionsService({
    db,
    competitions,
    reviews,
    users,
    trackUsers: { entries, awards, judges },
    audit,
  });

  // Submissions.
  const entriesService = createEntriesService({
    db,
    entries,
    uploads,
    competitions,
    access,
    audit,
    now,
    teamNotices,
    outbox,
  });
  const teamMembersService = createTeamMembersService({
    db,
    members: teamMembers,
    competitions,
    users,
    access,
    audit,
    outbox,
    now,
  });
  const storage = storageFromConfig(config);
  const uploadsService = createUploadsService({
    db,
    entries,
    uploads,
    entriesService,
    storage,
    limits: uploadLimits(config),
    audit,
  });

  // Judges and the assignment.
  const judgesService = createJudgesService({
    db,
    judges,
    users,
    competitions,
    assignments,
    audit,
    outbox,
    now,
  });
  const invitationsService = createInvitationsService({
    db,
    judges,
    users,
    competitions,
    access,
    audit,
    passwords,
    now,
  });
  const assignmentRuns = createAssignmentRuns(queues);
  const assignmentService = createAssignmentService({
    db,
    repo: assignments,
    roundEntries,
    competitions,
    judges,
    conflictsService: conflicts,
    uploads,
    reviews,
    audit,
    queues,
    runs: assignmentRuns,
    now,
  });

  // Reviews, the tally and advancement.
  const reviewsService = createReviewsService({
    db,
    reviews,
    assignments,
    judges,
    entries,
    competitions,
    conflicts,
    audit,
    roundEntries,
    now,
  });
  const remindersService = createRemindersService({
    db,
    reviews,
    judges,
    users,
    competitions,
    audit,
    outbox,
    now,
  });
  const liveService = createLiveService({
    db,
    reviews,
    conflicts,
    competitions,
    roundEntries,
    judges,
    assignments,
    audit,
    now,
  });
  const tallyService = createTallyService({
    db,
    tally,
    reviews,
    conflicts,
    competitions,
    roundEntries,
    entries,
    judges,
    audit,
    queues,
  });
  const advancementService = createAdvancementService({
    db,
    advancements,
    tallyService,
    competitions,
    roundEntries,
    audit,
    now,
    teamNotices,
    outbox,
  });

  // Awards: winners, publication, what teams and the public read, exports.
  const awardsView = createAwardsView({ db, awards, competitions });
  const awardsService = createAwardsService({
    db,
    awards,
    view: awardsView,
    competitions,
    roundEntries,
    tally,
    audit,
    now,
  });
  const publicationService = createPublicationService({
    db,
    awards,
    view: awardsView,
    announcements,
    competitions,
    audit,
    queues,
    now,
    // Tells every API process (after commit) that the competition has a new announcement.
    notify: (competitionId) => notifyAnnouncement(redis, config.QUEUE_PREFIX, competitionId),
    teamNotices,
    outbox,
    // Links in mails no request causes (a scheduled publication in the worker).
    mailOrigin: mailOriginOf(config),
  });
  const awardsResultsService = createAwardsResultsService({
    db,
    awards,
    competitions,
    reviews,
    teamMembers,
    advancements,
    publication: publicationService,
    audit,
    now,
  });
  const awardsExportsService = createAwardsExportsService({
    awards,
    view: awardsView,
    competitions,
    tally,
  });

  return {
    audit,
    users,
    competitions,
    entries,
    judges,
    assignments,
    awards,
    announcements,
    passwords,
    outbox,
    teamNotices,
    enqueueMail: enqueue,
    mailDelivery,
    usersService,
    conflicts,
    access,
    competitionsService,
    entriesService,
    teamMembersService,
    storage,
    uploadsService,
    judgesService,
    invitationsService,
    assignmentRuns,
    assignmentService,
    reviewsService,
    remindersService,
    liveService,
    tallyService,
    advancementService,
    awardsService,
    publicationService,
    awardsResultsService,
    awardsExportsService,
  };
}
export type Services = ReturnType<typeof createServices>;
