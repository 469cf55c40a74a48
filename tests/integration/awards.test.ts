import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { awardWinners } from '../../server/src/modules/awards/awards.table.ts';
import { entries } from '../../server/src/modules/entries/entries.table.ts';
import { countRows, startTestApp, type TestApp } from '../support/app.ts';
import { errorOf, insertFinalSnapshot, insertReview, type Setup, setupAwards } from './awards.fixtures.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

const awardsUrl = (s: Setup) => `/api/v1/competitions/${s.competition.id}/awards`;
const winnersOf = async (awardId: string) =>
  (await t.db.select().from(awardWinners).where(eq(awardWinners.awardId, awardId)))
    .map((w) => w.entryId)
    .sort();

async function createAward(s: Setup, body: Record<string, unknown>) {
  const reply = await s.organizer.post(awardsUrl(s), body);
  if (reply.status !== 201) throw new Error(`create award: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body.award as { id: string; name: string; kind: string };
}

describe('defining awards', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setupAwards(t);
  });

  test('an organizer builds the ladder (overall and per track) and special awards, in order', async () => {
    const ai = s.tracks[0]!;
    const med = s.tracks[1]!;
    const grand = await s.organizer.post(awardsUrl(s), {
      name: 'Grand Prize',
      kind: 'prize',
      level: 1,
      slots: 1,
      description: 'The best project of the year.',
    });
    expect(grand.status).toBe(201);
    expect(grand.body.award).toMatchObject({
      name: 'Grand Prize',
      kind: 'prize',
      level: 1,
      trackId: null,
      eligibleTrackIds: [],
      slots: 1,
      description: 'The best project of the year.',
      publishedAt: null,
      winners: [],
    });
    const first = await s.organizer.post(awardsUrl(s), {
      name: 'First Prize — AI',
      kind: 'prize',
      level: 2,
      trackId: ai.id,
      slots: 2,
    });
    expect(first.status).toBe(201);
    expect(first.body.award).toMatchObject({ level: 2, trackId: ai.id });
    const special = await s.organizer.post(awardsUrl(s), {
      name: 'Digital Medical Care Award',
      kind: 'special',
      eligibleTrackIds: [med.id, med.id],
      slots: 1,
    });
    expect(special.status).toBe(201);
    expect(special.body.award).toMatchObject({ kind: 'special', level: null, eligibleTrackIds: [med.id] });

    const list = await s.organizer.get(awardsUrl(s));
    expect(list.status).toBe(200);
    expect(list.body.items.map((a: { name: string }) => a.name)).toEqual([
      'Grand Prize',
      'First Prize — AI',
      'Digital Medical Care Award',
    ]);
    expect(list.body.items.map((a: { position: number }) => a.position)).toEqual([1, 2, 3]);
    expect(list.body.nextCursor).toBeNull();

    const one = await s.organizer.get(`/api/v1/awards/${grand.body.award.id}`);
    expect(one.status).toBe(200);
    expect(one.body.award.name).toBe('Grand Prize');
  });

  test.each([
    [{ name: 'No level', kind: 'prize', slots: 1 }, 'level'],
    [{ name: 'Special with level', kind: 'special', level: 2, slots: 1 }, 'level'],
    [{ name: 'Zero slots', kind: 'prize', level: 1, slots: 0 }, 'slots'],
    [{ name: 'Too many slots', kind: 'prize', level: 1, slots: 5000 }, 'slots'],
    [{ name: 'X', kind: 'prize', level: 1, slots: 1 }, 'name'],
    [{ name: 'Bad kind', kind: 'trophy', slots: 1 }, 'kind'],
    [
      { name: 'Prize with eligible', kind: 'prize', level: 1, slots: 1, eligibleTrackIds: ['x'] },
      'eligibleTrackIds',
    ],
    [{ name: 'Long description', kind: 'special', slots: 1, description: 'x'.repeat(5001) }, 'description'],
  ])('refuses bad input %# with a 400 naming the field, and stores nothing', async (body, field) => {
    const before = await countRows(t, 'awards');
    const reply = await s.organizer.post(awardsUrl(s), body);
    expect(reply.status).toBe(400);
    expect(errorOf(reply)!.code).toBe('request.invalid');
    expect(reply.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    expect(await countRows(t, 'awards')).toBe(before);
  });

  test('a track of another competition or a taken name is refused, and nothing is stored', async () => {
    const other = await setupAwards(t, { perTrack: 1 });
    const before = await countRows(t, 'awards');
    const foreignTrack = await s.organizer.post(awardsUrl(s), {
      name: 'Stolen track',
      kind: 'prize',
      level: 3,
      trackId: other.tracks[0]!.id,
      slots: 1,
    });
    expect(foreignTrack.status).toBe(400);
    expect(errorOf(foreignTrack)!.code).toBe('awards.unknown_track');
    const foreignEligible = await s.organizer.post(awardsUrl(s), {
      name: 'Stolen eligible',
      kind: 'special',
      eligibleTrackIds: [other.tracks[0]!.id],
      slots: 1,
    });
    expect(foreignEligible.status).toBe(400);
    expect(foreignEligible.body.error.details[0].path).toBe('eligibleTrackIds.0');
    await createAward(s, { name: 'Unique Name Award', kind: 'special', slots: 1 });
    const taken = await s.organizer.post(awardsUrl(s), {
      name: 'unique name award',
      kind: 'special',
      slots: 2,
    });
    expect(taken.status).toBe(409);
    expect(errorOf(taken)!.code).toBe('awards.name_taken');
    expect(await countRows(t, 'awards')).toBe(before + 1);
  });

  test('an organizer changes and deletes an award; each change is audited', async () => {
    const award = await createAward(s, { name: 'Third Prize', kind: 'prize', level: 4, slots: 3 });
    const patched = await s.organizer.patch(`/api/v1/awards/${award.id}`, {
      slots: 5,
      description: 'Five of them.',
      trackId: s.tracks[1]!.id,
      position: 10,
    });
    expect(patched.status).toBe(200);
    expect(patched.body.award).toMatchObject({
      slots: 5,
      description: 'Five of them.',
      trackId: s.tracks[1]!.id,
      position: 10,
    });
    const badPatch = await s.organizer.patch(`/api/v1/awards/${award.id}`, {
      eligibleTrackIds: [s.tracks[0]!.id],
    });
    expect(badPatch.status).toBe(400);
    const deleted = await s.organizer.delete(`/api/v1/awards/${award.id}`);
    expect(deleted.status).toBe(200);
    expect((await s.organizer.get(`/api/v1/awards/${award.id}`)).status).toBe(404);
    const audit = await s.organizer.get(`/api/v1/competitions/${s.competition.id}/audit?limit=50`);
    const mine = audit.body.items
      .filter((a: { entityId: string }) => a.entityId === award.id)
      .map((a: { action: string }) => a.action);
    expect(mine).toEqual(['award.deleted', 'award.updated', 'award.created']);
    const update = audit.body.items.find(
      (a: { action: string; entityId: string }) => a.action === 'award.updated' && a.entityId === award.id,
    );
    expect(update.before.slots).toBe(3);
    expect(update.after.slots).toBe(5);
  });

  test('judges, teams and strangers can neither see nor change awards, and nothing leaks', async () => {
    const award = await createAward(s, {
      name: 'Secret Special',
      kind: 'special',
      slots: 1,
      description: 'hush',
    });
    const stranger = t.agent();
    await stranger.register(`stranger-${Date.now()}@example.org`);
    const before = await countRows(t, 'awards');
    for (const [agent, listStatus] of [
      [s.judgeAgent, 403],
      [s.teamAgent, 403],
      [stranger, 404],
    ] as const) {
      const list = await agent.get(awardsUrl(s));
      expect(list.status).toBe(listStatus);
      expect(JSON.stringify(list.body)).not.toContain('Secret Special');
      expect((await agent.post(awardsUrl(s), { name: 'Sneaky', kind: 'special', slots: 1 })).status).toBe(
        listStatus,
      );
      for (const reply of [
        await agent.get(`/api/v1/awards/${award.id}`),
        await agent.patch(`/api/v1/awards/${award.id}`, { name: 'Hijacked' }),
        await agent.delete(`/api/v1/awards/${award.id}`),
        await agent.get(`/api/v1/awards/${award.id}/suggestions`),
        await agent.put(`/api/v1/awards/${award.id}/winners`, [
          { entryId: s.entries[0]!.id, citation: 'me' },
        ]),
      ]) {
        expect(reply.status).toBe(404);
        expect(JSON.stringify(reply.body)).not.toContain('Secret Special');
      }
    }
    const anonymous = t.agent();
    expect((await anonymous.get(awardsUrl(s))).status).toBe(401);
    expect(await countRows(t, 'awards')).toBe(before);
    expect((await s.organizer.get(`/api/v1/awards/${award.id}`)).body.award.name).toBe('Secret Special');
  });
});

describe('suggestions from the final tally', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setupAwards(t, { perTrack: 4 });
  });

  test('without a tally of the final round the answer is a 409 that says what to do', async () => {
    const award = await createAward(s, { name: 'Grand Prize', kind: 'prize', level: 1, slots: 1 });
    const reply = await s.organizer.get(`/api/v1/awards/${award.id}/suggestions`);
    expect(reply.status).toBe(409);
    expect(errorOf(reply)!.code).toBe('awards.no_tally');
    expect(errorOf(reply)!.message).toContain('Live final');
  });

  test('eligible entries come by rank with intervals and tie flags; tracks, withdrawals and held prizes filter them', async () => {
    const [ai1, ai2, ai3, ai4, med1, med2, med3, med4] = s.entries as [
      Setup['entries'][number],
      ...Setup['entries'],
    ];
    // Overall order: med1, ai1, ai2 (tied with med2), med2, ai3, med3, ai4, med4
    await insertFinalSnapshot(t, {
      roundId: s.final.id,
      ranked: [med1!, ai1, ai2!, med2!, ai3!, med3!, ai4!, med4!],
      tiedAt: 2,
    });
    // A withdrawn entry never comes up.
    await t.db.update(entries).set({ status: 'withdrawn' }).where(eq(entries.id, ai4!.id));

    const overall = await createAward(s, { name: 'Overall First Prize', kind: 'prize', level: 2, slots: 2 });
    const sugg = await s.organizer.get(`/api/v1/awards/${overall.id}/suggestions`);
    expect(sugg.status).toBe(200);
    expect(sugg.body.rankedBy).toBe('rank');
    expect(sugg.body.round.name).toBe('Live final');
    expect(sugg.body.items.map((i: { entryId: string }) => i.entryId)).toEqual([
      med1!.id,
      ai1.id,
      ai2!.id,
      med2!.id,
      ai3!.id,
      med3!.id,
      med4!.id,
    ]);
    const tied = sugg.body.items
      .filter((i: { tie: boolean }) => i.tie)
      .map((i: { entryId: string; rank: number }) => [i.entryId, i.rank]);
    expect(tied).toEqual([
      [ai2!.id, 3],
      [med2!.id, 3],
    ]);
    expect(sugg.body.items[0]).toMatchObject({
      title: med1!.title,
      team: med1!.team,
      country: med1!.country,
      track: 'Digital Medicine',
      rank: 1,
      trackRank: 1,
      reviews: 5,
      chosen: false,
    });
    expect(sugg.body.items[0].interval).toHaveLength(2);

    // Track prize: only its track, by track rank.
    const aiPrize = await createAward(s, {
      name: 'AI Second Prize',
      kind: 'prize',
      level: 3,
      trackId: s.tracks[0]!.id,
      slots: 1,
    });
    const aiSugg = await s.organizer.get(`/api/v1/awards/${aiPrize.id}/suggestions`);
    expect(aiSugg.body.rankedBy).toBe('trackRank');
    expect(
      aiSugg.body.items.map((i: { entryId: string; trackRank: number }) => [i.entryId, i.trackRank]),
    ).toEqual([
      [ai1.id, 1],
      [ai2!.id, 2],
      [ai3!.id, 3],
    ]);

    // Once med1 holds the overall prize, no other prize suggests it; a special award still does.
    expect(
      (
        await s.organizer.put(`/api/v1/awards/${overall.id}/winners`, [
          { entryId: med1!.id, citation: 'Saves lives.' },
        ])
      ).status,
    ).toBe(200);
    const again = await s.organizer.get(`/api/v1/awards/${overall.id}/suggestions`);
    expect(again.body.items[0]).toMatchObject({ entryId: med1!.id, chosen: true });
    const grand = await createAward(s, { name: 'Grand Prize 2026', kind: 'prize', level: 1, slots: 1 });
    const grandSugg = await s.organizer.get(`/api/v1/awards/${grand.id}/suggestions`);
    expect(grandSugg.body.items.map((i: { entryId: string }) => i.entryId)).not.toContain(med1!.id);
    const special = await createAward(s, {
      name: 'Medicine Special',
      kind: 'special',
      eligibleTrackIds: [s.tracks[1]!.id],
      slots: 1,
    });
    const specialSugg = await s.organizer.get(`/api/v1/awards/${special.id}/suggestions`);
    expect(specialSugg.body.items.map((i: { entryId: string }) => i.entryId)).toEqual([
      med1!.id,
      med2!.id,
      med3!.id,
      med4!.id,
    ]);
    expect(specialSugg.body.items[0].otherAwards).toEqual([{ id: overall.id, name: 'Overall First Prize' }]);
  });
});

describe('choosing winners', () => {
  let s: Setup;
  let ai: Setup['entries'];
  let med: Setup['entries'];
  beforeAll(async () => {
    s = await setupAwards(t, { perTrack: 3 });
    ai = s.entries.filter((e) => e.trackId === s.tracks[0]!.id);
    med = s.entries.filter((e) => e.trackId === s.tracks[1]!.id);
  });

  test('winners with citations, in either body shape; the choice is audited', async () => {
    const award = await createAward(s, { name: 'First Prize', kind: 'prize', level: 2, slots: 2 });
    const chosen = await s.organizer.put(`/api/v1/awards/${award.id}/winners`, [
      { entryId: ai[0]!.id, citation: '  For a model that runs offline.  ' },
      { entryId: med[0]!.id },
    ]);
    expect(chosen.status).toBe(200);
    expect(chosen.body.award.winners).toEqual([
      expect.objectContaining({
        entryId: ai[0]!.id,
        title: ai[0]!.title,
        team: ai[0]!.team,
        country: ai[0]!.country,
        track: 'Artificial Intelligence',
        citation: 'For a model that runs offline.',
        position: 1,
      }),
      expect.objectContaining({ entryId: med[0]!.id, citation: '', position: 2 }),
    ]);
    const wrapped = await s.organizer.put(`/api/v1/awards/${award.id}/winners`, {
      winners: [{ entryId: med[0]!.id, citation: 'Now alone.' }],
    });
    expect(wrapped.status).toBe(200);
    expect(wrapped.body.award.winners.map((w: { entryId: string }) => w.entryId)).toEqual([med[0]!.id]);
    const audit = await s.organizer.get(`/api/v1/competitions/${s.competition.id}/audit?limit=10`);
    const choice = audit.body.items.find((a: { action: string }) => a.action === 'award.winners_chosen');
    expect(choice.entityId).toBe(award.id);
    expect(choice.before.winners.map((w: { entryId: string }) => w.entryId)).toEqual([ai[0]!.id, med[0]!.id]);
    expect(choice.after.winners).toEqual([
      { entryId: med[0]!.id, title: med[0]!.title, citation: 'Now alone.', citationZh: '' },
    ]);
    const cleared = await s.organizer.put(`/api/v1/awards/${award.id}/winners`, []);
    expect(cleared.body.award.winners).toEqual([]);
  });

  test('more winners than slots is a 409, and the previous winners stay', async () => {
    const award = await createAward(s, { name: 'Grand Prize', kind: 'prize', level: 1, slots: 1 });
    await s.organizer.put(`/api/v1/awards/${award.id}/winners`, [{ entryId: ai[1]!.id, citation: 'Best.' }]);
    const reply = await s.organizer.put(`/api/v1/awards/${award.id}/winners`, [
      { entryId: ai[1]!.id },
      { entryId: med[1]!.id },
    ]);
    expect(reply.status).toBe(409);
    expect(errorOf(reply)!.code).toBe('awards.too_many_winners');
    expect(errorOf(reply)!.message).toContain('1 slot');
    expect(await winnersOf(award.id)).toEqual([ai[1]!.id]);
  });

  test('an entry outside the award’s track, or outside a special award’s tracks, is a 409', async () => {
    const aiPrize = await createAward(s, {
      name: 'AI Third Prize',
      kind: 'prize',
      level: 4,
      trackId: s.tracks[0]!.id,
      slots: 3,
    });
    const reply = await s.organizer.put(`/api/v1/awards/${aiPrize.id}/winners`, [
      { entryId: med[2]!.id, citation: 'Wrong track' },
    ]);
    expect(reply.status).toBe(409);
    expect(errorOf(reply)!.code).toBe('awards.track_not_eligible');
    expect(errorOf(reply)!.message).toContain('Digital Medicine');
    expect(reply.body.error.details[0].path).toBe('winners.0.entryId');
    const special = await createAward(s, {
      name: 'AI Special',
      kind: 'special',
      eligibleTrackIds: [s.tracks[0]!.id],
      slots: 2,
    });
    const specialReply = await s.organizer.put(`/api/v1/awards/${special.id}/winners`, [
      { entryId: ai[2]!.id },
      { entryId: med[2]!.id },
    ]);
    expect(specialReply.status).toBe(409);
    expect(errorOf(specialReply)!.code).toBe('awards.track_not_eligible');
    expect(await winnersOf(aiPrize.id)).toEqual([]);
    expect(await winnersOf(special.id)).toEqual([]);
  });

  test('a withdrawn entry cannot win', async () => {
    const extra = await setupAwards(t, { perTrack: 1 });
    const award = await createAward(extra, { name: 'Special Mention', kind: 'special', slots: 1 });
    await t.db.update(entries).set({ status: 'withdrawn' }).where(eq(entries.id, extra.entries[0]!.id));
    const reply = await extra.organizer.put(`/api/v1/awards/${award.id}/winners`, [
      { entryId: extra.entries[0]!.id },
    ]);
    expect(reply.status).toBe(409);
    expect(errorOf(reply)!.code).toBe('awards.entry_withdrawn');
    expect(await winnersOf(award.id)).toEqual([]);
  });

  test('an entry holds one ladder prize at most; special awards stack', async () => {
    const grand = await createAward(s, { name: 'Grand Prize (overall)', kind: 'prize', level: 1, slots: 2 });
    const first = await createAward(s, { name: 'First Prize (overall)', kind: 'prize', level: 2, slots: 2 });
    expect(
      (await s.organizer.put(`/api/v1/awards/${grand.id}/winners`, [{ entryId: med[1]!.id }])).status,
    ).toBe(200);
    const second = await s.organizer.put(`/api/v1/awards/${first.id}/winners`, [
      { entryId: med[1]!.id, citation: 'Twice?' },
    ]);
    expect(second.status).toBe(409);
    expect(errorOf(second)!.code).toBe('awards.second_ladder_prize');
    expect(errorOf(second)!.message).toContain('Grand Prize (overall)');
    expect(await winnersOf(first.id)).toEqual([]);
    const specialA = await createAward(s, { name: 'Cybersecurity Award', kind: 'special', slots: 1 });
    const specialB = await createAward(s, { name: 'Open Source Award', kind: 'special', slots: 1 });
    expect(
      (await s.organizer.put(`/api/v1/awards/${specialA.id}/winners`, [{ entryId: med[1]!.id }])).status,
    ).toBe(200);
    expect(
      (await s.organizer.put(`/api/v1/awards/${specialB.id}/winners`, [{ entryId: med[1]!.id }])).status,
    ).toBe(200);
  });

  test('an entry of another competition is a 404; bad bodies are 400s; nothing is stored', async () => {
    const other = await setupAwards(t, { perTrack: 1 });
    const award = await createAward(s, { name: 'Fourth Prize', kind: 'prize', level: 5, slots: 3 });
    const before = await countRows(t, 'award_winners');
    const foreign = await s.organizer.put(`/api/v1/awards/${award.id}/winners`, [
      { entryId: other.entries[0]!.id, citation: 'Not ours' },
    ]);
    expect(foreign.status).toBe(404);
    expect(JSON.stringify(foreign.body)).not.toContain(other.entries[0]!.title);
    expect(
      (await s.organizer.put(`/api/v1/awards/${award.id}/winners`, [{ entryId: 'no-such-entry' }])).status,
    ).toBe(404);
    for (const body of [
      [{ entryId: ai[0]!.id, citation: 'x'.repeat(2001) }],
      [{ entryId: ai[0]!.id }, { entryId: ai[0]!.id }],
      [{ citation: 'who?' }],
      { winners: 'everyone' },
    ]) {
      const reply = await s.organizer.put(`/api/v1/awards/${award.id}/winners`, body);
      expect(reply.status).toBe(400);
      expect(errorOf(reply)!.code).toBe('request.invalid');
    }
    expect(await countRows(t, 'award_winners')).toBe(before);
  });

  test('slots cannot drop below the winners, nor tracks shift away from them', async () => {
    const award = await createAward(s, { name: 'Rising Star', kind: 'special', slots: 2 });
    await s.organizer.put(`/api/v1/awards/${award.id}/winners`, [
      { entryId: ai[0]!.id },
      { entryId: ai[1]!.id },
    ]);
    const fewer = await s.organizer.patch(`/api/v1/awards/${award.id}`, { slots: 1 });
    expect(fewer.status).toBe(409);
    expect(errorOf(fewer)!.code).toBe('awards.slots_below_winners');
    const shift = await s.organizer.patch(`/api/v1/awards/${award.id}`, {
      eligibleTrackIds: [s.tracks[1]!.id],
    });
    expect(shift.status).toBe(409);
    expect(errorOf(shift)!.code).toBe('awards.track_not_eligible');
    expect((await s.organizer.get(`/api/v1/awards/${award.id}`)).body.award).toMatchObject({
      slots: 2,
      eligibleTrackIds: [],
    });
  });
});

describe('publication, ceremony, feedback and exports (organizer side)', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setupAwards(t, { perTrack: 2 });
  });

  test('publishing with no winners anywhere is a 409; with winners it publishes those, and they are frozen', async () => {
    const empty = await createAward(s, { name: 'Empty Award', kind: 'special', slots: 1 });
    const none = await s.organizer.post(`/api/v1/competitions/${s.competition.id}/publish`, {});
    expect(none.status).toBe(409);
    expect(errorOf(none)!.code).toBe('awards.nothing_to_publish');
    const status = await s.organizer.get(`/api/v1/competitions/${s.competition.id}/publish`);
    expect(status.body.publication).toMatchObject({
      resultsPublishedAt: null,
      scheduledFor: null,
      awards: { total: 1, withWinners: 0, published: 0 },
    });

    const revealed = await createAward(s, { name: 'Revealed Prize', kind: 'prize', level: 1, slots: 1 });
    const later = await createAward(s, { name: 'Later Prize', kind: 'prize', level: 2, slots: 1 });
    await s.organizer.put(`/api/v1/awards/${revealed.id}/winners`, [
      { entryId: s.entries[0]!.id, citation: 'Top.' },
    ]);
    await s.organizer.put(`/api/v1/awards/${later.id}/winners`, [
      { entryId: s.entries[1]!.id, citation: 'Next.' },
    ]);

    const noWinners = await s.organizer.post(`/api/v1/competitions/${s.competition.id}/reveal`, {
      awardId: empty.id,
    });
    expect(noWinners.status).toBe(409);
    expect(errorOf(noWinners)!.code).toBe('awards.no_winners');
    const reveal = await s.organizer.post(`/api/v1/competitions/${s.competition.id}/reveal`, {
      awardId: revealed.id,
    });
    expect(reveal.status).toBe(200);
    expect(reveal.body.award.publishedAt).not.toBeNull();
    expect(reveal.body.eventId).toBe('1');
    const twice = await s.organizer.post(`/api/v1/competitions/${s.competition.id}/reveal`, {
      awardId: revealed.id,
    });
    expect(twice.status).toBe(409);
    expect(errorOf(twice)!.code).toBe('awards.already_published');
    // When, as the competition's people read it: its zone, never UTC's ISO form.
    const zoned = /\d{1,2} \w+ \d{4} at \d\d:\d\d \(Asia\/Shanghai time\)/;
    expect(errorOf(twice)!.message).toMatch(zoned);
    expect(errorOf(twice)!.message).not.toMatch(/\d{4}-\d\d-\d\dT/);
    const foreign = await s.organizer.post(`/api/v1/competitions/${s.competition.id}/reveal`, {
      awardId: 'nope',
    });
    expect(foreign.status).toBe(404);

    const all = await s.organizer.post(`/api/v1/competitions/${s.competition.id}/publish`);
    expect(all.status).toBe(200);
    expect(all.body.publication.publishedAwardIds).toEqual([later.id]);
    expect(all.body.publication.resultsPublishedAt).not.toBeNull();
    expect(all.body.publication.awards).toEqual({ total: 3, withWinners: 2, published: 2 });

    for (const reply of [
      await s.organizer.patch(`/api/v1/awards/${revealed.id}`, { name: 'Renamed' }),
      await s.organizer.put(`/api/v1/awards/${revealed.id}/winners`, []),
      await s.organizer.delete(`/api/v1/awards/${later.id}`),
    ]) {
      expect(reply.status).toBe(409);
      expect(errorOf(reply)!.code).toBe('awards.published');
      expect(errorOf(reply)!.message).toMatch(zoned);
    }
    const audit = await s.organizer.get(`/api/v1/competitions/${s.competition.id}/audit?limit=20`);
    const actions = audit.body.items.map((a: { action: string }) => a.action);
    expect(actions).toContain('award.revealed');
    expect(actions).toContain('results.published');
    expect(
      audit.body.items.find((a: { action: string }) => a.action === 'award.revealed').after.eventId,
    ).toBe(1);
  });

  test("a published winner's citation can still be corrected: only its words change, audited, public at once", async () => {
    const list = await s.organizer.get(`/api/v1/competitions/${s.competition.id}/awards`);
    const published = list.body.items.find((a: { name: string }) => a.name === 'Revealed Prize');
    expect(published.publishedAt).not.toBeNull();
    const url = `/api/v1/awards/${published.id}/citations`;
    const correct = (agent: typeof s.organizer, entryId: string, citation: string) =>
      agent.put(url, [{ entryId, citation }]);
    const winner = s.entries[0]!.id;
    const auditBefore = await countRows(t, 'audit_log');

    const fixed = await correct(s.organizer, winner, '  Top of the final, by a clear margin.  ');
    expect(fixed.status).toBe(200);
    expect(fixed.body.award.winners).toMatchObject([
      { entryId: winner, citation: 'Top of the final, by a clear margin.' },
    ]);
    expect(fixed.body.award.publishedAt).toBe(published.publishedAt);
    const results = await t.agent().get(`/api/v1/public/competitions/${s.slug}/results`);
    const shown = results.body.awards.find((a: { id: string }) => a.id === published.id);
    expect(shown.winners[0].citation).toBe('Top of the final, by a clear margin.');
    const [record] = await t.db.execute<{ action: string; before: any; after: any }>(
      sql`select action, before, after from audit_log order by id desc limit 1`,
    );
    expect(record).toMatchObject({
      action: 'award.citation_corrected',
      before: { citation: 'Top.' },
      after: { citation: 'Top of the final, by a clear margin.', published: true },
    });
    expect(await countRows(t, 'audit_log')).toBe(auditBefore + 1);

    // The same words again change nothing and record nothing.
    await correct(s.organizer, winner, 'Top of the final, by a clear margin.');
    expect(await countRows(t, 'audit_log')).toBe(auditBefore + 1);

    // An entry that did not win, a citation too long, another user: refused, nothing stored.
    const notWinner = await correct(s.organizer, s.entries[1]!.id, 'Sneaked in.');
    expect(notWinner.status).toBe(404);
    // Saved together or not at all: a list with one stranger in it changes no winner's words.
    const mixed = await s.organizer.put(url, [
      { entryId: winner, citation: 'Half of a correction.' },
      { entryId: s.entries[1]!.id, citation: 'Sneaked in.' },
    ]);
    expect(mixed.status).toBe(404);
    expect(errorOf(mixed)!.message).toMatch(/not a winner of Revealed Prize/);
    const tooLong = await correct(s.organizer, winner, 'x'.repeat(5000));
    expect(tooLong.status).toBe(400);
    expect(errorOf(tooLong)!.message).toMatch(/Keep a citation under/);
    // As for every award route: members who do not organize learn nothing of the award (404).
    expect((await correct(s.judgeAgent, winner, 'Judge edit.')).status).toBe(404);
    expect((await correct(s.teamAgent, winner, 'Team edit.')).status).toBe(404);
    expect((await correct(t.agent(), winner, 'Anonymous.')).status).toBe(401);
    expect(await countRows(t, 'audit_log')).toBe(auditBefore + 1);
    const after = await t.agent().get(`/api/v1/public/competitions/${s.slug}/results`);
    expect(after.body.awards.find((a: { id: string }) => a.id === published.id).winners[0].citation).toBe(
      'Top of the final, by a clear margin.',
    );
    // Back to the original words, which the exports test below reads.
    expect((await correct(s.organizer, winner, 'Top.')).status).toBe(200);
  });

  test('publishing at a past time is a 400; a judge may not publish or reveal', async () => {
    const past = await s.organizer.post(`/api/v1/competitions/${s.competition.id}/publish`, {
      at: '2020-01-01T00:00:00Z',
    });
    expect(past.status).toBe(400);
    expect(errorOf(past)!.code).toBe('awards.publish_time_past');
    expect(errorOf(past)!.message).toMatch(
      /it is now \d{1,2} \w+ \d{4} at \d\d:\d\d \(Asia\/Shanghai time\)\. Choose/,
    );
    const garbage = await s.organizer.post(`/api/v1/competitions/${s.competition.id}/publish`, {
      at: 'tomorrow',
    });
    expect(garbage.status).toBe(400);
    expect((await s.judgeAgent.post(`/api/v1/competitions/${s.competition.id}/publish`, {})).status).toBe(
      403,
    );
    expect(
      (await s.judgeAgent.post(`/api/v1/competitions/${s.competition.id}/reveal`, { awardId: 'x' })).status,
    ).toBe(403);
    expect((await s.teamAgent.get(`/api/v1/competitions/${s.competition.id}/publish`)).status).toBe(403);
    expect((await s.organizer.delete(`/api/v1/competitions/${s.competition.id}/publish`)).status).toBe(409);
  });

  test('feedback is released per round by an organizer only, and audited', async () => {
    const round = s.rounds[0]!;
    // Members see the round, so they are refused with 403, as on every round route (one rule).
    expect((await s.judgeAgent.post(`/api/v1/rounds/${round.id}/feedback`, { released: true })).status).toBe(
      403,
    );
    expect((await s.teamAgent.post(`/api/v1/rounds/${round.id}/feedback`, { released: true })).status).toBe(
      403,
    );
    expect((await s.organizer.post(`/api/v1/rounds/${round.id}/feedback`, { released: 'yes' })).status).toBe(
      400,
    );
    const released = await s.organizer.post(`/api/v1/rounds/${round.id}/feedback`, { released: true });
    expect(released.status).toBe(200);
    expect(released.body.round.feedbackReleasedAt).not.toBeNull();
    const withdrawn = await s.organizer.post(`/api/v1/rounds/${round.id}/feedback`, { released: false });
    expect(withdrawn.body.round.feedbackReleasedAt).toBeNull();
    const audit = await s.organizer.get(`/api/v1/competitions/${s.competition.id}/audit?limit=5`);
    expect(audit.body.items.slice(0, 2).map((a: { action: string }) => a.action)).toEqual([
      'round.feedback_withdrawn',
      'round.feedback_released',
    ]);
  });

  test('exports: awards, results and reviews as CSV for organizers only', async () => {
    const e = s.entries;
    await insertFinalSnapshot(t, { roundId: s.final.id, ranked: [e[0]!, e[2]!, e[1]!, e[3]!] });
    await insertReview(t, {
      roundId: s.rounds[0]!.id,
      entryId: e[0]!.id,
      judgeId: s.judge.id,
      comment: 'Strong pitch, "clear" market.',
      privateNote: 'Reminds me of a startup I advised.',
    });

    const awardsCsv = await s.organizer.get(`/api/v1/competitions/${s.competition.id}/awards.csv`);
    expect(awardsCsv.status).toBe(200);
    expect(awardsCsv.headers['content-type']).toContain('text/csv');
    expect(awardsCsv.headers['content-disposition']).toBe(`attachment; filename="${s.slug}-awards.csv"`);
    const awardLines = String(awardsCsv.body)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(awardLines[0]).toBe(
      'award,kind,level,scope,slots,published_at,winner,entry_id,title,team,organization,country,track,citation',
    );
    expect(
      awardLines.some(
        (l) =>
          l.startsWith('Revealed Prize,prize,1,overall,1,') && l.includes(e[0]!.title) && l.endsWith(',Top.'),
      ),
    ).toBe(true);
    expect(awardLines.some((l) => l.startsWith('Empty Award,special,,all tracks,1,,'))).toBe(true);

    const results = await s.organizer.get(`/api/v1/competitions/${s.competition.id}/results.csv`);
    expect(results.status).toBe(200);
    const resultLines = String(results.body)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(resultLines[0]).toBe(
      'round,rank,track_rank,entry_id,title,team,country,track,status,raw_score,score,interval_low,interval_high,reviews,tie,close_call,awards',
    );
    expect(resultLines[1]).toContain(e[0]!.id);
    expect(resultLines[1]!.endsWith(',Revealed Prize')).toBe(true);

    const reviewsCsv = await s.organizer.get(`/api/v1/competitions/${s.competition.id}/reviews.csv`);
    expect(reviewsCsv.status).toBe(200);
    const text = String(reviewsCsv.body);
    expect(text.split('\n')[0]).toContain(
      'judge,judge_email,judge_organization,assignment,status,total,score_innovation,score_market,score_team,comment,private_note',
    );
    expect(text).toContain(s.judge.name);
    expect(text).toContain('"Strong pitch, ""clear"" market."');
    expect(text).toContain('Reminds me of a startup I advised.');

    for (const agent of [s.judgeAgent, s.teamAgent]) {
      for (const file of ['awards', 'results', 'reviews']) {
        const reply = await agent.get(`/api/v1/competitions/${s.competition.id}/${file}.csv`);
        expect(reply.status).toBe(403);
        expect(JSON.stringify(reply.body)).not.toContain('Reminds me');
      }
    }
    expect((await t.agent().get(`/api/v1/competitions/${s.competition.id}/reviews.csv`)).status).toBe(401);
  });
});
