import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { competitionMembers } from '../../server/src/modules/competitions/competitions.table.ts';
import { type Agent, organizerEmail, organizerPassword, startTestApp, type TestApp } from '../support/app.ts';
import { createCompetition, rubric } from '../support/fixtures.ts';
import { deckParts, multipart, teamBody } from './entries.fixtures.ts';
import { assign, waitForJob } from './reviews.fixtures.ts';

/**
 * Who may do what, as a table: every operation of the OpenAPI document × every role, generated
 * from the document so a new endpoint cannot be missed (it fails here until the table names it).
 *
 * Every path id names a resource of competition A that the team owner owns and the assigned judge
 * is assigned to. A role outside an operation's `allow` must be refused (401 when signed out, else
 * 403 or 404) and change nothing; a role inside must not be refused. No answer to anyone may carry
 * what PRODUCT.md's who-sees-what table hides from them: another team's entry, an entry a judge is
 * not (or no longer) assigned to, other judges' names, an unpublished award.
 */

const roles = [
  'anonymous',
  'owner',
  'otherTeam',
  'judge',
  'conflictedJudge',
  'unassignedJudge',
  'organizer',
  'otherOrganizer',
] as const;
type Role = (typeof roles)[number];

const everyone: Role[] = [...roles];
const signedIn: Role[] = roles.filter((r) => r !== 'anonymous');
const judges: Role[] = ['judge', 'conflictedJudge', 'unassignedJudge'];
const org: Role[] = ['organizer'];
/** Members of competition A: they see it, its tracks and its rounds. */
const members: Role[] = ['owner', 'otherTeam', 'judge', 'conflictedJudge', 'unassignedJudge', 'organizer'];

type World = Awaited<ReturnType<typeof buildWorld>>;
type Ids = Record<string, string>;
type Case = {
  allow: Role[];
  /**
   * Roles refused with 403: they may see the resource the operation is about, but not do this to
   * it. Everyone else outside `allow` gets 404, so the resource's existence leaks nothing.
   */
  sees?: Role[];
  /** The request body (a function of the world when it names resources). */
  body?: (w: World, role: Role) => unknown | Promise<unknown>;
  /** Path or query ids that differ from the defaults (a resource of its own for a destructive call). */
  ids?: (w: World, role: Role) => Ids;
  query?: string;
  /** Changes state: only run by the allowed roles once every read has been checked. */
  mutates?: boolean;
  /** Not sent as JSON. */
  multipart?: boolean;
};

