import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { countRows, startTestApp, type TestApp } from '../support/app.ts';
import {
  deckParts,
  pdfBytes,
  setupCompetition,
  teamBody,
  tempStorageDir,
  upload,
} from './entries.fixtures.ts';

// The server's clock, moved by the test: the deadline is compared with it, in UTC.
let clock = new Date('2026-06-30T15:00:00Z');
const closesAt = '2026-06-30T15:59:59.000Z'; // 23:59:59 in Shanghai
let t: TestApp;
let world: Awaited<ReturnType<typeof setupCompetition>>;
let owner: Awaited<ReturnType<typeof world.newTeam>>;
let submittedId: string;
let draftId: string;
let deckId: string;

beforeAll(async () => {
  t = await startTestApp({
    now: () => clock,
    config: { LOGIN_RATE_LIMIT: 1000, STORAGE_DIR: tempStorageDir() },
  });
  world = await setupCompetition(t, { submissionClosesAt: closesAt });
  owner = await world.newTeam();
  const submitted = await world.newEntry(owner.agent, owner.team.id, { title: 'On time' });
  submittedId = submitted.id;
  deckId = (await upload(t, owner.agent, submittedId, deckParts())).body.file.id;
  expect((await owner.agent.post(`/api/v1/entries/${submittedId}/submit`)).status).toBe(200);
  draftId = (await world.newEntry(owner.agent, owner.team.id, { title: 'Still a draft' })).id;
});
afterAll(async () => t?.close());

const snapshot = async () => ({
  teams: await countRows(t, 'teams'),
  members: await countRows(t, 'team_members'),
  entries: await countRows(t, 'entries'),
  files: await countRows(t, 'files'),
  audit: await countRows(t, 'audit_log'),
});

describe('the submission deadline', () => {
  test('one second before it, changes are still taken', async () => {
    clock = new Date('2026-06-30T15:59:58Z');
    const reply = await owner.agent.patch(`/api/v1/entries/${draftId}`, { summary: 'Last-minute polish.' });
    expect(reply.status).toBe(200);
    expect(reply.body.entry.editable).toBe(true);
  });

  test('from the deadline on, every change to an entry and its files is refused with 409 and a sentence', async () => {
    clock = new Date(closesAt);
    const before = await snapshot();
    const replies = [
      await owner.agent.patch(`/api/v1/entries/${draftId}`, { title: 'Too late' }),
      await world.organizer.patch(`/api/v1/entries/${draftId}`, { title: 'Too late, even for us' }),
      await owner.agent.post(`/api/v1/entries/${draftId}/submit`),
      await owner.agent.post(`/api/v1/entries/${submittedId}/withdraw`),
      await owner.agent.post(`/api/v1/competitions/${world.competitionId}/entries`, {
        teamId: owner.team.id,
        trackId: world.trackIds[0],
        title: 'Brand new',
      }),
      await upload(t, owner.agent, submittedId, deckParts(pdfBytes('late'))),
      await owner.agent.delete(`/api/v1/files/${deckId}`),
    ];
    for (const reply of replies) {
      expect(reply.status).toBe(409);
      expect(reply.body.error.code).toBe('entries.deadline_passed');
      // Said in the competition's time zone, as the team saw the deadline.
      expect(reply.body.error.message).toBe(
        `Submissions to ${world.world.competition.name} closed on 30 June 2026 at 23:59 (Asia/Shanghai time). Entries and their files can no longer be changed.`,
      );
    }
    expect(await snapshot()).toEqual(before);
    // Reading still works, and says the entry can no longer be edited.
    const read = await owner.agent.get(`/api/v1/entries/${submittedId}`);
    expect(read.status).toBe(200);
    expect(read.body.entry).toMatchObject({ status: 'submitted', editable: false });
    expect((await owner.agent.get(`/api/v1/files/${deckId}`)).status).toBe(200);
  });

  test('after it, a team cannot register or change its details; an organizer still can correct them', async () => {
    clock = new Date('2026-07-01T09:00:00Z');
    const latecomer = t.agent();
    await latecomer.register('late@example.org');
    const before = await snapshot();
    const register = await latecomer.post(`/api/v1/competitions/${world.competitionId}/teams`, teamBody());
    expect(register.status).toBe(409);
    expect(register.body.error.code).toBe('teams.registration_closed');
    expect(register.body.error.message).toBe(
      `${world.world.competition.name} closed its submissions on 30 June 2026 at 23:59 (Asia/Shanghai time); new teams can no longer register.`,
    );
    const edit = await owner.agent.patch(`/api/v1/teams/${owner.team.id}`, { name: 'Renamed' });
    expect(edit.status).toBe(409);
    expect(edit.body.error.message).toMatch(/Team details can no longer be changed/);
    expect(await snapshot()).toEqual(before);
    const fix = await world.organizer.patch(`/api/v1/teams/${owner.team.id}`, {
      organization: 'Westlake Robotics Co., Ltd.',
    });
    expect(fix.status).toBe(200);
  });
});
