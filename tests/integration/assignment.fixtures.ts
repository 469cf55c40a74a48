// Fixtures for the judges and assignment tests. Competitions, tracks, rounds and judges go through
// the API as an organizer would; teams and entries are written straight to the database, so these
// tests do not depend on how entries are submitted.
import { entries, teamMembers, teams } from '../../server/src/modules/entries/entries.table.ts';
import { type Agent, type FixtureApp, organizerEmail, organizerPassword } from '../support/app.ts';
import { createCompetition, rubric } from '../support/fixtures.ts';

export { rubric };

let counter = 0;

export async function signedInOrganizer(t: FixtureApp) {
  const office = t.agent();
  await office.login(organizerEmail, organizerPassword);
  return office;
}

export type EntrySeed = {
  trackId: string;
  title?: string;
  organization?: string;
  country?: string;
  memberEmails?: string[];
  avoidOrganizations?: string[];
  status?: 'draft' | 'submitted' | 'withdrawn';
  ownerId?: string | null;
};

/** A team with members and one entry, submitted unless told otherwise. */
export async function addEntry(t: FixtureApp, competitionId: string, seed: EntrySeed) {
  counter += 1;
  const [team] = await t.db
    .insert(teams)
    .values({
      competitionId,
      ownerId: seed.ownerId ?? null,
      name: `Team ${counter}`,
      organization: seed.organization ?? `Startup ${counter} Ltd`,
      country: seed.country ?? 'SG',
    })
    .returning();
  const emails = seed.memberEmails ?? [`founder${counter}@startup${counter}.example`];
  if (emails.length > 0) {
    await t.db
      .insert(teamMembers)
      .values(
        emails.map((email, i) => ({ teamId: team!.id, name: `Member ${i + 1}`, email, position: i + 1 })),
      );
  }
  const status = seed.status ?? 'submitted';
  const [entry] = await t.db
    .insert(entries)
    .values({
      competitionId,
      teamId: team!.id,
      trackId: seed.trackId,
      title: seed.title ?? `Project ${counter}`,
      summary: `What project ${counter} does.`,
      description: 'A longer description.',
      avoidOrganizations: seed.avoidOrganizations ?? [],
      status,
      submittedAt: status === 'submitted' ? new Date() : null,
    })
    .returning();
  return entry!;
}

export type JudgeSeed = {
  name?: string;
  email?: string;
  organization?: string;
  country?: string;
  expertise?: string[];
  capacity?: number | null;
};

export async function addJudge(office: Agent, competitionId: string, seed: JudgeSeed = {}) {
  counter += 1;
  const reply = await office.post(`/api/v1/competitions/${competitionId}/judges`, {
    name: seed.name ?? `Judge ${counter}`,
    email: seed.email ?? `judge${counter}@panel${counter}.example`,
    organization: seed.organization ?? `Panel Org ${counter}`,
    country: seed.country ?? 'FR',
    expertise: seed.expertise ?? [],
    ...(seed.capacity !== undefined ? { capacity: seed.capacity } : {}),
  });
  if (reply.status !== 201) throw new Error(`add judge: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body as {
    judge: { id: string; userId: string; email: string; name: string };
    invitationUrl: string;
  };
}

export const tokenOf = (invitationUrl: string) => invitationUrl.split('/').pop()!;

/** Accepts the invitation in a fresh agent, which is then signed in as the judge. */
export async function acceptAsJudge(t: FixtureApp, invitationUrl: string, password = 'judge-password-1') {
  const agent = t.agent();
  const reply = await agent.post(`/api/v1/invitations/${tokenOf(invitationUrl)}/accept`, { password });
  if (reply.status !== 200) throw new Error(`accept: ${reply.status} ${JSON.stringify(reply.body)}`);
  return agent;
}

/**
 * A competition ready to assign: `entriesPerTrack` submitted entries in each track and the given
 * judges (expertise by track index, first = main).
 */
export async function assignableCompetition(
  t: FixtureApp,
  office: Agent,
  options: {
    tracks?: string[];
    entriesPerTrack?: number;
    reviewsPerEntry?: number;
    judgeCapacity?: number;
    sameCountry?: boolean;
    judges: Array<Omit<JudgeSeed, 'expertise'> & { expertise?: number[] }>;
  },
) {
  const { competition, tracks, rounds } = await createCompetition(office, {
    tracks: options.tracks ?? ['Artificial Intelligence', 'Digital Medicine'],
    rounds: [
      {
        name: 'Online preliminary',
        kind: 'review',
        reviewsPerEntry: options.reviewsPerEntry ?? 2,
        judgeCapacity: options.judgeCapacity ?? 10,
        criteria: rubric,
        conflictPolicy: { sameCountry: options.sameCountry ?? false },
      },
    ],
  });
  const entryList = [];
  for (const track of tracks) {
    for (let i = 0; i < (options.entriesPerTrack ?? 3); i++) {
      entryList.push(
        await addEntry(t, competition.id, { trackId: track.id, title: `${track.code} project ${i + 1}` }),
      );
    }
  }
  const judgeList = [];
  for (const seed of options.judges) {
    judgeList.push(
      await addJudge(office, competition.id, {
        ...seed,
        expertise: (seed.expertise ?? []).map((i) => tracks[i]!.id),
      }),
    );
  }
  return { competition, tracks, round: rounds[0]!, entries: entryList, judges: judgeList };
}

/** Polls the job until it finishes (the worker runs in this process). */
export async function waitForJob(agent: Agent, jobId: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reply = await agent.get(`/api/v1/jobs/${jobId}`);
    if (reply.status !== 200) throw new Error(`job: ${reply.status} ${JSON.stringify(reply.body)}`);
    if (reply.body.state === 'completed' || reply.body.state === 'failed') return reply.body;
    if (Date.now() > deadline)
      throw new Error(`job ${jobId} still ${reply.body.state} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs the round's assignment to the end and returns the finished job. */
export async function runAssignment(office: Agent, roundId: string) {
  const started = await office.post(`/api/v1/rounds/${roundId}/assign`);
  if (started.status !== 202) throw new Error(`assign: ${started.status} ${JSON.stringify(started.body)}`);
  return waitForJob(office, started.body.jobId);
}