/** The table: PRODUCT.md's who-sees-what, operation by operation. */
const table: Record<string, Case | { skip: string }> = {
  'GET /api/health': { allow: everyone },
  'GET /api/health/live': { allow: everyone },
  'GET /api/health/ready': { allow: everyone },
  'POST /api/v1/auth/register': { skip: 'creates accounts; covered by auth.test.ts' },
  'POST /api/v1/auth/login': { skip: 'signs in; covered by auth.test.ts' },
  'POST /api/v1/auth/logout': { skip: 'ends the session the table runs on; covered by auth.test.ts' },
  'GET /api/v1/auth/me': { allow: signedIn },
  'PATCH /api/v1/auth/me': { allow: signedIn, mutates: true, body: () => ({ language: 'en' }) },
  'POST /api/v1/auth/password': { skip: "changes the role's own password; accounts tests" },
  'POST /api/v1/auth/verification': { skip: "mails the role's own address; accounts tests" },
  'POST /api/v1/auth/verify-email': { skip: 'the emailed token is the credential; accounts tests' },
  'POST /api/v1/auth/forgot-password': { skip: 'anyone, by address, answered alike; accounts tests' },
  'POST /api/v1/auth/reset-password': { skip: 'the emailed token is the credential; accounts tests' },
  'GET /api/v1/outbox': { allow: org },
  'GET /api/v1/competitions/{competitionId}/outbox': { allow: org },
  'GET /api/v1/competitions': { allow: signedIn },
  'POST /api/v1/competitions': {
    allow: org,
    sees: signedIn,
    mutates: true,
    body: () => ({
      name: 'Another cup',
      slug: `another-${Date.now().toString(36)}`,
      submissionClosesAt: new Date(Date.now() + 86400_000).toISOString(),
    }),
  },
  'GET /api/v1/competitions/{competitionId}': {
    allow: ['owner', 'otherTeam', 'judge', 'conflictedJudge', 'unassignedJudge', 'organizer'],
  },
  'PATCH /api/v1/competitions/{competitionId}': {
    allow: org,
    mutates: true,
    body: () => ({ description: 'Changed by the table' }),
  },
  'POST /api/v1/competitions/{competitionId}/tracks': {
    allow: org,
    mutates: true,
    body: () => ({ name: 'Open source' }),
  },
  'POST /api/v1/competitions/{competitionId}/organizers': {
    allow: org,
    mutates: true,
    body: (w) => ({ email: w.spareEmail }),
  },
  // Tracks are part of the competition its members see: a member is refused with 403.
  'PATCH /api/v1/tracks/{trackId}': {
    allow: org,
    sees: members,
    mutates: true,
    body: () => ({ name: 'Artificial Intelligence and Robotics' }),
  },
  'DELETE /api/v1/tracks/{trackId}': { allow: org, sees: members, mutates: true },
  'PUT /api/v1/competitions/{competitionId}/tracks/order': {
    allow: org,
    mutates: true,
    body: async (w) => ({
      trackIds: (
        await t.db.execute<{ id: string }>(
          sql`select id from tracks where competition_id = ${w.competition.id} order by position desc`,
        )
      ).map((r) => r.id),
    }),
  },
  'GET /api/v1/competitions/{competitionId}/organizers': { allow: org },
  'DELETE /api/v1/competitions/{competitionId}/organizers/{userId}': {
    allow: org,
    mutates: true,
    ids: (w) => ({ userId: w.spareUserId }),
  },
  'GET /api/v1/competitions/{competitionId}/rounds': { allow: [...judges, 'organizer'] },
  'POST /api/v1/competitions/{competitionId}/rounds': {
    allow: org,
    mutates: true,
    body: () => ({
      name: 'Semi-final',
      kind: 'review',
      reviewsPerEntry: 1,
      judgeCapacity: 5,
      criteria: rubric,
    }),
  },
  'GET /api/v1/rounds/{roundId}': { allow: [...judges, 'organizer'] },
  'PATCH /api/v1/rounds/{roundId}': { allow: org, mutates: true, body: () => ({ name: 'Preliminary' }) },
  'GET /api/v1/competitions/{competitionId}/audit': { allow: org },
  'GET /api/v1/competitions/{competitionId}/audit/facets': { allow: org },
  'GET /api/v1/public/competitions': { allow: everyone },
  'GET /api/v1/public/competitions/{slug}': { allow: everyone },
  'GET /api/v1/jobs/{jobId}': { allow: org },
  'GET /api/v1/assignments/{assignmentId}/review': { allow: ['judge'] },
  'PUT /api/v1/assignments/{assignmentId}/review': {
    allow: ['judge'],
    mutates: true,
    body: () => ({ scores: { innovation: 5 }, comment: 'A draft', submit: false }),
  },
  'GET /api/v1/rounds/{roundId}/progress': { allow: org },
  'POST /api/v1/rounds/{roundId}/reminders': {
    allow: org,
    mutates: true,
    body: (w) => ({ judgeIds: [w.judges.judge.id] }),
  },
  'GET /api/v1/me/reminders': { allow: signedIn },
  'GET /api/v1/me/live-rounds': { allow: signedIn },
  'GET /api/v1/rounds/{roundId}/live': {
    allow: ['judge', 'organizer'],
    ids: (w) => ({ roundId: w.live.id }),
  },
  'POST /api/v1/rounds/{roundId}/live': {
    allow: org,
    mutates: true,
    ids: (w) => ({ roundId: w.live.id }),
    body: () => ({ action: 'next' }),
  },
  'POST /api/v1/rounds/{roundId}/panel': {
    allow: org,
    mutates: true,
    ids: (w) => ({ roundId: w.live.id }),
    body: (w) => ({ judgeIds: [w.judges.judge.id] }),
  },
  'POST /api/v1/rounds/{roundId}/tally': { allow: org, mutates: true, body: () => ({}) },
  'GET /api/v1/rounds/{roundId}/results': { allow: org },
  'GET /api/v1/rounds/{roundId}/results.csv': { allow: org },
  'POST /api/v1/rounds/{roundId}/advance': {
    allow: org,
    mutates: true,
    body: (w) => ({ toRoundId: w.live.id, topPerTrack: 1, preview: true }),
  },
  'POST /api/v1/competitions/{competitionId}/awards': {
    allow: org,
    mutates: true,
    body: () => ({ name: 'Community award', kind: 'special', slots: 1 }),
  },
  'GET /api/v1/competitions/{competitionId}/awards': { allow: org },
  'GET /api/v1/awards/{awardId}': { allow: org },
  'PATCH /api/v1/awards/{awardId}': { allow: org, mutates: true, body: () => ({ slots: 2 }) },
  'DELETE /api/v1/awards/{awardId}': {
    allow: org,
    mutates: true,
    ids: (w) => ({ awardId: w.spareAward.id }),
  },
  'GET /api/v1/awards/{awardId}/suggestions': { allow: org },
  'PUT /api/v1/awards/{awardId}/winners': {
    allow: org,
    mutates: true,
    body: (w) => [{ entryId: w.entry.id, citation: 'For a bold idea' }],
  },
  'PUT /api/v1/awards/{awardId}/citations': {
    allow: org,
    mutates: true,
    body: (w) => [{ entryId: w.entry.id, citation: 'For a bolder idea' }],
  },
  'GET /api/v1/competitions/{competitionId}/publish': { allow: org },
  'POST /api/v1/competitions/{competitionId}/publish': {
    allow: org,
    mutates: true,
    body: () => ({ at: new Date(Date.now() + 86400_000).toISOString() }),
  },
  'DELETE /api/v1/competitions/{competitionId}/publish': { allow: org, mutates: true },
  'POST /api/v1/competitions/{competitionId}/reveal': {
    allow: org,
    mutates: true,
    body: (w) => ({ awardId: w.award.id }),
  },
  'POST /api/v1/rounds/{roundId}/feedback': { allow: org, mutates: true, body: () => ({ released: false }) },
  'GET /api/v1/competitions/{competitionId}/awards.csv': { allow: org },
  'GET /api/v1/competitions/{competitionId}/results.csv': { allow: org },
  'GET /api/v1/competitions/{competitionId}/reviews.csv': { allow: org },
  'GET /api/v1/public/competitions/{slug}/results': { allow: everyone },
  'GET /api/v1/public/competitions/{slug}/feed.json': { allow: everyone },
  // Each team its own results: the other team is served its own, never this entry's.
  'GET /api/v1/me/results': { allow: ['owner', 'otherTeam'] },
  'GET /api/v1/public/competitions/{slug}/events': {
    skip: 'a stream that stays open; announcements.test.ts',
  },
  'POST /api/v1/competitions/{competitionId}/teams': {
    allow: signedIn,
    mutates: true,
    body: (_w, role) => teamBody({ name: `Team of ${role}` }),
  },
  'GET /api/v1/teams/{teamId}': { allow: ['owner', 'organizer'] },
  'GET /api/v1/teams/{teamId}/members': { allow: ['owner', 'organizer'] },
  'POST /api/v1/teams/{teamId}/members': {
    allow: ['owner'],
    // Organizers see the team, but only its owner invites members.
    sees: ['organizer'],
    mutates: true,
    body: (_w, role) => ({ email: `invited-by-${role.toLowerCase()}@matrix.test` }),
  },
  'DELETE /api/v1/teams/{teamId}/members/{memberId}': {
    skip: 'owner only, names a member; team-members.test.ts covers owner, member, organizer and stranger',
  },
  'GET /api/v1/team-invitations/{token}': {
    skip: 'the mailed token is the credential; team-members.test.ts',
  },
  'POST /api/v1/team-invitations/{token}/accept': {
    skip: 'the mailed token is the credential; team-members.test.ts',
  },
  'PATCH /api/v1/teams/{teamId}': {
    allow: ['owner', 'organizer'],
    mutates: true,
    body: () => ({ organization: 'Alpha Labs Ltd' }),
  },
  'GET /api/v1/me/teams': { allow: signedIn },
  'POST /api/v1/competitions/{competitionId}/entries': {
    // The body names the team: anyone but its owner is refused as if it did not exist.
    allow: ['owner'],
    sees: [],
    mutates: true,
    body: (w) => ({
      teamId: w.team.id,
      trackId: w.track.id,
      title: 'A second idea',
      summary: '',
      description: '',
    }),
  },
  'GET /api/v1/competitions/{competitionId}/entries': { allow: ['owner', 'otherTeam', 'organizer'] },
  'GET /api/v1/competitions/{competitionId}/entries/export': { allow: org, query: '?format=xlsx' },
  'POST /api/v1/competitions/{competitionId}/entries/import': {
    allow: org,
    mutates: true,
    body: (w) => ({
      teams: [
        {
          name: 'Imported team',
          organization: 'Imported Org',
          country: 'DE',
          members: [],
          entries: [{ trackId: w.track.id, title: 'Imported idea', summary: 'S', description: 'D' }],
        },
      ],
    }),
  },
  'GET /api/v1/entries/{entryId}': { allow: ['owner', 'judge', 'organizer'] },
  'PATCH /api/v1/entries/{entryId}': {
    allow: ['owner', 'organizer'],
    mutates: true,
    body: () => ({ summary: 'What Secret Entry Alpha does, said better.' }),
  },
  'POST /api/v1/entries/{entryId}/submit': {
    allow: ['owner'],
    sees: ['organizer'],
    mutates: true,
    body: () => ({}),
  },
  'POST /api/v1/entries/{entryId}/withdraw': {
    allow: ['owner'],
    sees: ['organizer'],
    mutates: true,
    ids: (w) => ({ entryId: w.spareEntry.id }),
    body: () => ({}),
  },
  // Organizers act on an entry; its team and its judge see it, and are refused with 403.
  'POST /api/v1/entries/{entryId}/moderation': {
    allow: org,
    sees: ['owner', 'judge'],
    mutates: true,
    // A submitted entry cannot be reinstated (409): the table checks who gets through, not the state.
    body: () => ({ action: 'reinstate', reason: 'Checked by the access table' }),
  },
  'PUT /api/v1/entries/{entryId}/deadline': {
    allow: org,
    sees: ['owner', 'judge'],
    mutates: true,
    body: () => ({
      until: new Date(Date.now() + 30 * 86400_000).toISOString(),
      reason: 'More time for the deck',
    }),
  },
  'GET /api/v1/uploads/limits': { allow: signedIn },
  // Organizers add files too: an imported entry arrives without its deck.
  'POST /api/v1/entries/{entryId}/files': { allow: ['owner', 'organizer'], mutates: true, multipart: true },
  'GET /api/v1/files/{fileId}': { allow: ['owner', 'judge', 'organizer'] },
  'DELETE /api/v1/files/{fileId}': {
    allow: ['owner', 'organizer'],
    sees: ['judge'],
    mutates: true,
    ids: (w, role) => ({ fileId: role === 'owner' ? w.spareFiles[0]! : w.spareFiles[1]! }),
  },
  'GET /api/v1/competitions/{competitionId}/judges': { allow: org },
  'POST /api/v1/competitions/{competitionId}/judges': {
    allow: org,
    mutates: true,
    body: () => ({
      name: 'New Judge',
      email: `new-${Date.now()}@judges.test`,
      organization: 'Some Lab',
      country: 'FR',
      expertise: [],
    }),
  },
  'POST /api/v1/competitions/{competitionId}/judges/import': {
    allow: org,
    mutates: true,
    body: () => ({
      judges: [
        {
          name: 'Imported Judge',
          email: `imported-${Date.now()}@judges.test`,
          organization: 'Lab',
          country: 'IT',
          expertise: [],
        },
      ],
    }),
  },
  'GET /api/v1/competitions/{competitionId}/judges/me': { allow: judges },
  'PATCH /api/v1/competitions/{competitionId}/judges/me': {
    allow: judges,
    mutates: true,
    body: () => ({ country: 'SG' }),
  },
  'PATCH /api/v1/competitions/{competitionId}/judges/{judgeId}': {
    allow: org,
    mutates: true,
    body: () => ({ capacity: 12 }),
  },
  'DELETE /api/v1/competitions/{competitionId}/judges/{judgeId}': {
    allow: org,
    mutates: true,
    ids: (w) => ({ judgeId: w.removableJudge.id }),
  },
  'POST /api/v1/competitions/{competitionId}/judges/{judgeId}/invitation': {
    allow: org,
    mutates: true,
    ids: (w) => ({ judgeId: w.pendingJudge.id }),
    body: () => ({}),
  },
  'DELETE /api/v1/competitions/{competitionId}/judges/{judgeId}/access': {
    allow: org,
    mutates: true,
    ids: (w) => ({ judgeId: w.revocableJudge.id }),
  },
  'GET /api/v1/invitations/{token}': { allow: everyone },
  'POST /api/v1/invitations/{token}/accept': {
    skip: 'the token is the credential, whoever holds it; judges.test.ts and the invitation throttle tests',
  },
  'GET /api/v1/competitions/{competitionId}/conflicts': { allow: [...judges, 'organizer'] },
  'POST /api/v1/competitions/{competitionId}/conflicts': {
    // Judges declare only for themselves: naming another judge is refused (403); the unassigned
    // judge names itself, but an entry it cannot see (404).
    allow: org,
    sees: ['owner', 'otherTeam', 'judge', 'conflictedJudge'],
    mutates: true,
    body: (w) => ({
      judgeId: w.judges.unassignedJudge.id,
      entryId: w.otherEntry.id,
      reason: 'Former colleague',
    }),
  },
  'DELETE /api/v1/competitions/{competitionId}/conflicts/{conflictId}': {
    allow: org,
    mutates: true,
    ids: (w) => ({ conflictId: w.spareConflictId }),
  },
  'POST /api/v1/rounds/{roundId}/assign': { allow: org, mutates: true, body: () => ({}) },
  'GET /api/v1/rounds/{roundId}/assignments': { allow: org },
  'POST /api/v1/rounds/{roundId}/assignments': {
    allow: org,
    mutates: true,
    body: (w) => ({ entryId: w.otherEntry.id, judgeId: w.spareJudge.id }),
  },
  'GET /api/v1/rounds/{roundId}/assignment-summary': { allow: org },
  'DELETE /api/v1/assignments/{assignmentId}': {
    allow: org,
    mutates: true,
    ids: (w) => ({ assignmentId: w.spareAssignmentId }),
  },
  'GET /api/v1/assignments/{assignmentId}': { allow: ['judge'] },
  'POST /api/v1/assignments/{assignmentId}/recuse': {
    allow: ['judge'],
    mutates: true,
    ids: (w) => ({ assignmentId: w.recusableAssignmentId }),
    body: () => ({ reason: 'I know the founder' }),
  },
  'GET /api/v1/me/assignments': { allow: signedIn },
};

