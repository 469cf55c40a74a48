// Nothing of an award is visible to anyone but its organizers before it is published: not on the
// public results or feed, not to the team that wins it, not to a judge. After, exactly the
// published ones, and never a score, a rank, a judge or a private note.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { type Agent, insertFinalSnapshot, insertReview, type Setup, setupAwards } from './awards.fixtures.ts';

let t: TestApp;
let s: Setup;
let stranger: Agent;
let anonymous: Agent;
const award = { grand: '', special: '', empty: '' };
const secrets = {
  grandName: 'Grand Prize of the Embargo Cup',
  grandCitation: 'For a retinal triage camera that works offline',
  specialName: 'Cybersecurity Special Award',
  specialCitation: 'For a gateway no one could break',
  emptyName: 'Award Nobody Won',
};

beforeAll(async () => {
  t = await startTestApp();
  s = await setupAwards(t, { perTrack: 2 });
  stranger = t.agent();
  await stranger.register(`embargo-stranger-${Date.now()}@example.org`);
  anonymous = t.agent();
  const [own, other, third] = s.entries as [
    Setup['entries'][number],
    Setup['entries'][number],
    Setup['entries'][number],
  ];
  await insertFinalSnapshot(t, { roundId: s.final.id, ranked: s.entries });
  const create = async (body: Record<string, unknown>) =>
    (await s.organizer.post(`/api/v1/competitions/${s.competition.id}/awards`, body)).body.award.id as string;
  award.grand = await create({
    name: secrets.grandName,
    kind: 'prize',
    level: 1,
    slots: 1,
    description: 'The top of the ladder.',
  });
  award.special = await create({ name: secrets.specialName, kind: 'special', slots: 2 });
  award.empty = await create({ name: secrets.emptyName, kind: 'special', slots: 1 });
  // The team's own entry wins the grand prize; the special award goes to it and another team.
  await s.organizer.put(`/api/v1/awards/${award.grand}/winners`, [
    { entryId: own.id, citation: secrets.grandCitation },
  ]);
  await s.organizer.put(`/api/v1/awards/${award.special}/winners`, [
    { entryId: other.id, citation: secrets.specialCitation },
    { entryId: own.id, citation: 'Also secure' },
  ]);
  // Reviews in the preliminary: two on the team's entry, one on someone else's.
  await insertReview(t, {
    roundId: s.rounds[0]!.id,
    entryId: own.id,
    judgeId: s.judge.id,
    comment: 'Clear problem, credible pilots.',
    privateNote: 'PRIVATE: I know the founder.',
  });
  await insertReview(t, {
    roundId: s.rounds[0]!.id,
    entryId: third.id,
    judgeId: s.judge.id,
    comment: 'Comment for another team.',
    privateNote: 'PRIVATE: other',
  });
  // A draft in the final: never shown, even once the final's feedback is released.
  await insertReview(t, {
    roundId: s.final.id,
    entryId: own.id,
    judgeId: s.judge.id,
    comment: 'DRAFT comment not submitted',
    privateNote: '',
    status: 'draft',
  });
});
afterAll(async () => t?.close());

/** Every path a non-organizer could use to learn about awards, with who is asking. */
async function nonOrganizerViews() {
  const views: Array<{ who: string; path: string; status: number; body: string }> = [];
  const record = async (who: string, agent: Agent, path: string) => {
    const reply = await agent.get(path);
    views.push({
      who,
      path,
      status: reply.status,
      body: typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body),
    });
    return reply;
  };
  const c = s.competition.id;
  for (const [who, agent] of [
    ['anonymous', anonymous],
    ['stranger', stranger],
    ['team', s.teamAgent],
    ['judge', s.judgeAgent],
  ] as const) {
    await record(who, agent, `/api/v1/public/competitions/${s.slug}/results`);
    await record(who, agent, `/api/v1/public/competitions/${s.slug}/feed.json`);
    await record(who, agent, `/api/v1/public/competitions/${s.slug}`);
    await record(who, agent, `/api/v1/competitions/${c}/awards`);
    await record(who, agent, `/api/v1/competitions/${c}/publish`);
    await record(who, agent, `/api/v1/competitions/${c}/awards.csv`);
    await record(who, agent, `/api/v1/competitions/${c}/results.csv`);
    await record(who, agent, `/api/v1/competitions/${c}/reviews.csv`);
    await record(who, agent, `/api/v1/me/results?competitionId=${c}`);
    for (const id of Object.values(award)) {
      await record(who, agent, `/api/v1/awards/${id}`);
      await record(who, agent, `/api/v1/awards/${id}/suggestions`);
    }
  }
  return views;
}

