// A PATCH changes only what it names, on every resource, and a PATCH naming nothing is a 400 that
// lists what may be named (it was a 500 on rounds and judges).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Agent, startTestApp, type TestApp } from '../support/app.ts';
import { acceptAsJudge, addJudge } from './assignment.fixtures.ts';
import { setupCompetition } from './entries.fixtures.ts';

let t: TestApp;
let world: Awaited<ReturnType<typeof setupCompetition>>;
let office: Agent;
let teamAgent: Agent;
let judgeAgent: Agent;
let ids: { competition: string; round: string; team: string; entry: string; judge: string; award: string };

beforeAll(async () => {
  t = await startTestApp();
  world = await setupCompetition(t);
  office = world.organizer;
  const competition = world.competitionId;
  const described = await office.patch(`/api/v1/competitions/${competition}`, {
    description: 'Six tracks and a live final.',
    timezone: 'Europe/Berlin',
  });
  expect(described.status).toBe(200);
  const { agent, team } = await world.newTeam();
  teamAgent = agent;
  const entry = await world.newEntry(agent, team.id, {
    websiteUrl: 'https://westlake.example',
    avoidOrganizations: ['Rival Corp'],
  });
  const judge = await addJudge(office, competition, {
    organization: 'Zhejiang University',
    expertise: [world.trackIds[0]!],
    capacity: 7,
  });
  judgeAgent = await acceptAsJudge(t, judge.invitationUrl);
  const award = await office.post(`/api/v1/competitions/${competition}/awards`, {
    name: 'Grand Prize',
    kind: 'prize',
    level: 1,
    slots: 2,
    description: 'The best of the competition.',
  });
  expect(award.status).toBe(201);
  ids = {
    competition,
    round: world.world.rounds[0].id,
    team: team.id,
    entry: entry.id,
    judge: judge.judge.id,
    award: award.body.award.id,
  };
});
afterAll(async () => t?.close());

type Case = {
  resource: string;
  agent: () => Agent;
  url: () => string;
  /** Where and by whom the resource is read back (the PATCH URL and agent unless given). */
  read?: () => string;
  reader?: () => Agent;
  change: Record<string, unknown>;
  wrapper: string;
};

const cases: Case[] = [
  {
    resource: 'competition',
    agent: () => office,
    url: () => `/api/v1/competitions/${ids.competition}`,
    change: { name: 'Renamed Cup' },
    wrapper: 'competition',
  },
  {
    resource: 'round',
    agent: () => office,
    url: () => `/api/v1/rounds/${ids.round}`,
    change: { name: 'Renamed round' },
    wrapper: 'round',
  },
  {
    resource: 'team',
    agent: () => teamAgent,
    url: () => `/api/v1/teams/${ids.team}`,
    change: { name: 'Renamed Robotics' },
    wrapper: 'team',
  },
  {
    resource: 'entry',
    agent: () => teamAgent,
    url: () => `/api/v1/entries/${ids.entry}`,
    change: { title: 'A renamed project' },
    wrapper: 'entry',
  },
  {
    resource: 'judge (by the organizer)',
    agent: () => office,
    url: () => `/api/v1/competitions/${ids.competition}/judges/${ids.judge}`,
    read: () => `/api/v1/competitions/${ids.competition}/judges/me`,
    reader: () => judgeAgent,
    change: { name: 'Renamed Judge' },
    wrapper: 'judge',
  },
  {
    resource: 'judge (own profile)',
    agent: () => judgeAgent,
    url: () => `/api/v1/competitions/${ids.competition}/judges/me`,
    change: { country: 'DE' },
    wrapper: 'judge',
  },
  {
    resource: 'award',
    agent: () => office,
    url: () => `/api/v1/awards/${ids.award}`,
    change: { name: 'Renamed Prize' },
    wrapper: 'award',
  },
];

const volatile = new Set(['updatedAt', 'editable', 'missing', 'myRoles']);
const stable = (resource: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(resource).filter(([key]) => !volatile.has(key)));

describe('PATCH', () => {
  test.each(cases)(
    '$resource: changes only the fields it names',
    async ({ agent, url, read, reader, change, wrapper }) => {
      const get = () => (reader ?? agent)().get((read ?? url)());
      const before = await get();
      expect(before.status).toBe(200);
      const reply = await agent().patch(url(), change);
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      const after = await get();
      expect(stable(after.body[wrapper])).toEqual({ ...stable(before.body[wrapper]), ...change });
    },
  );

  test.each(cases)(
    '$resource: an empty body is a 400 naming the fields, and changes nothing',
    async ({ agent, url, read, reader, wrapper }) => {
      const get = () => (reader ?? agent)().get((read ?? url)());
      const before = await get();
      for (const body of [{}, { unknownField: 'x' }]) {
        const reply = await agent().patch(url(), body);
        expect(reply.status).toBe(400);
        expect(reply.body).toEqual({
          error: {
            code: 'request.invalid',
            message: expect.stringMatching(/Name at least one field/),
            details: expect.anything(),
          },
          requestId: expect.any(String),
        });
      }
      const after = await get();
      expect(after.body[wrapper]).toEqual(before.body[wrapper]);
    },
  );
});
