import { localizePublicCompetition, localizePublicResults, type PublicResults } from '@wuzhen/shared';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { awards } from '../../server/src/modules/awards/awards.table.ts';
import { competitions, tracks } from '../../server/src/modules/competitions/competitions.table.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { type Setup, setupAwards } from './awards.fixtures.ts';

let t: TestApp;
let s: Setup;
beforeAll(async () => {
  t = await startTestApp();
  s = await setupAwards(t, { perTrack: 2 });
});
afterAll(async () => t?.close());

const competitionUrl = () => `/api/v1/competitions/${s.competition.id}`;

describe('what organizers write, in English and Chinese', () => {
  test('a competition and its tracks keep both versions, and readers of each language see theirs', async () => {
    const patched = await s.organizer.patch(competitionUrl(), {
      nameZh: '  直通乌镇测试赛  ',
      description: '',
      descriptionZh: '只有中文的简介。',
    });
    expect(patched.status).toBe(200);
    expect(patched.body.competition).toMatchObject({
      nameZh: '直通乌镇测试赛',
      description: '',
      descriptionZh: '只有中文的简介。',
    });
    const [ai, med] = s.tracks;
    const renamed = await s.organizer.patch(`/api/v1/tracks/${ai.id}`, { nameZh: '人工智能' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.track).toMatchObject({ name: 'Artificial Intelligence', nameZh: '人工智能' });
    const added = await s.organizer.post(`${competitionUrl()}/tracks`, {
      name: 'Open Source',
      nameZh: '开源',
    });
    expect(added.status).toBe(201);
    expect(added.body.track).toMatchObject({ name: 'Open Source', nameZh: '开源' });

    const listed = await t.agent().get('/api/v1/public/competitions');
    const mine = listed.body.items.find((c: { id: string }) => c.id === s.competition.id);
    expect(mine).toMatchObject({ nameZh: '直通乌镇测试赛', descriptionZh: '只有中文的简介。' });
    const zh = localizePublicCompetition(mine, 'zh-CN');
    const en = localizePublicCompetition(mine, 'en');
    expect(zh.name).toBe('直通乌镇测试赛');
    expect(en.name).toBe(s.competition.name);
    // No English description: English readers see the Chinese one rather than nothing.
    expect(en.description).toBe('只有中文的简介。');
    expect(zh.tracks.map((tr) => tr.name)).toEqual(['人工智能', med.name, '开源']);
    expect(en.tracks.map((tr) => tr.name)).toEqual([ai.name, med.name, 'Open Source']);
  });

  test('a rubric keeps both versions of its labels and descriptions', async () => {
    const reply = await s.organizer.post(`${competitionUrl()}/rounds`, {
      name: 'Semi-final',
      kind: 'review',
      reviewsPerEntry: 1,
      judgeCapacity: 10,
      criteria: [
        {
          key: 'innovation',
          label: 'Innovation',
          labelZh: '创新性',
          description: 'How new is it?',
          descriptionZh: '有多新颖？',
          weight: 1,
          min: 1,
          max: 10,
        },
        { key: 'market', label: 'Market', weight: 1, min: 1, max: 10 },
      ],
    });
    expect(reply.status).toBe(201);
    expect(reply.body.round.criteria).toMatchObject([
      { key: 'innovation', label: 'Innovation', labelZh: '创新性', descriptionZh: '有多新颖？' },
      { key: 'market', label: 'Market', labelZh: '', descriptionZh: '' },
    ]);
    const rounds = await s.organizer.get(`${competitionUrl()}/rounds`);
    const semi = rounds.body.items.find((r: { id: string }) => r.id === reply.body.round.id);
    expect(semi.criteria[0].labelZh).toBe('创新性');
  });

  test('awards, descriptions and citations reach the public in both languages, with fallback', async () => {
    const grand = await s.organizer.post(`${competitionUrl()}/awards`, {
      name: 'Grand Prize',
      nameZh: '特等奖',
      kind: 'prize',
      level: 1,
      slots: 1,
      description: 'The best project.',
      descriptionZh: '',
    });
    expect(grand.status).toBe(201);
    expect(grand.body.award).toMatchObject({ name: 'Grand Prize', nameZh: '特等奖', descriptionZh: '' });
    const special = await s.organizer.post(`${competitionUrl()}/awards`, {
      name: 'Rising Star Award',
      kind: 'special',
      slots: 1,
    });
    expect(special.status).toBe(201);
    const [first, second] = s.entries;
    const chosen = await s.organizer.put(`/api/v1/awards/${grand.body.award.id}/winners`, [
      { entryId: first!.id, citation: 'A clear winner.', citationZh: '当之无愧的冠军。' },
    ]);
    expect(chosen.status).toBe(200);
    expect(chosen.body.award.winners[0]).toMatchObject({
      citation: 'A clear winner.',
      citationZh: '当之无愧的冠军。',
      trackZh: '人工智能',
    });
    await s.organizer.put(`/api/v1/awards/${special.body.award.id}/winners`, [
      { entryId: second!.id, citation: 'Bold.' },
    ]);
    // Only the Chinese citation changes; the English one stays as it was.
    const corrected = await s.organizer.put(`/api/v1/awards/${special.body.award.id}/citations`, [
      { entryId: second!.id, citation: 'Bold.', citationZh: '大胆。' },
    ]);
    expect(corrected.status).toBe(200);
    expect(corrected.body.award.winners[0]).toMatchObject({ citation: 'Bold.', citationZh: '大胆。' });
    expect((await s.organizer.post(`${competitionUrl()}/publish`, {})).status).toBe(200);

    const reply = await t.agent().get(`/api/v1/public/competitions/${s.slug}/results`);
    expect(reply.status).toBe(200);
    const results = reply.body as PublicResults;
    const zh = localizePublicResults(results, 'zh-CN');
    const en = localizePublicResults(results, 'en');
    const zhGrand = zh.awards.find((a) => a.id === grand.body.award.id)!;
    const enGrand = en.awards.find((a) => a.id === grand.body.award.id)!;
    expect(zhGrand).toMatchObject({ name: '特等奖', description: 'The best project.' });
    expect(zhGrand.winners[0]).toMatchObject({ citation: '当之无愧的冠军。', track: '人工智能' });
    expect(enGrand).toMatchObject({ name: 'Grand Prize' });
    expect(enGrand.winners[0]).toMatchObject({
      citation: 'A clear winner.',
      track: 'Artificial Intelligence',
    });
    // Nothing written in Chinese: Chinese readers see the English name.
    expect(zh.awards.find((a) => a.id === special.body.award.id)).toMatchObject({
      name: 'Rising Star Award',
    });
    expect(zh.competition).toMatchObject({ name: '直通乌镇测试赛', description: '只有中文的简介。' });

    const team = await s.teamAgent.get(`/api/v1/me/results?competitionId=${s.competition.id}`);
    expect(team.status).toBe(200);
    const held = team.body.entries.find((e: { entryId: string }) => e.entryId === first!.id);
    expect(held.trackZh).toBe('人工智能');
    expect(held.awards[0]).toMatchObject({ nameZh: '特等奖', citationZh: '当之无愧的冠军。' });
  });

  test('a Chinese version that is too long or not text is refused, and nothing is stored', async () => {
    const before = await t.db.select().from(competitions).where(eq(competitions.id, s.competition.id));
    const tooLong = await s.organizer.patch(competitionUrl(), {
      name: 'Renamed Cup',
      nameZh: '长'.repeat(201),
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'nameZh' })]),
    );
    const notText = await s.organizer.post(`${competitionUrl()}/tracks`, { name: 'Robotics', nameZh: 42 });
    expect(notText.status).toBe(400);
    expect(notText.body.error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'nameZh' })]),
    );
    const award = await s.organizer.post(`${competitionUrl()}/awards`, {
      name: 'Too Long Award',
      kind: 'special',
      slots: 1,
      descriptionZh: '长'.repeat(5001),
    });
    expect(award.status).toBe(400);
    const after = await t.db.select().from(competitions).where(eq(competitions.id, s.competition.id));
    expect(after).toEqual(before);
    expect(await t.db.select().from(tracks).where(eq(tracks.name, 'Robotics'))).toHaveLength(0);
    expect(await t.db.select().from(awards).where(eq(awards.name, 'Too Long Award'))).toHaveLength(0);
  });
});
