// A judged competition for the reviews, live, tally and advancement tests. Competitions, tracks and
// rounds go through the API; teams, entries, judges and assignments are written straight to the
// database, so these tests exercise the reviews feature without depending on how entries are
// submitted or how the solver assigns.
import { eq, sql } from 'drizzle-orm';
import { assignments } from '../../server/src/modules/assignment/assignment.table.ts';
import { competitionMembers } from '../../server/src/modules/competitions/competitions.table.ts';
import { roundEntries } from '../../server/src/modules/competitions/round-entries.table.ts';
import { entries, teams } from '../../server/src/modules/entries/entries.table.ts';
import { conflicts, judges } from '../../server/src/modules/judges/judges.table.ts';
import { users } from '../../server/src/modules/users/users.table.ts';
import { type Agent, type FixtureApp, organizerEmail, organizerPassword } from '../support/app.ts';
import { createCompetition, rubric } from '../support/fixtures.ts';

export { rubric };

let counter = 0;

export type Judge = { id: string; userId: string; email: string; name: string; agent: Agent };
export type Entry = { id: string; trackId: string; teamId: string; country: string; title: string };

export async function signedInOrganizer(t: FixtureApp) {
  const organizer = t.agent();
  await organizer.login(organizerEmail, organizerPassword);
  return organizer;
}

/**
 * A competition with `tracks`, `entriesPerTrack` submitted entries in each (team countries taken
 * in turn from `countries`), `judges` signed-in judges, and the given rounds.
 */
export async function setupJudging(
  t: FixtureApp,
  options: {
    tracks?: string[];
    entriesPerTrack?: number;
    judges?: number;
    countries?: string[];
    rounds?: Array<Record<string, unknown>>;
  } = {},
) {
  counter += 1;
  const organizer = await signedInOrganizer(t);
  const { competition, tracks, rounds } = await createCompetition(organizer, {
    tracks: options.tracks ?? ['Artificial Intelligence', 'Digital Medicine'],
    rounds: options.rounds,
  });
  const countries = options.countries ?? ['CN', 'DE', 'US'];
  const perTrack = options.entriesPerTrack ?? 3;
  const entryList: Entry[] = [];
  let n = 0;
  for (const track of tracks) {
    for (let i = 0; i < perTrack; i++) {
      const country = countries[n % countries.length]!;
      const [team] = await t.db
        .insert(teams)
        .values({
          competitionId: competition.id,
          name: `Team ${counter}-${n + 1}`,
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
      entryList.push({ id: entry!.id, trackId: track.id, teamId: team!.id, country, title });
      n += 1;
    }
  }
  const judgeList: Judge[] = [];
  for (let i = 0; i < (options.judges ?? 3); i++) {
    const agent = t.agent();
    const email = `judge${counter}-${i + 1}@judges.test`;
    const name = `Judge ${String.fromCharCode(65 + i)} ${counter}`;
    const user = await agent.register(email, name);
    await t.db
      .insert(competitionMembers)
      .values({ competitionId: competition.id, userId: user.id, role: 'judge' });
    const [judge] = await t.db
      .insert(judges)
      .values({
        competitionId: competition.id,
        userId: user.id,
        name,
        email,
        organization: `Judging Org ${i + 1}`,
        country: 'SG',
        invitationAcceptedAt: new Date(),
      })
      .returning();
    judgeList.push({ id: judge!.id, userId: user.id, email, name, agent });
  }
  return { organizer, competition, tracks, rounds, entries: entryList, judges: judgeList };
}

/** Assigns each (entry, judge) pair in a round; returns the assignment ids in the same order. */
export async function assign(
  t: FixtureApp,
  roundId: string,
  pairs: Array<[Entry | string, Judge]>,
  source: 'solver' | 'panel' = 'solver',
) {
  if (pairs.length === 0) return [];
  const rows = await t.db
    .insert(assignments)
    .values(
      pairs.map(([entry, judge]) => ({
        roundId,
        entryId: typeof entry === 'string' ? entry : entry.id,
        judgeId: judge.id,
        source,
      })),
    )
    .returning();
  return pairs.map(
    ([entry, judge]) =>
      rows.find(
        (r) => r.entryId === (typeof entry === 'string' ? entry : entry.id) && r.judgeId === judge.id,
      )!.id,
  );
}

/** Every criterion of the test rubric scored `value`, so the review total is `value`. */
export const flat = (value: number) => Object.fromEntries(rubric.map((c) => [c.key, value]));

export async function addToRound(t: FixtureApp, roundId: string, entryIds: string[]) {
  await t.db
    .insert(roundEntries)
    .values(
      entryIds.map((entryId, i) => ({ roundId, entryId, source: 'advancement' as const, position: i + 1 })),
    );
}

export async function declareConflict(
  t: FixtureApp,
  competitionId: string,
  judgeId: string,
  entryId: string,
) {
  await t.db
    .insert(conflicts)
    .values({ competitionId, judgeId, entryId, source: 'organizer', reason: 'test' });
}

export async function userIdOf(t: FixtureApp, email: string) {
  const [row] = await t.db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return row!.id;
}

/** Waits for a job to finish and returns its final description. */
export async function waitForJob(agent: Agent, jobId: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reply = await agent.get(`/api/v1/jobs/${jobId}`);
    if (reply.status !== 200) throw new Error(`job ${jobId}: ${reply.status} ${JSON.stringify(reply.body)}`);
    if (reply.body.state === 'completed' || reply.body.state === 'failed') return reply.body;
    if (Date.now() > deadline) throw new Error(`job ${jobId} did not finish: ${JSON.stringify(reply.body)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A review as stored: its status, total and each criterion's score by key (null: none stored). */
export async function storedReview(t: Pick<FixtureApp, 'db'>, assignmentId: string) {
  const rows = await t.db.execute<{
    status: string;
    total: number | null;
    key: string | null;
    score: number | null;
  }>(
    sql`select r.status, r.total, c.key, s.score
        from reviews r
        left join review_scores s on s.review_id = r.id
        left join criteria c on c.id = s.criterion_id
        where r.assignment_id = ${assignmentId}`,
  );
  if (rows.length === 0) return null;
  const scores: Record<string, number> = {};
  for (const row of rows) if (row.key !== null && row.score !== null) scores[row.key] = Number(row.score);
  return { status: rows[0]!.status, total: rows[0]!.total === null ? null : Number(rows[0]!.total), scores };
}
