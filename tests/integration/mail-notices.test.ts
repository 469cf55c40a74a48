// Issue 12: the mails caused by teams' and organizers' actions, delivered through a real SMTP
// server: submission receipts, withdrawal notices, reminders to late judges (one a day), advancement
// notices and "results are out", each in its recipient's language, naming the competition.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { teamMembers } from '../../server/src/modules/entries/entries.table.ts';
import { mails } from '../../server/src/modules/mail/mail.table.ts';
import { users } from '../../server/src/modules/users/users.table.ts';
import { countRows, startTestApp, type TestApp } from '../support/app.ts';
import { createCompetition } from '../support/fixtures.ts';
import { startSmtpServer } from '../support/smtp.ts';
import { setupAwards } from './awards.fixtures.ts';
import { deckParts, multipart, teamBody } from './entries.fixtures.ts';
import { assign, flat, rubric, setupJudging, signedInOrganizer, waitForJob } from './reviews.fixtures.ts';

let clock = Date.now();
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let t: TestApp;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp({
    worker: true,
    now: () => new Date(clock),
    config: {
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Office <office@wuzhen.test>',
      MAIL_RETRY_DELAY_MS: 50,
      LOGIN_RATE_LIMIT: 1000,
    },
  });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const arrived = (to: string, kind: RegExp) =>
  smtp.waitFor(() => smtp.received.some((m) => m.to === to && kind.test(m.subject ?? '')));
const mailTo = (to: string, kind: RegExp) =>
  smtp.received.filter((m) => m.to === to && kind.test(m.subject ?? ''));
/** The team's entry with its deck, submitted by `owner` (which mails its receipt). */
async function submitEntry(
  owner: ReturnType<TestApp['agent']>,
  at: { competitionId: string; teamId: string; trackId: string },
  title: string,
) {
  const { competitionId, teamId, trackId } = at;
  const entry = (
    await owner.post(`/api/v1/competitions/${competitionId}/entries`, {
      teamId,
      trackId,
      title,
      summary: `${title}, in one line.`,
      description: '',
    })
  ).body.entry;
  const { body, contentType } = multipart(deckParts());
  await t.app.inject({
    method: 'POST',
    url: `/api/v1/entries/${entry.id}/files`,
    headers: { 'content-type': contentType, cookie: owner.cookie() },
    payload: body,
  });
  expect((await owner.post(`/api/v1/entries/${entry.id}/submit`, {})).status).toBe(200);
  return entry;
}
const rowsOf = (kind: string, competitionId: string) =>
  t.db.select().from(mails).where(sql`${mails.kind} = ${kind} and ${mails.competitionId} = ${competitionId}`);