const marker = {
  entry: 'Secret Entry Alpha',
  otherEntry: 'Hidden Entry Beta',
  award: 'Unpublished Prize Zeta',
  judgeName: 'Judge Kept Private',
};
/** What each role must never be shown (the who-sees-what table of PRODUCT.md). */
const hiddenFrom: Record<Role, string[]> = {
  anonymous: Object.values(marker),
  otherOrganizer: Object.values(marker),
  owner: [marker.otherEntry, marker.award, marker.judgeName],
  otherTeam: [marker.entry, marker.award, marker.judgeName],
  judge: [marker.otherEntry, marker.award],
  conflictedJudge: [marker.entry, marker.otherEntry, marker.award, marker.judgeName],
  unassignedJudge: [marker.entry, marker.otherEntry, marker.award, marker.judgeName],
  organizer: [],
};

let t: TestApp;
let w: World;
let agents: Record<Role, Agent>;
let document: { paths: Record<string, Record<string, unknown>> };

async function signUp(email: string, name: string) {
  const agent = t.agent();
  await agent.register(email, name);
  return agent;
}

async function buildWorld() {
  const office = t.agent();
  await office.login(organizerEmail, organizerPassword);
  const { competition, tracks, rounds, slug } = await createCompetition(office, {
    tracks: ['Artificial Intelligence'],
    rounds: [
      { name: 'Online preliminary', kind: 'review', reviewsPerEntry: 2, judgeCapacity: 10, criteria: rubric },
      { name: 'Final roadshow', kind: 'live', reviewsPerEntry: 3, judgeCapacity: 50, criteria: rubric },
    ],
  });
  const [track] = tracks;
  const [round, live] = rounds;
  const other = await createCompetition(office, { tracks: ['Elsewhere'] });

  const owner = await signUp('owner@matrix.test', 'Owner');
  const otherTeam = await signUp('other@matrix.test', 'Other Owner');
  const otherOrganizer = await signUp('elsewhere@matrix.test', 'Elsewhere Organizer');
  await office.post(`/api/v1/competitions/${other.competition.id}/organizers`, {
    email: 'elsewhere@matrix.test',
  });

  const teamOf = async (agent: Agent, name: string) =>
    (await agent.post(`/api/v1/competitions/${competition.id}/teams`, teamBody({ name }))).body.team;
  const entryOf = async (agent: Agent, teamId: string, title: string, files = 1) => {
    const created = await agent.post(`/api/v1/competitions/${competition.id}/entries`, {
      teamId,
      trackId: track.id,
      title,
      summary: `What ${title} does.`,
      description: '',
    });
    const entry = created.body.entry;
    const fileIds: string[] = [];
    for (let i = 0; i < files; i++) {
      const { body, contentType } = multipart(deckParts(undefined, `deck-${i}.pdf`));
      const reply = await t.app.inject({
        method: 'POST',
        url: `/api/v1/entries/${entry.id}/files`,
        headers: { 'content-type': contentType, cookie: agent.cookie() },
        payload: body,
      });
      fileIds.push(reply.json().file.id);
    }
    const submitted = await agent.post(`/api/v1/entries/${entry.id}/submit`, {});
    if (submitted.status !== 200) throw new Error(`submit: ${JSON.stringify(submitted.body)}`);
    return { entry, fileIds };
  };
  const team = await teamOf(owner, 'Alpha Team');
  const { entry, fileIds } = await entryOf(owner, team.id, marker.entry, 3);
  const { entry: spareEntry } = await entryOf(owner, team.id, 'Alpha Spare Idea');
  const betaTeam = await teamOf(otherTeam, 'Beta Team');
  const { entry: otherEntry } = await entryOf(otherTeam, betaTeam.id, marker.otherEntry);

  const addJudge = async (name: string, email: string, accept = true, organization = `${name} Institute`) => {
    const reply = await office.post(`/api/v1/competitions/${competition.id}/judges`, {
      name,
      email,
      organization,
      country: 'SG',
      expertise: [track.id],
    });
    if (reply.status !== 201) throw new Error(`judge: ${JSON.stringify(reply.body)}`);
    const token = String(reply.body.invitationUrl).split('/').pop()!;
    const agent = t.agent();
    if (accept) {
      const accepted = await agent.post(`/api/v1/invitations/${token}/accept`, {
        password: 'a-good-password-1',
        name,
      });
      if (accepted.status !== 200) throw new Error(`accept: ${JSON.stringify(accepted.body)}`);
    }
    return { id: reply.body.judge.id as string, token, agent };
  };
  const judgeList = {
    judge: await addJudge(marker.judgeName, 'assigned@judges.test'),
    // Works where the team works: a conflict found by detection, after the assignment was made.
    conflictedJudge: await addJudge(
      'Conflicted Judge',
      'conflicted@judges.test',
      true,
      teamBody().organization,
    ),
    unassignedJudge: await addJudge('Unassigned Judge', 'unassigned@judges.test'),
  };
  const spareJudge = await addJudge('Spare Judge', 'spare@judges.test');
  const pendingJudge = await addJudge('Pending Judge', 'pending@judges.test', false);
  const removableJudge = await addJudge('Removable Judge', 'removable@judges.test', false);
  const revocableJudge = await addJudge('Revocable Judge', 'revocable@judges.test');

  const [assignmentId, , recusableAssignmentId, spareAssignmentId] = await assign(t, round.id, [
    [entry.id, judgeList.judge as never],
    [entry.id, judgeList.conflictedJudge as never],
    [spareEntry.id, judgeList.judge as never],
    [spareEntry.id, spareJudge as never],
  ]);
  await t.db.execute(
    sql`insert into round_entries (id, round_id, entry_id, source, position, pitch_started_at)
        values (gen_random_uuid()::text, ${live.id}, ${entry.id}, 'advancement', 1, now())`,
  );
  // Under way, so the assignment run the table starts keeps it for the recusal row.
  await t.db.execute(
    sql`update assignments set status = 'started' where id in (${recusableAssignmentId!}, ${spareAssignmentId!})`,
  );
  await assign(
    t,
    live.id,
    [
      [entry.id, judgeList.judge as never],
      [entry.id, judgeList.conflictedJudge as never],
    ],
    'panel',
  );
  const spare = await office.post(`/api/v1/competitions/${competition.id}/conflicts`, {
    judgeId: spareJudge.id,
    entryId: otherEntry.id,
    reason: 'To be removed',
  });

  const awardReply = await office.post(`/api/v1/competitions/${competition.id}/awards`, {
    name: marker.award,
    kind: 'prize',
    level: 1,
    slots: 1,
  });
  const spareAward = await office.post(`/api/v1/competitions/${competition.id}/awards`, {
    name: 'Spare award',
    kind: 'special',
    slots: 1,
  });
  // Tallies of both rounds, so results and award suggestions exist to be read.
  const jobIds: string[] = [];
  for (const r of [round, live]) {
    const tally = await office.post(`/api/v1/rounds/${r.id}/tally`, {});
    jobIds.push(tally.body.jobId);
    const done = await waitForJob(office, tally.body.jobId);
    if (done.state !== 'completed') throw new Error(`tally: ${JSON.stringify(done)}`);
  }
  await signUp('spare-user@matrix.test', 'Spare User');
  const [spareUser] = await t.db.execute<{ id: string }>(
    sql`update users set email_verified_at = now() where email = 'spare-user@matrix.test' returning id`,
  );
  // A co-organizer for the removal row to remove.
  await t.db
    .insert(competitionMembers)
    .values({ competitionId: competition.id, userId: spareUser!.id, role: 'organizer' });

  const agentsOf: Record<Role, Agent> = {
    anonymous: t.agent(),
    owner,
    otherTeam,
    judge: judgeList.judge.agent,
    conflictedJudge: judgeList.conflictedJudge.agent,
    unassignedJudge: judgeList.unassignedJudge.agent,
    organizer: office,
    otherOrganizer,
  };
  return {
    agents: agentsOf,
    competition,
    slug,
    track,
    round,
    live,
    team,
    entry,
    spareEntry,
    otherEntry,
    judges: judgeList,
    spareJudge,
    pendingJudge,
    removableJudge,
    revocableJudge,
    award: awardReply.body.award,
    spareAward: spareAward.body.award,
    fileId: fileIds[0]!,
    spareFiles: fileIds.slice(1),
    assignmentId: assignmentId!,
    recusableAssignmentId: recusableAssignmentId!,
    spareAssignmentId: spareAssignmentId!,
    conflictId: spare.body.conflict.id as string,
    spareConflictId: spare.body.conflict.id as string,
    jobId: jobIds[0]!,
    spareEmail: 'spare-user@matrix.test',
    spareUserId: spareUser!.id,
  };
}

