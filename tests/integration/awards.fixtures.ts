// A competition ready for awards: tracks and rounds through the API; teams, entries, the final
// round's membership, a tally snapshot of the final round and a few reviews written straight to the
// database, so the awards tests exercise awards without depending on submission, assignment or the
// tally's own code (the pipeline test runs those for real).

import { assignments } from '../../server/src/modules/assignment/assignment.table.ts';
import { competitionMembers } from '../../server/src/modules/competitions/competitions.table.ts';
import { roundEntries } from '../../server/src/modules/competitions/round-entries.table.ts';
import { entries, teams } from '../../server/src/modules/entries/entries.table.ts';
import { judges } from '../../server/src/modules/judges/judges.table.ts';
import { reviews } from '../../server/src/modules/reviews/reviews.table.ts';
import { tallyRuns, tallySnapshots } from '../../server/src/modules/tally/tally.table.ts';
import { type Agent, type FixtureApp, organizerEmail, organizerPassword } from '../support/app.ts';
import { createCompetition, rubric } from '../support/fixtures.ts';

let counter = 0;

export type AwardsEntry = {
  id: string;
  trackId: string;
  teamId: string;
  title: string;
  team: string;
  country: string;
};

export async function signedInOrganizer(t: FixtureApp) {
  const organizer = t.agent();
  await organizer.login(organizerEmail, organizerPassword);
  return organizer;
}

/**
 * Two tracks (AI, MED), a review round and a live final, `perTrack` submitted entries per track,
 * every entry in the final. The first team is owned by `teamAgent` (signed in), one judge is a
 * member (signed in as `judgeAgent`).
 */
export async function setupAwards(t: FixtureApp, { perTrack = 4 }: { perTrack?: number } = {}) {
  counter += 1;
  const organizer = await signedInOrganizer(t);
  const { competition, tracks, rounds, slug } = await createCompetition(organizer, {
    tracks: ['Artificial Intelligence', 'Digital Medicine'],
    rounds: [
      { name: 'Online preliminary', kind: 'review', reviewsPerEntry: 2, judgeCapacity: 20, criteria: rubric },
      {
        name: 'Live final',
        kind: 'live',
        reviewsPerEntry: 3,
        judgeCapacity: 100,
        normalization: 'none',
        criteria: rubric,
      },
    ],
  });
  const teamAgent = t.agent();
  const teamUser = await teamAgent.register(
    `team${counter}-${Date.now()}@teams.test`,
    `Team Owner ${counter}`,
  );
  const countries = ['CN', 'DE', 'US', 'JP'];
  const list: AwardsEntry[] = [];
  let n = 0;
  for (const track of tracks) {
    for (let i = 0; i < perTrack; i++) {
      const country = countries[n % countries.length]!;
      const teamName = `Team ${counter}-${n + 1}`;
      const [team] = await t.db
        .insert(teams)
        .values({
          competitionId: competition.id,
          ownerId: n === 0 ? teamUser.id : null,
          name: teamName,
          organization: `Org ${counter}-${n + 1}`,
          country,
        })
        .returning();
      const title = `Project ${String(n + 1).padStart(2, '0')} in ${track.code}`;
      const [entry] = await t.db
        .insert(entries)
        .values({
          competitionId: competition.id,
          teamId: team!.id,
          trackId: track.id,
          title,
          summary: `What project ${n + 1} does.`,
          status: 'submitted',
          submittedAt: new Date(),
        })
        .returning();
      list.push({ id: entry!.id, trackId: track.id, teamId: team!.id, title, team: teamName, country });
      n += 1;
    }
  }
  const final = rounds[1]!;
  await t.db.insert(roundEntries).values(
    list.map((e, i) => ({
      roundId: final.id,
      entryId: e.id,
      source: 'advancement' as const,
      position: i + 1,
    })),
  );

  const judgeAgent = t.agent();
  const judgeEmail = `judge${counter}-${Date.now()}@judges.test`;
  const judgeUser = await judgeAgent.register(judgeEmail, `Judge Quill ${counter}`);
  await t.db
    .insert(competitionMembers)
    .values({ competitionId: competition.id, userId: judgeUser.id, role: 'judge' });
  const [judge] = await t.db
    .insert(judges)
    .values({
      competitionId: competition.id,
      userId: judgeUser.id,
      name: `Judge Quill ${counter}`,
      email: judgeEmail,
      organization: 'Judging Org',
      country: 'SG',
      invitationAcceptedAt: new Date(),
    })
    .returning();

  return {
    organizer,
    competition,
    tracks,
    rounds,
    final,
    slug,
    entries: list,
    teamAgent,
    teamUser,
    judgeAgent,
    judge: judge!,
    judgeEmail,
  };
}

/**
 * A snapshot of the final round, as the tally stores it: entries ranked in the given order (by
 * score, descending), with the two entries at `tiedAt` (overall ranks) sharing a rank.
 */
export async function insertFinalSnapshot(
  t: FixtureApp,
  { roundId, ranked, tiedAt }: { roundId: string; ranked: AwardsEntry[]; tiedAt?: number },
) {
  const trackCounts = new Map<string, number>();
  let rank = 0;
  const rows = ranked.map((e, i) => {
    const tied = tiedAt !== undefined && (i === tiedAt || i === tiedAt + 1);
    rank = tied && i === tiedAt + 1 ? rank : i + 1;
    const trackRank = (trackCounts.get(e.trackId) ?? 0) + 1;
    trackCounts.set(e.trackId, trackRank);
    const score = 9 - i * 0.25 + (tied && i === tiedAt! + 1 ? 0.25 : 0);
    return {
      calibratedScore: score,
      closeCall: false,
      component: 0,
      entryId: e.id,
      interval: [score - 0.4, score + 0.4],
      rank,
      rawScore: score,
      reviews: 5,
      score,
      tie: tied,
      trackId: e.trackId,
      trackRank,
    };
  });
  const result = JSON.stringify({
    components: { count: 1, sizes: [rows.length] },
    entries: rows,
    inputHash: `hash-${roundId}-${Date.now()}`,
    judges: [],
    method: 'none',
    reliability: [],
    warnings: [],
  });
  const [snapshot] = await t.db
    .insert(tallySnapshots)
    .values({ roundId, inputHash: `hash-${roundId}-${Date.now()}-${Math.random()}`, method: 'none', result })
    .returning();
  await t.db.insert(tallyRuns).values({ roundId, snapshotId: snapshot!.id, method: 'none' });
  return snapshot!;
}

/** A submitted review by the judge on the entry in the round, with a public comment and a private note. */
export async function insertReview(
  t: FixtureApp,
  {
    roundId,
    entryId,
    judgeId,
    comment,
    privateNote,
    status = 'submitted',
  }: {
    roundId: string;
    entryId: string;
    judgeId: string;
    comment: string;
    privateNote: string;
    status?: 'draft' | 'submitted';
  },
) {
  const [assignment] = await t.db
    .insert(assignments)
    .values({ roundId, entryId, judgeId, status: status === 'submitted' ? 'submitted' : 'started' })
    .returning();
  await t.db.insert(reviews).values({
    assignmentId: assignment!.id,
    comment,
    privateNote,
    total: 7.5,
    status,
    submittedAt: status === 'submitted' ? new Date() : null,
  });
}

export const errorOf = (reply: { body: { error?: { code: string; message: string } } }) => reply.body.error;

export type Setup = Awaited<ReturnType<typeof setupAwards>>;
export type { Agent };