describe('submission receipt and withdrawal notice', () => {
  test('the owner (in Chinese) and the listed member (in English) hear of both, with the entry’s link', async () => {
    const { competition, tracks } = await createCompetition(await signedInOrganizer(t));
    const owner = t.agent();
    const ownerUser = await owner.register('owner.zh@teams.example', '王芳');
    await t.db.update(users).set({ language: 'zh' }).where(eq(users.id, ownerUser.id));
    const team = (
      await owner.post(
        `/api/v1/competitions/${competition.id}/teams`,
        teamBody({
          name: 'Lotus Lab',
          members: [
            { name: '王芳', email: 'owner.zh@teams.example' },
            { name: 'Sam Lee', email: 'sam@teams.example' },
          ],
        }),
      )
    ).body.team;
    const entry = await submitEntry(
      owner,
      { competitionId: competition.id, teamId: team.id, trackId: tracks[0].id },
      'Clean Water Sensor',
    );
    await arrived('owner.zh@teams.example', /已收到/);
    await arrived('sam@teams.example', /we received/);
    const zh = mailTo('owner.zh@teams.example', /已收到/)[0]!;
    expect(zh.subject).toContain(competition.name);
    expect(zh.text).toContain(`/team/entries/${entry.id}`);
    const en = mailTo('sam@teams.example', /we received/)[0]!;
    expect(en.subject).toBe(`${competition.name}: we received "Clean Water Sensor"`);
    expect(en.html).toContain(`/team/entries/${entry.id}`);
    // Submitting again changes nothing and mails nothing.
    expect((await owner.post(`/api/v1/entries/${entry.id}/submit`, {})).status).toBe(200);
    expect(await rowsOf('submission_receipt', competition.id)).toHaveLength(2);

    expect((await owner.post(`/api/v1/entries/${entry.id}/withdraw`, {})).status).toBe(200);
    await arrived('owner.zh@teams.example', /已撤回/);
    await arrived('sam@teams.example', /was withdrawn/);
    expect(mailTo('sam@teams.example', /was withdrawn/)[0]!.text).toContain(competition.name);
  });

  test('a refused submission (no deck) writes no mail', async () => {
    const { competition, tracks } = await createCompetition(await signedInOrganizer(t));
    const owner = t.agent();
    await owner.register('nodeck@teams.example');
    const team = (await owner.post(`/api/v1/competitions/${competition.id}/teams`, teamBody())).body.team;
    const entry = (
      await owner.post(`/api/v1/competitions/${competition.id}/entries`, {
        teamId: team.id,
        trackId: tracks[0].id,
        title: 'No deck',
        summary: 'Missing its deck.',
        description: '',
      })
    ).body.entry;
    const before = await countRows(t, 'mails');
    expect((await owner.post(`/api/v1/entries/${entry.id}/submit`, {})).status).toBe(409);
    expect(await countRows(t, 'mails')).toBe(before);
  });

  test('an organizer’s withdrawal or disqualification mails the team in that transaction', async () => {
    const organizer = await signedInOrganizer(t);
    const { competition, tracks } = await createCompetition(organizer);
    const owner = t.agent();
    await owner.register('moderated@teams.example', 'Mo Owner');
    const team = (
      await owner.post(
        `/api/v1/competitions/${competition.id}/teams`,
        teamBody({ name: 'Delta Crew', members: [{ name: 'Mo Owner', email: 'moderated@teams.example' }] }),
      )
    ).body.team;
    const entry = await submitEntry(
      owner,
      { competitionId: competition.id, teamId: team.id, trackId: tracks[0].id },
      'River Drone',
    );
    const moderate = (action: string, reason = 'Checked by the office') =>
      organizer.post(`/api/v1/entries/${entry.id}/moderation`, { action, reason });

    expect((await moderate('withdraw')).status).toBe(200);
    await arrived('moderated@teams.example', /was withdrawn/);
    const notice = mailTo('moderated@teams.example', /was withdrawn/)[0]!;
    expect(notice.subject).toBe(`${competition.name}: "River Drone" was withdrawn`);
    expect(await rowsOf('withdrawal_notice', competition.id)).toHaveLength(1);

    // A step the entry's status refuses rolls back: no mail written.
    expect((await moderate('withdraw')).status).toBe(409);
    expect(await rowsOf('withdrawal_notice', competition.id)).toHaveLength(1);

    // A disqualification has its own mail, with the organizers' reason.
    const reason = 'The deck is <b>another</b> team’s work.';
    expect((await moderate('disqualify', reason)).status).toBe(200);
    await arrived('moderated@teams.example', /was disqualified/);
    const disqualified = mailTo('moderated@teams.example', /was disqualified/)[0]!;
    expect(disqualified.subject).toBe(`${competition.name}: "River Drone" was disqualified`);
    expect(disqualified.text).toContain(`Their reason: ${reason}`);
    expect(disqualified.html).toContain('The deck is &lt;b&gt;another&lt;/b&gt; team’s work.');
    expect(await rowsOf('disqualification_notice', competition.id)).toHaveLength(1);
    expect(await rowsOf('withdrawal_notice', competition.id)).toHaveLength(1);
    // Reinstating mails nothing.
    expect((await moderate('reinstate')).status).toBe(200);
    expect(await rowsOf('withdrawal_notice', competition.id)).toHaveLength(1);

    // In the reader's language: a team whose account reads Chinese gets the Chinese notice.
    await owner.patch('/api/v1/auth/me', { language: 'zh' });
    expect((await moderate('disqualify', '重复提交')).status).toBe(200);
    await smtp.waitFor(() => mailTo('moderated@teams.example', /已被取消资格/).length === 1);
    const chinese = mailTo('moderated@teams.example', /已被取消资格/)[0]!;
    expect(chinese.subject).toBe(`${competition.name}：“River Drone”已被取消资格`);
    expect(chinese.text).toContain('组织方给出的理由：重复提交');
    expect(chinese.html).toContain('lang="zh-CN"');
    expect(await rowsOf('disqualification_notice', competition.id)).toHaveLength(2);
  });
});