const defaultIds = (world: World): Ids => ({
  competitionId: world.competition.id,
  roundId: world.round.id,
  assignmentId: world.assignmentId,
  awardId: world.award.id,
  entryId: world.entry.id,
  fileId: world.fileId,
  teamId: world.team.id,
  judgeId: world.judges.judge.id,
  conflictId: world.conflictId,
  jobId: world.jobId,
  slug: world.slug,
  trackId: world.track.id,
  token: world.pendingJudge.token,
});

const operations = () => {
  const ops: Array<{ key: string; method: string; path: string }> = [];
  for (const [path, byMethod] of Object.entries(document.paths)) {
    for (const method of Object.keys(byMethod)) {
      const upper = method.toUpperCase();
      if (upper === 'HEAD' || upper === 'OPTIONS') continue;
      ops.push({ key: `${upper} ${path}`, method: upper, path });
    }
  }
  return ops;
};

async function send(key: string, c: Case, role: Role) {
  const [method, path] = key.split(' ') as [string, string];
  const ids = { ...defaultIds(w), ...(c.ids?.(w, role) ?? {}) };
  const url =
    path.replace(/\{(\w+)\}/g, (_m, name: string) => {
      const value = ids[name];
      if (value === undefined) throw new Error(`${key}: no id for {${name}}`);
      return encodeURIComponent(value);
    }) + (c.query ?? (key === 'GET /api/v1/me/results' ? `?competitionId=${w.competition.id}` : ''));
  const agent = agents[role];
  if (c.multipart) {
    const { body, contentType } = multipart(deckParts());
    const reply = await t.app.inject({
      method: method as 'POST',
      url,
      headers: { 'content-type': contentType, ...(agent.cookie() ? { cookie: agent.cookie() } : {}) },
      payload: body,
    });
    return { status: reply.statusCode, body: reply.body };
  }
  const body = await c.body?.(w, role);
  const reply =
    method === 'GET'
      ? await agent.get(url)
      : method === 'DELETE'
        ? await agent.delete(url)
        : method === 'POST'
          ? await agent.post(url, body ?? {})
          : method === 'PUT'
            ? await agent.put(url, body ?? {})
            : await agent.patch(url, body ?? {});
  return {
    status: reply.status,
    body: typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body),
  };
}

