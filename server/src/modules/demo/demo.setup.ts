import type { Db } from '../../app/db.ts';
import { createAuditRepository } from '../audit/audit.repository.ts';
import { createAuditService } from '../audit/audit.service.ts';
import { createCompetitionsRepository } from '../competitions/competitions.repository.ts';
import { createUsersRepository } from '../users/users.repository.ts';

export const demoSetupSlug = 'wuzhen-oss-2027';

/**
 * A second demo competition, still being set up: its tracks and a first review round with a rubric,
 * but no judges, no entries and no awards yet, so the organizer sees what a new competition needs
 * before it opens. Submissions open until three months from now.
 */
export async function seedDemoSetupCompetition({
  db,
  organizerId,
  now = new Date(),
}: {
  db: Db;
  organizerId: string;
  now?: Date;
}) {
  const audit = createAuditService({
    log: createAuditRepository({ db }),
    users: createUsersRepository({ db }),
  });
  const competitions = createCompetitionsRepository({ db });
  return db.transaction(async (tx) => {
    const competition = await competitions.insert(
      {
        slug: demoSetupSlug,
        name: 'Wuzhen Open Source Challenge 2027',
        description:
          'A challenge for open-source projects that make the internet safer and more useful: online review, then a demo day.',
        timezone: 'Asia/Shanghai',
        submissionClosesAt: new Date(now.getTime() + 90 * 24 * 3600_000),
        createdBy: organizerId,
      },
      tx,
    );
    const competitionId = competition.id;
    await competitions.addMember({ competitionId, userId: organizerId, role: 'organizer' }, tx);
    // Positions follow the order of insertion: tracks 1 and 2, round 1, criteria 1 to 3.
    await competitions.insertTrack({ competitionId, name: 'Developer Tools', code: 'DEV' }, tx);
    await competitions.insertTrack({ competitionId, name: 'Security and Privacy', code: 'SEC' }, tx);
    await competitions.insertRound(
      {
        competitionId,
        name: 'Online review',
        kind: 'review',
        reviewsPerEntry: 3,
        judgeCapacity: 15,
        normalization: 'bias',
      },
      [
        {
          key: 'impact',
          label: 'Impact',
          description: 'Who relies on the project, and what would they lose without it?',
          weight: 0.4,
          min: 1,
          max: 10,
        },
        {
          key: 'community',
          label: 'Community',
          description: 'Contributors, governance and how newcomers are welcomed.',
          weight: 0.3,
          min: 1,
          max: 10,
        },
        {
          key: 'quality',
          label: 'Engineering quality',
          description: 'Tests, documentation, releases and security practice.',
          weight: 0.3,
          min: 1,
          max: 10,
        },
      ],
      tx,
    );
    await audit.record(tx, {
      competitionId,
      actorId: organizerId,
      action: 'demo.seeded',
      entityType: 'competition',
      entityId: competitionId,
      after: { tracks: 2, rounds: 1 },
    });
    return { competitionId };
  });
}