describe('reminders to late judges', () => {
  test('one a day per judge, enforced by the server, mailed in the judge’s language', async () => {
    const world = await setupJudging(t, { entriesPerTrack: 1, judges: 2 });
    const [round] = world.rounds;
    const [late, done] = world.judges;
    await t.db.update(users).set({ language: 'zh' }).where(eq(users.id, late!.userId));
    const pairs = world.entries.flatMap((e) => world.judges.map((j) => [e, j] as const));
    const ids = await assign(t, round.id, pairs as never);
    for (const [i, [, j]] of pairs.entries())
      if (j === done)
        await j.agent.put(`/api/v1/assignments/${ids[i]}/review`, {
          scores: flat(7),
          comment: '',
          submit: true,
        });
    const url = `/api/v1/rounds/${round.id}/reminders`;
    const { organizer } = world;

    // Bad input: neither or both of judgeIds and late; a judge may not remind.
    const before = { mails: await countRows(t, 'mails'), reminders: await countRows(t, 'reminders') };
    expect((await organizer.post(url, {})).status).toBe(400);
    expect((await organizer.post(url, { judgeIds: [late!.id], late: true })).status).toBe(400);
    expect((await late!.agent.post(url, { late: true })).status).toBe(403);
    expect((await t.agent().post(url, { late: true })).status).toBe(401);
    // A judge with nothing left is not reminded.
    const nothing = await organizer.post(url, { judgeIds: [done!.id] });
    expect(nothing.status).toBe(409);
    expect(nothing.body.error.message).toContain('no reviews left');
    expect({ mails: await countRows(t, 'mails'), reminders: await countRows(t, 'reminders') }).toEqual(
      before,
    );

    const first = await organizer.post(url, { late: true });
    expect(first.status).toBe(201);
    expect(first.body.reminded).toEqual([{ judgeId: late!.id, name: late!.name }]);
    await arrived(late!.email, /评审待完成/);
    const reminder = mailTo(late!.email, /评审待完成/)[0]!;
    expect(reminder.subject).toContain(world.competition.name);
    expect(reminder.text).toMatch(/https?:\/\/\S+\/judge/);
    expect(mailTo(done!.email, /left in|评审待完成/)).toHaveLength(0);

    // The same day: refused, for that one judge and for "all late", and nothing is written.
    clock += 6 * 3600_000;
    const again = await organizer.post(url, { judgeIds: [late!.id] });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('reviews.reminded_recently');
    expect(again.body.error.message).toContain('at most one reminder a day');
    // When they can be reminded again, in the competition's zone as its pages show dates.
    expect(again.body.error.message).toContain(`(${world.competition.timezone} time)`);
    expect(again.body.error.message).not.toMatch(/\d UTC/);
    expect((await organizer.post(url, { late: true })).status).toBe(409);
    expect(await rowsOf('judge_reminder', world.competition.id)).toHaveLength(1);
    const progress = await organizer.get(`/api/v1/rounds/${round.id}/progress`);
    const row = progress.body.judges.find((j: { judgeId: string }) => j.judgeId === late!.id);
    expect(row.lastRemindedAt).toBe(first.body.recordedAt);
    expect(new Date(row.nextReminderAt).getTime()).toBe(
      new Date(first.body.recordedAt).getTime() + 86_400_000,
    );

    // A day later the judge may be reminded again.
    clock += 19 * 3600_000;
    const nextDay = await organizer.post(url, { judgeIds: [late!.id] });
    expect(nextDay.status).toBe(201);
    await smtp.waitFor(() => mailTo(late!.email, /评审待完成/).length === 2);
    // Racing organizers: of two reminders at once, one goes out.
    clock += 25 * 3600_000;
    const raced = await Promise.all([
      organizer.post(url, { late: true }),
      organizer.post(url, { late: true }),
    ]);
    expect(raced.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await rowsOf('judge_reminder', world.competition.id)).toHaveLength(3);
  });
});

