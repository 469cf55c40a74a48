// A small competition from registration to published results, through the public API only:
// teams register and submit entries with decks, judges accept invitations, the assignment job
// assigns the preliminary, judges review, the tally job ranks, the top entries advance to a live
// final scored by a panel, the final is tallied, awards are chosen from the suggestions and
// published, and the public, the teams and the feed see exactly what was published.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Agent, organizerEmail, organizerPassword, startTestApp, type TestApp } from '../support/app.ts';
import { createCompetition, rubric } from '../support/fixtures.ts';
import { deckParts, upload } from './entries.fixtures.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ worker: true, config: { LOGIN_RATE_LIMIT: 1000 } });
});
afterAll(async () => t?.close());

async function waitForJob(agent: Agent, jobId: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reply = await agent.get(`/api/v1/jobs/${jobId}`);
    expect(reply.status).toBe(200);
    if (reply.body.state === 'completed') return reply.body;
    if (reply.body.state === 'failed') throw new Error(`job ${jobId} failed: ${reply.body.error}`);
    if (Date.now() > deadline) throw new Error(`job ${jobId} did not finish: ${JSON.stringify(reply.body)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

const ok = <T extends { status: number; body: any }>(reply: T, status = 200): T => {
  if (reply.status !== status)
    throw new Error(`expected ${status}, got ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply;
};

type Team = {
  agent: Agent;
  teamId: string;
  entryId: string;
  title: string;
  trackId: string;
  quality: number;
};
type Judge = { agent: Agent; id: string; name: string };

describe('the whole pipeline', () => {
  test('registration → submission → assignment → reviews → tally → advancement → live final → awards → public results', async () => {
    // ── The organizer sets the competition up ──
    const organizer = t.agent();
    await organizer.login(organizerEmail, organizerPassword);
    const { competition, tracks, rounds, slug } = await createCompetition(organizer, {
      tracks: ['Artificial Intelligence', 'Digital Medicine'],
      rounds: [
        {
          name: 'Online preliminary',
          kind: 'review',
          reviewsPerEntry: 2,
          judgeCapacity: 10,
          criteria: rubric,
        },
        {
          name: 'Final roadshow',
          kind: 'live',
          reviewsPerEntry: 5,
          judgeCapacity: 100,
          normalization: 'none',
          criteria: rubric,
        },
      ],
    });
    const [ai, med] = tracks as [{ id: string; name: string }, { id: string; name: string }];
    const [preliminary, final] = rounds as [{ id: string }, { id: string }];

    // ── Six teams register, form a team, submit an entry with a deck ──
    const teams: Team[] = [];
    const countries = ['CN', 'DE', 'US', 'SG', 'JP', 'FR'];
    for (let i = 0; i < 6; i++) {
      const track = i < 3 ? ai : med;
      const agent = t.agent();
      await agent.register(`founder${i + 1}@startup${i + 1}.example`, `Founder ${i + 1}`);
      const team = ok(
        await agent.post(`/api/v1/competitions/${competition.id}/teams`, {
          name: `Startup ${i + 1}`,
          organization: `Startup ${i + 1} Ltd`,
          country: countries[i],
          members: [{ name: `Founder ${i + 1}`, email: `founder${i + 1}@startup${i + 1}.example` }],
        }),
        201,
      ).body.team;
      const title = `${track === ai ? 'AI' : 'Health'} project ${i + 1}`;
      const entry = ok(
        await agent.post(`/api/v1/competitions/${competition.id}/entries`, {
          teamId: team.id,
          trackId: track.id,
          title,
          summary: `What ${title} does, in one line.`,
          description: `## Problem\nA real one.\n\n## Solution\n${title}.`,
        }),
        201,
      ).body.entry;
      const deck = await upload(t, agent, entry.id, deckParts());
      expect(deck.status).toBe(201);
      ok(await agent.post(`/api/v1/entries/${entry.id}/submit`, {}));
      // Quality decides the scores below: within each track, a lower index is better.
      teams.push({
        agent,
        teamId: team.id,
        entryId: entry.id,
        title,
        trackId: track.id,
        quality: 9 - (i % 3),
      });
    }

    // ── Five judges are invited and accept ──
    const judges: Judge[] = [];
    for (let i = 0; i < 5; i++) {
      const created = ok(
        await organizer.post(`/api/v1/competitions/${competition.id}/judges`, {
          name: `Judge ${String.fromCharCode(65 + i)}`,
          email: `judge${i + 1}@jury${i + 1}.example`,
          organization: `Jury Institute ${i + 1}`,
          country: 'GB',
          expertise: i % 2 === 0 ? [ai.id, med.id] : [med.id, ai.id],
        }),
        201,
      ).body;
      const token = String(created.invitationUrl).split('/').pop()!;
      const agent = t.agent();
      ok(await agent.post(`/api/v1/invitations/${token}/accept`, { password: `judge-password-${i + 1}` }));
      judges.push({ agent, id: created.judge.id, name: created.judge.name });
    }

    // ── The assignment job gives each entry two judges ──
    const assign = ok(await organizer.post(`/api/v1/rounds/${preliminary.id}/assign`, {}), 202);
    await waitForJob(organizer, assign.body.jobId);
    const assignments = ok(await organizer.get(`/api/v1/rounds/${preliminary.id}/assignments`)).body;
    const list = Array.isArray(assignments) ? assignments : assignments.items;
    expect(list).toHaveLength(12);
    for (const team of teams)
      expect(list.filter((a: { entryId: string }) => a.entryId === team.entryId)).toHaveLength(2);

    // ── Judges review what they were given ──
    const qualityOf = new Map(teams.map((tm) => [tm.entryId, tm.quality]));
    for (const [j, judge] of judges.entries()) {
      const mine = ok(await judge.agent.get(`/api/v1/me/assignments?roundId=${preliminary.id}`)).body.items;
      for (const assignment of mine) {
        const base = qualityOf.get(assignment.entry.id)!;
        const score = Math.max(1, Math.min(10, base - (j % 2)));
        ok(
          await judge.agent.put(`/api/v1/assignments/${assignment.id}/review`, {
            scores: Object.fromEntries(rubric.map((c) => [c.key, score])),
            comment: `Judge ${j + 1} on ${assignment.entry.title}: clear pitch, show more customers.`,
            privateNote: 'Only for the organizers.',
            submit: true,
          }),
        );
      }
    }

    // ── The tally job ranks the preliminary; the top two per track advance ──
    const tally = ok(
      await organizer.post(`/api/v1/rounds/${preliminary.id}/tally`, { cutoffPerTrack: 2 }),
      202,
    );
    await waitForJob(organizer, tally.body.jobId);
    const results = ok(await organizer.get(`/api/v1/rounds/${preliminary.id}/results`)).body.snapshot;
    expect(results.entries).toHaveLength(6);
    const advance = ok(
      await organizer.post(`/api/v1/rounds/${preliminary.id}/advance`, {
        toRoundId: final.id,
        topPerTrack: 2,
      }),
      201,
    );
    const finalists = advance.body.advancement.advancing.map((a: { entryId: string }) => a.entryId).sort();
    const expectedFinalists = teams
      .filter((tm) => tm.quality >= 8)
      .map((tm) => tm.entryId)
      .sort();
    expect(finalists).toEqual(expectedFinalists);

    // ── The live final: a panel of all five judges scores every finalist ──
    ok(await organizer.post(`/api/v1/rounds/${final.id}/panel`, { judgeIds: judges.map((j) => j.id) }), 201);
    // Every finalist pitches in turn (a live score is given only once that entry's pitch has started).
    for (let pitch = 0; pitch < 4; pitch++) {
      ok(await organizer.post(`/api/v1/rounds/${final.id}/live`, { action: 'next' }));
      ok(await organizer.post(`/api/v1/rounds/${final.id}/live`, { action: 'start' }));
    }
    for (const [j, judge] of judges.entries()) {
      const mine = ok(await judge.agent.get(`/api/v1/me/assignments?roundId=${final.id}`)).body.items;
      expect(mine).toHaveLength(4);
      for (const assignment of mine) {
        // In the final, the first AI team and the second health team shine; one judge is harsh on everyone.
        const star =
          assignment.entry.title === 'AI project 1' || assignment.entry.title === 'Health project 5';
        const score = j === 4 ? 2 : star ? 9 : 7;
        ok(
          await judge.agent.put(`/api/v1/assignments/${assignment.id}/review`, {
            scores: Object.fromEntries(rubric.map((c) => [c.key, score])),
            comment: `Final: ${assignment.entry.title} pitched well.`,
            submit: true,
          }),
        );
      }
    }
    const finalTally = ok(await organizer.post(`/api/v1/rounds/${final.id}/tally`, {}), 202);
    await waitForJob(organizer, finalTally.body.jobId);

    // ── Awards: the ladder and a special award, winners from the suggestions ──
    const createAward = async (body: Record<string, unknown>) =>
      ok(await organizer.post(`/api/v1/competitions/${competition.id}/awards`, body), 201).body.award;
    const grand = await createAward({ name: 'Grand Prize', kind: 'prize', level: 1, slots: 1 });
    const firstAi = await createAward({
      name: 'First Prize — AI',
      kind: 'prize',
      level: 2,
      trackId: ai.id,
      slots: 1,
    });
    const firstMed = await createAward({
      name: 'First Prize — Medicine',
      kind: 'prize',
      level: 2,
      trackId: med.id,
      slots: 1,
    });
    const special = await createAward({
      name: 'Digital Medical Care Award',
      kind: 'special',
      eligibleTrackIds: [med.id],
      slots: 1,
    });

    const suggest = async (awardId: string) =>
      ok(await organizer.get(`/api/v1/awards/${awardId}/suggestions`)).body;
    const grandSuggestions = await suggest(grand.id);
    expect(grandSuggestions.round.name).toBe('Final roadshow');
    expect(grandSuggestions.items).toHaveLength(4);
    // The trimmed mean drops the harsh judge: the two stars tie at the top.
    const top = grandSuggestions.items.filter((i: { rank: number }) => i.rank === 1);
    expect(top.map((i: { title: string }) => i.title).sort()).toEqual(['AI project 1', 'Health project 5']);
    expect(top.every((i: { tie: boolean }) => i.tie)).toBe(true);
    const grandWinner = top.find((i: { title: string }) => i.title === 'Health project 5');
    ok(
      await organizer.put(`/api/v1/awards/${grand.id}/winners`, [
        { entryId: grandWinner.entryId, citation: 'Screening for every village clinic.' },
      ]),
    );

    // The grand prize winner drops out of the other prizes' suggestions, not out of the special award's.
    const aiPick = (await suggest(firstAi.id)).items[0];
    expect(aiPick.title).toBe('AI project 1');
    ok(
      await organizer.put(`/api/v1/awards/${firstAi.id}/winners`, [
        { entryId: aiPick.entryId, citation: 'An edge model for factories.' },
      ]),
    );
    const medSuggestions = (await suggest(firstMed.id)).items;
    expect(medSuggestions.map((i: { entryId: string }) => i.entryId)).not.toContain(grandWinner.entryId);
    ok(
      await organizer.put(`/api/v1/awards/${firstMed.id}/winners`, [
        { entryId: medSuggestions[0].entryId, citation: 'Remote rehab.' },
      ]),
    );
    const specialSuggestions = (await suggest(special.id)).items;
    expect(specialSuggestions[0].entryId).toBe(grandWinner.entryId);
    ok(
      await organizer.put(`/api/v1/awards/${special.id}/winners`, [
        { entryId: grandWinner.entryId, citation: 'Care that reaches everyone.' },
      ]),
    );
    // A second ladder prize for the grand prize winner is refused.
    const twice = await organizer.put(`/api/v1/awards/${firstMed.id}/winners`, [
      { entryId: grandWinner.entryId },
    ]);
    expect(twice.status).toBe(409);

    // ── Before publication: nothing public ──
    const anonymous = t.agent();
    expect(ok(await anonymous.get(`/api/v1/public/competitions/${slug}/results`)).body.awards).toEqual([]);
    const grandTeam = teams.find((tm) => tm.entryId === grandWinner.entryId)!;
    expect(
      ok(await grandTeam.agent.get(`/api/v1/me/results?competitionId=${competition.id}`)).body.entries[0]
        .awards,
    ).toEqual([]);

    // ── The ceremony reveals the grand prize, then the rest is published at once ──
    ok(await organizer.post(`/api/v1/competitions/${competition.id}/reveal`, { awardId: grand.id }));
    const afterReveal = ok(await anonymous.get(`/api/v1/public/competitions/${slug}/results`)).body;
    expect(afterReveal.awards.map((a: { id: string }) => a.id)).toEqual([grand.id]);
    ok(await organizer.post(`/api/v1/competitions/${competition.id}/publish`, {}));

    // ── The public results: every award, its winners, teams, countries, tracks, citations ──
    const published = ok(await anonymous.get(`/api/v1/public/competitions/${slug}/results`)).body;
    expect(published.competition).toMatchObject({ slug, resultsPublishedAt: expect.any(String) });
    expect(published.awards.map((a: { name: string }) => a.name)).toEqual([
      'Grand Prize',
      'First Prize — AI',
      'First Prize — Medicine',
      'Digital Medical Care Award',
    ]);
    const grandWinnerTeam = teams.indexOf(grandTeam);
    expect(published.awards[0].winners).toEqual([
      {
        entryId: grandWinner.entryId,
        title: 'Health project 5',
        team: `Startup ${grandWinnerTeam + 1}`,
        country: countries[grandWinnerTeam],
        track: 'Digital Medicine',
        trackZh: '',
        citation: 'Screening for every village clinic.',
        citationZh: '',
      },
    ]);
    expect(JSON.stringify(published)).not.toMatch(/score|Judge [A-E]|organizers/);
    const feed = ok(await anonymous.get(`/api/v1/public/competitions/${slug}/feed.json`)).body;
    expect(feed.items).toHaveLength(4);

    // ── The teams: their awards, and their judges' comments once released ──
    const mine = ok(await grandTeam.agent.get(`/api/v1/me/results?competitionId=${competition.id}`)).body
      .entries[0];
    expect(mine.awards.map((a: { name: string }) => a.name).sort()).toEqual([
      'Digital Medical Care Award',
      'Grand Prize',
    ]);
    expect(mine.feedback).toEqual([]);
    ok(await organizer.post(`/api/v1/rounds/${preliminary.id}/feedback`, { released: true }));
    const released = ok(await grandTeam.agent.get(`/api/v1/me/results?competitionId=${competition.id}`)).body
      .entries[0];
    expect(released.feedback).toHaveLength(1);
    expect(released.feedback[0].comments).toHaveLength(2);
    expect(JSON.stringify(released)).not.toMatch(/Only for the organizers|Judge [A-E]/);
    const loser = teams.find((tm) => tm.quality === 7)!;
    const loserView = ok(await loser.agent.get(`/api/v1/me/results?competitionId=${competition.id}`)).body
      .entries[0];
    expect(loserView.awards).toEqual([]);
    expect(loserView.feedback[0].comments.every((c: string) => c.includes(loser.title))).toBe(true);

    // ── The organizers' exports and audit trail ──
    const csv = ok(await organizer.get(`/api/v1/competitions/${competition.id}/results.csv`)).body as string;
    expect(csv.split('\n').filter((l) => l.trim()).length).toBe(1 + 4);
    const reviewsCsv = ok(await organizer.get(`/api/v1/competitions/${competition.id}/reviews.csv`))
      .body as string;
    expect(reviewsCsv).toContain('Judge A');
    expect(reviewsCsv).toContain('Only for the organizers.');
    const audit = ok(
      await organizer.get(`/api/v1/competitions/${competition.id}/audit?limit=500`),
    ).body.items.map((a: { action: string }) => a.action);
    for (const action of [
      'award.created',
      'award.winners_chosen',
      'award.revealed',
      'results.published',
      'round.feedback_released',
    ]) {
      expect(audit).toContain(action);
    }
  });
});
