import type { Db } from '../../app/db.ts';
import { createAdvancementRepository } from '../advancement/advancement.repository.ts';
import { createAdvancementService } from '../advancement/advancement.service.ts';
import { createAssignmentRepository } from '../assignment/assignment.repository.ts';
import { createAssignmentService } from '../assignment/assignment.service.ts';
import { createAuditRepository } from '../audit/audit.repository.ts';
import { createAuditService } from '../audit/audit.service.ts';
import { createCompetitionsRepository } from '../competitions/competitions.repository.ts';
import { createRoundEntriesRepository } from '../competitions/round-entries.repository.ts';
import { createEntriesRepository } from '../entries/entries.repository.ts';
import { createConflictsService } from '../judges/conflicts.service.ts';
import { createJudgesRepository } from '../judges/judges.repository.ts';
import { createLiveService } from '../reviews/live.service.ts';
import { createReviewsRepository } from '../reviews/reviews.repository.ts';
import { reviewTotal } from '../tally/tally.fns.ts';
import { createTallyRepository } from '../tally/tally.repository.ts';
import { createTallyService } from '../tally/tally.service.ts';
import { createUploadsRepository } from '../uploads/uploads.repository.ts';
import { createUsersRepository } from '../users/users.repository.ts';
import { demoId } from './demo.seed.ts';

const day = 24 * 3600_000;
const hour = 3600_000;

/** How many entries of each track go to the final, and so the tally's advancement line. */
export const demoFinalistsPerTrack = 2;
/** The final's panel: the first seven demo judges (judge01 … judge07). */
export const demoPanelSize = 7;

/**
 * An entry's quality on the 1–10 scale, from its place in the demo (0–59): spread over 3.5–8.5,
 * the demo team's entry (0) among the strongest, and the two teams that share an organization
 * with a judge (3 and 17) in the lower half, so that no finalist conflicts with the panel.
 */
export function demoQuality(index: number) {
  if (index === 0) return 8.4;
  if (index === 3 || index === 17) return 4.2;
  return 3.5 + (((index * 37 + 11) % 60) / 59) * 5;
}
/** Judge 2 is harsh and judge 5 lenient, so the calibration has something to correct. */
const leaningOf = (judgeNumber: number) => (judgeNumber === 2 ? -1.5 : judgeNumber === 5 ? 1 : 0);
/** A small, fixed disagreement per judge, entry and criterion: −1, −0.5, 0, 0.5 or 1. */
const noiseOf = (judgeNumber: number, index: number, criterion: number) =>
  (((judgeNumber * 13 + index * 7 + criterion * 5) % 5) - 2) / 2;
const criterionLean = [0.5, 0, 0, -0.5];
const comments = [
  'A clear problem and a working prototype; the market plan needs numbers.',
  'Strong team and real pilots. Show the unit economics next time.',
  'The technology is convincing; the competition section is thin.',
  'An interesting idea, still early: paying customers would make the case.',
  'Well presented. The deck should say how the data is protected.',
];

/**
 * Plays the demo's online preliminary through the platform's own services, as an organizer and
 * twelve judges would have: submissions closed twelve days ago, the assignment job's solver, every
 * review submitted, the round closed and tallied (close calls at the advancement line), the top
 * two of each track advanced to the live final, and the final's panel seated. The final itself is
 * left to run. Deterministic: the same demo gives the same scores, snapshot hash and finalists.
 */