describe('advancement notice', () => {
  test('each team that advances hears it goes on to the next round, on its date', async () => {
    const world = await setupJudging(t, {
      entriesPerTrack: 2,
      judges: 1,
      rounds: [
        {
          name: 'Preliminary',
          kind: 'review',
          reviewsPerEntry: 1,
          judgeCapacity: 10,
          criteria: rubric,
          normalization: 'none',
        },
        {
          name: 'Grand Final',
          kind: 'live',
          reviewsPerEntry: 1,
          judgeCapacity: 10,
          criteria: rubric,
          closesAt: '2031-11-08T06:00:00.000Z',
        },
      ],
    });
    const [from, to] = world.rounds;
    for (const [i, e] of world.entries.entries())
      await t.db.insert(teamMembers).values({
        teamId: e.teamId,
        name: `Member ${i}`,
        email: `member${i}.${world.competition.id}@teams.example`.toLowerCase(),
        position: 1,
      });
    const ids = await assign(t, from.id, world.entries.map((e) => [e, world.judges[0]!]) as never);
    for (const [i, id] of ids.entries())
      await world.judges[0]!.agent.put(`/api/v1/assignments/${id}/review`, {
        scores: flat(9 - i),
        comment: '',
        submit: true,
      });
    const job = await waitForJob(
      world.organizer,
      (await world.organizer.post(`/api/v1/rounds/${from.id}/tally`, {})).body.jobId,
    );
    expect(job.state).toBe('completed');
    const preview = await world.organizer.post(`/api/v1/rounds/${from.id}/advance`, {
      toRoundId: to.id,
      topPerTrack: 1,
      preview: true,
    });
    expect(preview.status).toBe(200);
    expect(await rowsOf('advancement_notice', world.competition.id)).toHaveLength(0);
    const reply = await world.organizer.post(`/api/v1/rounds/${from.id}/advance`, {
      toRoundId: to.id,
      topPerTrack: 1,
    });
    expect(reply.status).toBe(201);
    const advanced = reply.body.advancement.advancing.map((a: { entryId: string }) => a.entryId);
    expect(advanced).toHaveLength(2);
    const rows = await rowsOf('advancement_notice', world.competition.id);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      await arrived(row.recipientEmail, /goes on to Grand Final/);
      const got = mailTo(row.recipientEmail, /goes on to Grand Final/)[0]!;
      expect(got.subject).toContain(world.competition.name);
      expect(got.text).toContain('8 November 2031');
    }
    // Advancing the same entries again mails nobody twice.
    await world.organizer.post(`/api/v1/rounds/${from.id}/advance`, { toRoundId: to.id, topPerTrack: 1 });
    expect(await rowsOf('advancement_notice', world.competition.id)).toHaveLength(2);
  });
});

describe('results released', () => {
  test('publication mails every team once, with the results link', async () => {
    const s = await setupAwards(t, { perTrack: 1 });
    const created = await s.organizer.post(`/api/v1/competitions/${s.competition.id}/awards`, {
      name: 'Grand Prize',
      kind: 'prize',
      level: 1,
      slots: 1,
    });
    await s.organizer.put(`/api/v1/awards/${created.body.award.id}/winners`, [
      { entryId: s.entries[0]!.id, citation: 'For clean water' },
    ]);
    expect((await s.teamAgent.post(`/api/v1/competitions/${s.competition.id}/publish`, {})).status).toBe(403);
    expect(await rowsOf('results_released', s.competition.id)).toHaveLength(0);
    const published = await s.organizer.post(`/api/v1/competitions/${s.competition.id}/publish`, {});
    expect(published.status).toBe(200);
    await arrived(s.teamUser.email, /results and feedback/);
    const got = mailTo(s.teamUser.email, /results and feedback/)[0]!;
    expect(got.subject).toContain(s.competition.name);
    expect(got.text).toMatch(/https?:\/\/\S+\/my\/results/);
    expect(await rowsOf('results_released', s.competition.id)).toHaveLength(1);
  });
});