const leaks = (views: Awaited<ReturnType<typeof nonOrganizerViews>>, needles: string[]) =>
  views.flatMap((v) =>
    needles.filter((n) => v.body.includes(n)).map((n) => `${v.who} ${v.path} shows “${n}”`),
  );

describe('embargo', () => {
  test('before publication no public, team or judge path shows anything of any award', async () => {
    const views = await nonOrganizerViews();
    expect(
      leaks(
        views,
        Object.values(secrets).concat(Object.values(award), ['Also secure', 'The top of the ladder.']),
      ),
    ).toEqual([]);
    const results = await anonymous.get(`/api/v1/public/competitions/${s.slug}/results`);
    expect(results.status).toBe(200);
    expect(results.body).toMatchObject({
      competition: { slug: s.slug, resultsPublishedAt: null },
      awards: [],
      lastEventId: '0',
    });
    const feed = await anonymous.get(`/api/v1/public/competitions/${s.slug}/feed.json`);
    expect(feed.headers['content-type']).toContain('application/feed+json');
    expect(feed.body.items).toEqual([]);
    const mine = await s.teamAgent.get(`/api/v1/me/results?competitionId=${s.competition.id}`);
    expect(mine.status).toBe(200);
    expect(mine.body.entries.map((e: { awards: unknown[] }) => e.awards)).toEqual([[]]);
    // Organizer-only paths answer 401/403/404, never the data.
    for (const v of views.filter((v) => !v.path.includes('/public/') && !v.path.includes('/me/results'))) {
      expect([401, 403, 404]).toContain(v.status);
    }
    // Only a team owner has results of its own here.
    for (const v of views.filter((v) => v.path.includes('/me/results') && v.who !== 'team'))
      expect([401, 404]).toContain(v.status);
  });

  test('released feedback is off until the organizer releases it', async () => {
    const mine = await s.teamAgent.get(`/api/v1/me/results?competitionId=${s.competition.id}`);
    expect(mine.body.entries[0].feedback).toEqual([]);
  });

  test('a reveal makes exactly that award public: to everyone, to its team, and nothing else', async () => {
    const reveal = await s.organizer.post(`/api/v1/competitions/${s.competition.id}/reveal`, {
      awardId: award.special,
    });
    expect(reveal.status).toBe(200);
    const views = await nonOrganizerViews();
    expect(
      leaks(views, [
        secrets.grandName,
        secrets.grandCitation,
        secrets.emptyName,
        award.grand,
        award.empty,
        'The top of the ladder.',
      ]),
    ).toEqual([]);

    const results = await anonymous.get(`/api/v1/public/competitions/${s.slug}/results`);
    expect(results.body.awards).toHaveLength(1);
    const [special] = results.body.awards;
    expect(special).toMatchObject({
      id: award.special,
      name: secrets.specialName,
      kind: 'special',
      level: null,
    });
    expect(special.winners).toEqual([
      {
        entryId: s.entries[1]!.id,
        title: s.entries[1]!.title,
        team: s.entries[1]!.team,
        country: s.entries[1]!.country,
        track: 'Artificial Intelligence',
        trackZh: '',
        citation: secrets.specialCitation,
        citationZh: '',
      },
      {
        entryId: s.entries[0]!.id,
        title: s.entries[0]!.title,
        team: s.entries[0]!.team,
        country: s.entries[0]!.country,
        track: 'Artificial Intelligence',
        trackZh: '',
        citation: 'Also secure',
        citationZh: '',
      },
    ]);
    expect(results.body.lastEventId).toBe('1');
    // Scores, ranks and judges are never public, published or not.
    const text = JSON.stringify(results.body);
    for (const word of ['score', 'rank', 'interval', 'judge', 'Judge Quill', 'organization'])
      expect(text).not.toContain(word);

    const feed = await anonymous.get(`/api/v1/public/competitions/${s.slug}/feed.json`);
    expect(feed.body).toMatchObject({ version: 'https://jsonfeed.org/version/1.1' });
    expect(feed.body.items.map((i: { id: string; title: string }) => [i.id, i.title])).toEqual([
      [award.special, secrets.specialName],
    ]);
    expect(feed.body.items[0].content_text).toContain(secrets.specialCitation);
    expect(feed.body.items[0]._wuzhen.award).toEqual(special);

    const mine = await s.teamAgent.get(`/api/v1/me/results?competitionId=${s.competition.id}`);
    expect(mine.body.entries[0].awards).toEqual([
      expect.objectContaining({
        id: award.special,
        name: secrets.specialName,
        kind: 'special',
        citation: 'Also secure',
      }),
    ]);
    // The judge still sees nothing organizer-only.
    expect((await s.judgeAgent.get(`/api/v1/awards/${award.special}`)).status).toBe(404);
  });

  test('after publishing all, exactly the awards with winners are public, the ladder first', async () => {
    const published = await s.organizer.post(`/api/v1/competitions/${s.competition.id}/publish`, {});
    expect(published.status).toBe(200);
    const results = await anonymous.get(`/api/v1/public/competitions/${s.slug}/results`);
    expect(results.body.awards.map((a: { id: string }) => a.id)).toEqual([award.grand, award.special]);
    expect(results.body.awards[0]).toMatchObject({
      name: secrets.grandName,
      level: 1,
      kind: 'prize',
      description: 'The top of the ladder.',
    });
    expect(results.body.competition.resultsPublishedAt).not.toBeNull();
    const views = await nonOrganizerViews();
    expect(leaks(views, [secrets.emptyName, award.empty])).toEqual([]);
    const mine = await s.teamAgent.get(`/api/v1/me/results?competitionId=${s.competition.id}`);
    expect(mine.body.entries[0].awards.map((a: { id: string }) => a.id).sort()).toEqual(
      [award.grand, award.special].sort(),
    );
    // Published does not mean the organizers' data opens up.
    for (const path of [
      `/api/v1/competitions/${s.competition.id}/awards`,
      `/api/v1/competitions/${s.competition.id}/reviews.csv`,
    ]) {
      expect((await s.judgeAgent.get(path)).status).toBe(403);
      expect((await s.teamAgent.get(path)).status).toBe(403);
    }
  });

  test('once released, a team reads its judges’ comments: its own, submitted, without judge or private note', async () => {
    await s.organizer.post(`/api/v1/rounds/${s.rounds[0]!.id}/feedback`, { released: true });
    await s.organizer.post(`/api/v1/rounds/${s.final.id}/feedback`, { released: true });
    const mine = await s.teamAgent.get(`/api/v1/me/results?competitionId=${s.competition.id}`);
    expect(mine.body.entries[0].feedback).toEqual([
      {
        roundId: s.rounds[0]!.id,
        roundName: 'Online preliminary',
        releasedAt: expect.any(String),
        comments: ['Clear problem, credible pilots.'],
      },
    ]);
    const text = JSON.stringify(mine.body);
    for (const hidden of [
      'PRIVATE',
      'Comment for another team.',
      s.judge.name,
      s.judgeEmail,
      'DRAFT',
      'total',
    ])
      expect(text).not.toContain(hidden);
    // The score as a value, not "7.5" inside a time such as 17:12:37.542 (which failed this once).
    expect(text).not.toMatch(/[:"[,]7\.5(?!\d)/);
    await s.organizer.post(`/api/v1/rounds/${s.rounds[0]!.id}/feedback`, { released: false });
    await s.organizer.post(`/api/v1/rounds/${s.final.id}/feedback`, { released: false });
    const withdrawn = await s.teamAgent.get(`/api/v1/me/results?competitionId=${s.competition.id}`);
    expect(withdrawn.body.entries[0].feedback).toEqual([]);
  });

  test('another competition’s results show none of these; an unknown slug is a 404', async () => {
    const other = await setupAwards(t, { perTrack: 1 });
    const results = await anonymous.get(`/api/v1/public/competitions/${other.slug}/results`);
    expect(results.body.awards).toEqual([]);
    expect((await anonymous.get('/api/v1/public/competitions/no-such-cup/results')).status).toBe(404);
    expect((await anonymous.get('/api/v1/public/competitions/no-such-cup/feed.json')).status).toBe(404);
    expect((await s.teamAgent.get(`/api/v1/me/results?competitionId=${other.competition.id}`)).status).toBe(
      404,
    );
    expect((await s.teamAgent.get('/api/v1/me/results')).status).toBe(400);
  });
});