export async function playDemoPreliminary({
  db,
  competitionId,
  organizerId,
  now = new Date(),
}: {
  db: Db;
  competitionId: string;
  organizerId: string;
  now?: Date;
}) {
  const audit = createAuditService({
    log: createAuditRepository({ db }),
    users: createUsersRepository({ db }),
  });
  const competitionsRepo = createCompetitionsRepository({ db });
  const judgesRepo = createJudgesRepository({ db });
  const roundEntries = createRoundEntriesRepository({ db });
  const entriesRepo = createEntriesRepository({ db });
  const conflicts = createConflictsService({
    db,
    judges: judgesRepo,
    entries: entriesRepo,
    assignments: createAssignmentRepository({ db }),
    competitions: competitionsRepo,
    audit,
  });
  const reviewsRepo = createReviewsRepository({ db });
  const assignmentsRepo = createAssignmentRepository({ db });
  const tallyRepo = createTallyRepository({ db });
  const clock = () => now;
  const actor = { id: organizerId };
  // The seeder runs the assignment and the tally in this process, as their jobs would, on the
  // demo's clock; nothing here is queued, so the queue it is given refuses, saying why.
  const queues = {
    enqueue: () => Promise.reject(new Error('The demo seeder runs its jobs in-process; it queues nothing.')),
  };
  const noProgress = async () => {};

  const [preliminary, final] = await competitionsRepo.roundsOf(competitionId);
  if (!preliminary || !final) throw new Error('The demo competition has no preliminary and final.');

  // The calendar: submissions closed, then three weeks of online review that ended two days ago.
  await db.transaction(async (tx) => {
    await competitionsRepo.update(
      competitionId,
      { submissionClosesAt: new Date(now.getTime() - 12 * day) },
      tx,
    );
    await competitionsRepo.updateRound(preliminary.id, { closesAt: new Date(now.getTime() - 2 * day) }, tx);
    await competitionsRepo.updateRound(final.id, { closesAt: new Date(now.getTime() + 7 * day) }, tx);
  });

  const assignment = createAssignmentService({
    db,
    repo: assignmentsRepo,
    roundEntries,
    competitions: competitionsRepo,
    judges: judgesRepo,
    conflictsService: conflicts,
    uploads: createUploadsRepository({ db }),
    reviews: reviewsRepo,
    audit,
    queues,
    runs: { lastRun: async () => null },
    now: clock,
  });
  const run = await assignment.run(
    { competitionId, requestedBy: organizerId, roundId: preliminary.id },
    noProgress,
  );

  // Every assigned review, submitted with scores from the entry's quality and the judge's leaning.
  const entryRows = await entriesRepo.bySubmission(competitionId);
  const entryIndex = new Map(entryRows.map((e, i) => [e.id, i]));
  // By address (judge01 … judge12): plain ASCII, so code-unit order is the database's order.
  const judgeRows = (await judgesRepo.listByCompetition(competitionId)).sort((a, b) =>
    a.email < b.email ? -1 : a.email > b.email ? 1 : 0,
  );
  const judgeNumber = new Map(judgeRows.map((j, i) => [j.id, i + 1]));
  const rubric = await competitionsRepo.criteriaOf([preliminary.id]);
  const assigned = (await assignmentsRepo.byRound(preliminary.id)).filter((a) => a.status === 'assigned');
  const scored = assigned
    .map((a) => {
      const index = entryIndex.get(a.entryId)!;
      const judge = judgeNumber.get(a.judgeId)!;
      const scores = Object.fromEntries(
        rubric.map((c, k) => [
          c.key,
          Math.max(
            c.min,
            Math.min(
              c.max,
              Math.round(
                demoQuality(index) + leaningOf(judge) + noiseOf(judge, index, k) + (criterionLean[k] ?? 0),
              ),
            ),
          ),
        ]),
      );
      return { assignment: a, index, judge, scores };
    })
    .sort((a, b) => a.index - b.index || a.judge - b.judge);
  await db.transaction(async (tx) => {
    await reviewsRepo.insertWithScores(
      scored.map((s) => ({
        id: demoId('review', s.index, s.judge),
        assignmentId: s.assignment.id,
        comment: comments[(s.index + s.judge) % comments.length]!,
        total: reviewTotal(rubric, s.scores),
        status: 'submitted' as const,
        submittedAt: new Date(now.getTime() - 10 * day + ((s.index * 12 + s.judge) % 180) * hour),
        scores: rubric.map((c) => ({ criterionId: c.id, score: s.scores[c.key]!, min: c.min, max: c.max })),
      })),
      tx,
    );
    await assignmentsRepo.setStatusOf(
      scored.map((s) => s.assignment.id),
      'submitted',
      tx,
    );
    await audit.record(tx, {
      competitionId,
      actorId: organizerId,
      action: 'demo.reviews_seeded',
      entityType: 'round',
      entityId: preliminary.id,
      after: { reviews: scored.length },
    });
  });

  const tallyService = createTallyService({
    db,
    tally: tallyRepo,
    reviews: reviewsRepo,
    conflicts,
    competitions: competitionsRepo,
    roundEntries,
    entries: entriesRepo,
    judges: judgesRepo,
    audit,
    queues,
  });
  const tally = await tallyService.runTally({
    roundId: preliminary.id,
    cutoffPerTrack: demoFinalistsPerTrack,
    requestedBy: organizerId,
    jobId: 'demo-seed',
    progress: noProgress,
  });

  const advancement = await createAdvancementService({
    db,
    advancements: createAdvancementRepository({ db, competitions: competitionsRepo, roundEntries }),
    tallyService,
    competitions: competitionsRepo,
    roundEntries,
    audit,
    now: clock,
    // The seeded past mails no one: its teams are invented, and the Outbox starts empty.
    teamNotices: { advancement: async () => [] },
    outbox: { dispatch: async () => {} },
  }).advance(
    actor,
    preliminary,
    {
      toRoundId: final.id,
      topPerTrack: demoFinalistsPerTrack,
      entryIds: [],
      excludeEntryIds: [],
      preview: false,
    },
    'demo-seed',
  );

  const panel = await createLiveService({
    db,
    reviews: reviewsRepo,
    conflicts,
    competitions: competitionsRepo,
    roundEntries,
    judges: judgesRepo,
    assignments: assignmentsRepo,
    audit,
    now: clock,
  }).assignPanel(actor, final, { judgeIds: judgeRows.slice(0, demoPanelSize).map((j) => j.id) }, 'demo-seed');

  return {
    assignments: run.changes.inserted,
    reviews: scored.length,
    snapshotId: tally.snapshotId,
    finalists: advancement.advancing.length,
    panel: panel.panel.length,
  };
}
