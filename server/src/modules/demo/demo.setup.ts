import type { Db } from '../../app/db.ts';
import { createAuditRepository } from '../audit/audit.repository.ts';
import { createAuditService } from '../audit/audit.service.ts';
import {
  competitionMembers,
  competitions,
  criteria,
  rounds,
  tracks,
} from '../competitions/competitions.table.ts';
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
  return db.transaction(async (tx) => {
    const [competition] = await tx
      .insert(competitions)
      .values({
        slug: demoSetupSlug,
        name: 'Wuzhen Open Source Challenge 2027',
        description:
          'A challenge for open-source projects that make the internet safer and more useful: online review, then a demo day.',
        timezone: 'Asia/Shanghai',
        submissionClosesAt: new Date(now.getTime() + 90 * 24 * 3600_000),
        createdBy: organizerId,
      })
      .returning();
    const competitionId = competition!.id;
    await tx.insert(competitionMembers).values({ competitionId, userId: organizerId, role: 'organizer' });
    await tx.insert(tracks).values([
      { competitionId, name: 'Developer Tools', code: 'DEV', position: 1 },
      { competitionId, name: 'Security and Privacy', code: 'SEC', position: 2 },
    ]);
    const [round] = await tx
      .insert(rounds)
      .values({
        competitionId,
        name: 'Online review',
        kind: 'review',
        position: 1,
        reviewsPerEntry: 3,
        judgeCapacity: 15,
        normalization: 'bias',
      })
      .returning();
    await tx.insert(criteria).values([
      {
        roundId: round!.id,
        key: 'impact',
        label: 'Impact',
        description: 'Who relies on the project, and what would they lose without it?',
        weight: 0.4,
        min: 1,
        max: 10,
        position: 1,
      },
      {
        roundId: round!.id,
        key: 'community',
        label: 'Community',
        description: 'Contributors, governance and how newcomers are welcomed.',
        weight: 0.3,
        min: 1,
        max: 10,
        position: 2,
      },
      {
        roundId: round!.id,
        key: 'quality',
        label: 'Engineering quality',
        description: 'Tests, documentation, releases and security practice.',
        weight: 0.3,
        min: 1,
        max: 10,
        position: 3,
      },
    ]);
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