/** A cheap fingerprint of everything stored: rows per table and the newest audit record. */
async function fingerprint() {
  const tables = await t.db.execute<{ tablename: string }>(
    sql`select tablename from pg_tables where schemaname = 'public' and tablename not like '%drizzle%' order by tablename`,
  );
  const counts: Record<string, number> = {};
  for (const { tablename } of tables) {
    const [row] = await t.db.execute<{ n: number }>(sql.raw(`select count(*)::int as n from "${tablename}"`));
    counts[tablename] = row!.n;
  }
  // Sessions come and go with sign-ins; they are not the resources under test.
  delete counts.sessions;
  return counts;
}

beforeAll(async () => {
  t = await startTestApp({ worker: true, config: { LOGIN_RATE_LIMIT: 10_000 } });
  w = await buildWorld();
  agents = w.agents;
  document = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
}, 120_000);
afterAll(async () => t?.close());

/**
 * The one refusal rule (server/src/app/auth.ts): signed out → 401; a member refused something done
 * to the competition or one of its rounds → 403, since they see those; anything else → 404.
 */
const refusal = (key: string, role: Role, c: Case) => {
  if (role === 'anonymous') return 401;
  const sees =
    c.sees ?? (/ \/api\/v1\/(competitions\/\{competitionId\}|rounds\/\{roundId\})/.test(key) ? members : []);
  return sees.includes(role) ? 403 : 404;
};
const counts = { requests: 0, refused: 0, allowed: 0 };

