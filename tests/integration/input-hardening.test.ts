// Text PostgreSQL cannot store, and addresses the router refuses, answer a 4xx in the error format
// naming the field, and store nothing (they were 500s, or Fastify's own bodies).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { countRows, startTestApp, type TestApp } from '../support/app.ts';
import { setupCompetition } from './entries.fixtures.ts';

let t: TestApp;
let world: Awaited<ReturnType<typeof setupCompetition>>;
let assignmentId: string;
let judgeAgent: Awaited<ReturnType<typeof world.newJudge>>['agent'];
let entryId: string;
let awardId: string;

beforeAll(async () => {
  t = await startTestApp();
  world = await setupCompetition(t);
  const { agent, team } = await world.newTeam();
  const entry = await world.newEntry(agent, team.id);
  entryId = entry.id;
  const judge = await world.newJudge('Judge Quill');
  judgeAgent = judge.agent;
  assignmentId = (await world.assign(judge.judgeId, entry.id)).id;
  const award = await world.organizer.post(`/api/v1/competitions/${world.competitionId}/awards`, {
    name: 'Grand Prize',
    kind: 'prize',
    level: 1,
    slots: 1,
  });
  awardId = award.body.award.id;
});
afterAll(async () => t?.close());

const refused = (reply: { status: number; body: any }, status: number, field?: string) => {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  expect(reply.body).toEqual({
    error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
    requestId: expect.any(String),
  });
  if (field) expect(reply.body.error.message.startsWith(`${field}: `), reply.body.error.message).toBe(true);
};

describe('text that cannot be stored', () => {
  const nul = 'a\u0000b';
  const lone = 'x\ud800y';

  test.each([
    ['a NUL', nul],
    ['a lone surrogate', lone],
  ])('%s in a review comment is a 400 naming the comment, and saves nothing', async (_, text) => {
    const before = await countRows(t, 'reviews');
    const reply = await judgeAgent.put(`/api/v1/assignments/${assignmentId}/review`, {
      scores: {},
      comment: text,
      submit: false,
    });
    refused(reply, 400, 'comment');
    expect(await countRows(t, 'reviews')).toBe(before);
  });

  test('a lone surrogate in a citation is a 400 naming it', async () => {
    const before = await countRows(t, 'award_winners');
    const reply = await world.organizer.put(`/api/v1/awards/${awardId}/winners`, [
      { entryId, citation: lone },
    ]);
    refused(reply, 400, '0.citation');
    expect(await countRows(t, 'award_winners')).toBe(before);
  });

  test('a lone surrogate in an imported title is a 400 naming its row', async () => {
    const before = await countRows(t, 'entries');
    const reply = await world.organizer.post(`/api/v1/competitions/${world.competitionId}/entries/import`, {
      teams: [
        {
          name: 'Imported Team',
          organization: 'Imported Org',
          country: 'CN',
          entries: [{ trackId: world.trackIds[0], title: lone, summary: 'A summary.' }],
        },
      ],
    });
    refused(reply, 400, 'teams.0.entries.0.title');
    expect(await countRows(t, 'entries')).toBe(before);
  });

  test('a NUL in a field name, a query or a path id is a 400 naming it', async () => {
    refused(
      await world.organizer.patch(`/api/v1/competitions/${world.competitionId}`, { ['na\u0000me']: 'x' }),
      400,
      'na\u0000me',
    );
    refused(await world.organizer.get('/api/v1/rounds/abc%00'), 400, 'params.roundId');
    refused(await world.organizer.get(`/api/v1/entries/${entryId}%00`), 400, 'params.entryId');
    refused(
      await world.organizer.get(`/api/v1/competitions/${world.competitionId}/entries?cursor=%00`),
      400,
      'querystring.cursor',
    );
  });
});

describe('addresses the router refuses', () => {
  test('an id longer than any id is a 400 naming it; a path segment past the router’s limit a 414', async () => {
    refused(await world.organizer.get(`/api/v1/rounds/${'r'.repeat(200)}`), 400, 'params.roundId');
    refused(await world.organizer.get(`/api/v1/rounds/${'r'.repeat(5000)}`), 414);
  });

  test('a %-escape that is not UTF-8 is a 400 in the error format', async () => {
    refused(await world.organizer.get('/api/v1/files/%FF%FE'), 400);
    refused(await t.agent().get('/api/v1/files/%FF%FE'), 400);
  });
});

describe('refusals say what to do, not what the validator found', () => {
  test('a name too long, a language not offered: the limit and the choices, nothing stored', async () => {
    const long = await judgeAgent.patch('/api/v1/auth/me', { name: 'n'.repeat(121) });
    refused(long, 400, 'name');
    expect(long.body.error.message).toBe('name: Use at most 120 characters.');
    const language = await judgeAgent.patch('/api/v1/auth/me', { language: 'xx' });
    refused(language, 400, 'language');
    expect(language.body.error.message).toBe('language: Choose one of: en, zh.');
    expect((await judgeAgent.get('/api/v1/auth/me')).body.user.name).toBe('Judge Quill');
  });
});