// The table's premise: the conflicted judge is a judge of the competition, still assigned to the
// entry, whom detection finds conflicted (same organization as the team).
test('the conflicted judge is assigned to the entry and conflicted with it by detection', async () => {
  const rows = await t.db
    .select()
    .from(competitionMembers)
    .where(sql`${competitionMembers.competitionId} = ${w.competition.id}`);
  expect(rows.length).toBeGreaterThan(3);
  const active = await t.db.execute<{ status: string }>(
    sql`select a.status from assignments a where a.judge_id = ${w.judges.conflictedJudge.id} and a.entry_id = ${w.entry.id}`,
  );
  expect(active.map((a) => a.status)).toEqual(['assigned', 'assigned']);
  const list = await agents.organizer.get(
    `/api/v1/competitions/${w.competition.id}/conflicts?judgeId=${w.judges.conflictedJudge.id}`,
  );
  expect(list.body.items.map((c: { entryId: string }) => c.entryId)).toContain(w.entry.id);
});

describe('the role × operation table', () => {
  test('names every operation of the OpenAPI document, and only those', () => {
    const documented = operations().map((o) => o.key);
    const missing = documented.filter((k) => !(k in table));
    const stale = Object.keys(table).filter((k) => !documented.includes(k));
    expect(missing, 'operations the table does not name: add each with who may call it').toEqual([]);
    expect(stale, 'rows for operations that no longer exist').toEqual([]);
  });

  test('every role outside an operation is refused, learns nothing and changes nothing', async () => {
    const before = await fingerprint();
    const failures: string[] = [];
    for (const { key } of operations()) {
      const c = table[key];
      if (!c || 'skip' in c) continue;
      for (const role of roles) {
        if (c.allow.includes(role)) continue;
        const reply = await send(key, c, role);
        counts.requests++;
        counts.refused++;
        if (reply.status !== refusal(key, role, c))
          failures.push(`${key} as ${role}: ${reply.status} ${reply.body.slice(0, 160)}`);
        for (const secret of hiddenFrom[role])
          if (reply.body.includes(secret)) failures.push(`${key} as ${role} leaks "${secret}"`);
      }
    }
    expect(failures.join('\n')).toBe('');
    expect(await fingerprint()).toEqual(before);
  });

  test('every role inside a read is served, and shown only what it may see', async () => {
    const failures: string[] = [];
    for (const { key } of operations()) {
      const c = table[key];
      if (!c || 'skip' in c || c.mutates) continue;
      for (const role of c.allow) {
        const reply = await send(key, c, role);
        counts.requests++;
        counts.allowed++;
        if (reply.status >= 400)
          failures.push(`${key} as ${role}: ${reply.status} ${reply.body.slice(0, 160)}`);
        for (const secret of hiddenFrom[role])
          if (reply.body.includes(secret)) failures.push(`${key} as ${role} leaks "${secret}"`);
      }
    }
    expect(failures.join('\n')).toBe('');
  });

  test('every role inside a change is let through (a 409 for the state it finds is fine)', async () => {
    const failures: string[] = [];
    for (const { key } of operations()) {
      const c = table[key];
      if (!c || 'skip' in c || !c.mutates) continue;
      for (const role of c.allow) {
        const reply = await send(key, c, role);
        counts.requests++;
        counts.allowed++;
        if ([400, 401, 403, 404].includes(reply.status) || reply.status >= 500)
          failures.push(`${key} as ${role}: ${reply.status} ${reply.body.slice(0, 200)}`);
      }
    }
    expect(failures.join('\n')).toBe('');
    console.log(
      `[access matrix] ${operations().length} operations × ${roles.length} roles: ${counts.requests} requests, ${counts.refused} refused as expected, ${counts.allowed} allowed`,
    );
  });
});
