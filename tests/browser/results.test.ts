import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { assignments } from '../../server/src/modules/assignment/assignment.table.ts';
import { demoJudgeEmail, demoPassword } from '../../server/src/modules/demo/demo.seed.ts';
import { seedDemoOnce } from '../../server/src/modules/demo/demo.service.ts';
import { judges } from '../../server/src/modules/judges/judges.table.ts';
import { waitForJob } from '../integration/reviews.fixtures.ts';
import { type Agent, organizerEmail, organizerPassword, startTestApp, type TestApp } from '../support/app.ts';
import { axe } from '../support/axe.ts';
import { artifactsDir, launchBrowser, newPage, screenshot, signIn } from '../support/browser.ts';

let t: TestApp;
let browser: Browser;
let competitionId: string;
let preliminary: string;
let final: string;
const lateJudge = 12;

/** A part of the page on its own, readable where a full-page shot of a long table is not. */
const shot = (locator: Locator, name: string) =>
  locator.screenshot({ path: path.join(artifactsDir, `${name}.png`) });

/**
 * The demo at its first stage (submissions in), then its online preliminary played here: the real
 * assignment job, then every judge but one submits all their reviews. Judge 2 is harsh (two points below), judge 5 lenient.
 */
beforeAll(async () => {
  const storageDir = mkdtempSync(path.join(tmpdir(), 'wz-results-'));
  t = await startTestApp({
    listen: true,
    worker: true,
    config: { LOGIN_RATE_LIMIT: 1000, STORAGE_DIR: storageDir },
  });
  const seeded = await seedDemoOnce({ db: t.db, organizerEmail, storageDir, stage: 'entries' });
  const office = t.agent();
  await office.login(organizerEmail, organizerPassword);
  const rounds = await t.db.execute<{ id: string; position: number; competition_id: string }>(
    sql`select id, position, competition_id from rounds where competition_id = ${seeded!.competitionId} order by position`,
  );
  [preliminary, final] = [rounds[0]!.id, rounds[1]!.id];
  competitionId = rounds[0]!.competition_id;
  const run = await office.post(`/api/v1/rounds/${preliminary}/assign`, {});
  expect((await waitForJob(office, run.body.jobId, 60_000)).state).toBe('completed');

  const rows = await t.db
    .select({ id: assignments.id, entryId: assignments.entryId, email: judges.email })
    .from(assignments)
    .innerJoin(judges, eq(judges.id, assignments.judgeId))
    .where(eq(assignments.roundId, preliminary));
  const agents = new Map<string, Agent>();
  for (const row of rows) {
    const n = Number(/judge(\d+)@/.exec(row.email)![1]);
    if (n === lateJudge) continue;
    let agent = agents.get(row.email);
    if (!agent) {
      agent = t.agent();
      await agent.login(row.email, demoPassword);
      agents.set(row.email, agent);
    }
    // A quality per entry from its id, then the judge's own leaning.
    const quality = 4 + (Number.parseInt(row.entryId.replace(/-/g, '').slice(0, 6), 16) % 5);
    const leaning = n === 2 ? -2 : n === 5 ? 1 : 0;
    // And some noise of its own, so judges disagree a little as real ones do.
    const noise = (k: number) =>
      (Number.parseInt(row.id.replace(/-/g, '').slice(4 * k, 4 * k + 4), 16) % 3) - 1;
    const score = (base: number, k: number) => Math.max(1, Math.min(10, base + leaning + noise(k)));
    const reply = await agent.put(`/api/v1/assignments/${row.id}/review`, {
      scores: {
        innovation: score(quality + 1, 1),
        technology: score(quality, 2),
        market: score(quality, 3),
        team: score(quality - 1, 4),
      },
      comment: 'Scored in the results test.',
      submit: true,
    });
    expect(reply.status).toBe(200);
  }
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('an organizer reads the review progress, runs the tally, reads the results and advances', () => {
  test('the Reviews tab shows progress per track and per judge, and records a reminder to the late judge', async () => {
    const { context, page } = await newPage(browser, t.baseUrl);
    await signIn(page, organizerEmail, organizerPassword);
    await page.goto(`/organizer/competitions/${competitionId}/reviews`);
    await page.getByRole('heading', { name: 'Overall progress' }).waitFor();
    await page.getByText('1 judge still has reviews to do.').waitFor();
    const [late] = await t.db
      .select({ name: judges.name })
      .from(judges)
      .where(eq(judges.email, demoJudgeEmail(lateJudge)));
    await page.getByRole('checkbox', { name: `Select ${late!.name}` }).check();
    await page.getByRole('button', { name: 'Remind 1 judge' }).click();
    // Asked first; then the server's answer stays on the page, and the row shows the next date.
    const dialog = page.getByRole('dialog', { name: 'Send a reminder?' });
    await dialog.getByText(/selected judge gets a reminder mail/).waitFor();
    await dialog.getByRole('button', { name: 'Send the reminder' }).click();
    await page.getByText('Reminder recorded').waitFor();
    await page.getByText(`Mailed: ${late!.name}.`).waitFor();
    await page
      .getByText(/Next reminder possible/)
      .first()
      .waitFor();
    expect(await page.getByRole('button', { name: `Remind ${late!.name}` }).isDisabled()).toBe(true);
    await screenshot(page, 'results-1-reviews-tab');
    const [row] = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from reminders`);
    expect(row!.n).toBe(1);
    await context.close();
  });

  test('runs the tally with a progress bar, then reads the ranking, intervals, badges and plots', async () => {
    const { context, page } = await newPage(browser, t.baseUrl, { width: 1280, height: 900 });
    await signIn(page, organizerEmail, organizerPassword);
    await page.goto(`/organizer/competitions/${competitionId}/results`);
    await page.getByRole('heading', { name: 'No tally yet' }).waitFor();
    // The late judge's reviews are missing: the tally says how many, and asks before it runs.
    const [late] = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from assignments a join judges j on j.id = a.judge_id
          where a.round_id = ${preliminary} and j.email = ${demoJudgeEmail(lateJudge)}`,
    );
    const missing = `${late!.n} entries are missing ${late!.n} reviews`;
    await page.getByRole('region', { name: 'Run the tally' }).getByText(missing).waitFor();
    await page.getByRole('button', { name: 'Run the tally' }).click();
    const confirm = page.getByRole('dialog', { name: 'Run the tally while reviews are missing?' });
    await confirm.getByText(missing).waitFor();
    await shot(confirm, 'results-2-confirm-missing');
    const confirmAxe = await axe(page, 'results-confirm-missing');
    expect(confirmAxe.blocking, confirmAxe.blocking.join('\n')).toEqual([]);
    await confirm.getByRole('button', { name: 'Run the tally anyway' }).click();
    await page.getByRole('progressbar', { name: 'Tally' }).waitFor();
    await page.getByRole('heading', { name: 'Latest tally' }).waitFor({ timeout: 30_000 });
    await page.getByText('Showing 60 of 60 entries').waitFor();
    expect(await page.getByTestId('result-row').count()).toBe(60);
    // Ranked on fewer reviews than they need: counted above the table, flagged in it.
    await page
      .getByTestId('missing-reviews')
      .filter({ hasText: 'They are ranked on fewer reviews than they need' })
      .getByText(missing)
      .waitFor();
    expect(
      await page
        .getByTestId('result-row')
        .filter({ hasText: /2 of 3/ })
        .count(),
    ).toBe(late!.n);
    // The plots: a histogram per track, the judges' severity, the reliability per track.
    for (const heading of [
      'Score distribution by track',
      'Judge severity',
      'Agreement between judges (ICC(1))',
    ]) {
      await page.getByRole('heading', { name: heading }).waitFor();
    }
    expect(await page.locator('.recharts-surface').count()).toBeGreaterThanOrEqual(3);
    // The harsh judge has the lowest severity: the first bar, and a negative number in the table.
    const [harsh] = await t.db
      .select({ name: judges.name })
      .from(judges)
      .where(eq(judges.email, demoJudgeEmail(2)));
    const firstJudgeRow = page.getByRole('region', { name: 'Judges' }).getByRole('row').nth(1);
    await expect(firstJudgeRow.textContent()).resolves.toContain(harsh!.name);
    await screenshot(page, 'results-2-tallied');
    await shot(page.locator('section[aria-labelledby="run-tally"]'), 'results-2a-run');
    await shot(page.getByRole('figure', { name: 'Score distribution by track' }), 'results-2b-distribution');
    await shot(page.getByRole('figure', { name: 'Judge severity' }), 'results-2c-severity');
    await shot(page.getByRole('figure', { name: /Agreement between judges/ }), 'results-2d-reliability');
    await page
      .getByRole('table')
      .first()
      .evaluate((el) => el.scrollIntoView());
    await shot(page.getByRole('region', { name: 'Ranking' }).getByRole('row').nth(1), 'results-2e-first-row');

    await page.getByRole('combobox', { name: 'Track', exact: true }).click();
    await page.getByRole('option', { name: 'Digital Medicine' }).click();
    await page.getByText('Showing 10 of 60 entries').waitFor();
    await page.getByRole('button', { name: /^Calibrated/ }).click();
    await shot(page.getByRole('region', { name: 'Ranking' }), 'results-3-track-filter');
    const csv = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    expect(csv).toBe(`/api/v1/rounds/${preliminary}/results.csv?method=bias`);
    await context.close();
  });

  test('advances the top two of every track to the live final: preview, then commit', async () => {
    const { context, page } = await newPage(browser, t.baseUrl, { width: 1280, height: 2000 });
    await signIn(page, organizerEmail, organizerPassword);
    await page.goto(`/organizer/competitions/${competitionId}/results`);
    await page.getByRole('button', { name: 'Advance entries…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Top entries per track').fill('2');
    await dialog.getByRole('button', { name: 'Preview' }).click();
    const heading = dialog.getByRole('heading', {
      name: /entries would advance to Final roadshow in Wuzhen/,
    });
    await heading.waitFor();
    const count = Number(/^(\d+)/.exec((await heading.textContent()) ?? '')![1]);
    expect(count).toBeGreaterThanOrEqual(12);
    await shot(dialog, 'results-4-advance-preview');
    const before = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from round_entries where round_id = ${final}`,
    );
    expect(before[0]!.n).toBe(0);
    // The tally lacks the late judge's reviews: advancing takes an explicit yes.
    const commit = dialog.getByRole('button', { name: `Advance ${count} entries` });
    expect(await commit.isDisabled()).toBe(true);
    await dialog
      .getByRole('checkbox', { name: /^Advance anyway, knowing that \d+ entries are missing/ })
      .check();
    await commit.click();
    await page.getByText(`${count} entries advanced to Final roadshow in Wuzhen.`).waitFor();
    const after = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from round_entries where round_id = ${final}`,
    );
    expect(after[0]!.n).toBe(count);
    await context.close();
  });

  test('in the live final a panel judge scores a pitch on a tablet while the organizer watches', async () => {
    const office = t.agent();
    await office.login(organizerEmail, organizerPassword);
    const panel = await t.db
      .select({ id: judges.id, email: judges.email })
      .from(judges)
      .where(sql`${judges.email} like 'judge0%'`)
      .limit(5);
    expect(
      (await office.post(`/api/v1/rounds/${final}/panel`, { judgeIds: panel.map((j) => j.id) })).status,
    ).toBe(201);

    const desk = await newPage(browser, t.baseUrl, { width: 1280, height: 900 });
    await signIn(desk.page, organizerEmail, organizerPassword);
    await desk.page.goto(`/organizer/competitions/${competitionId}/reviews`);
    await desk.page.getByRole('combobox', { name: 'Round', exact: true }).click();
    await desk.page.getByRole('option', { name: '2. Final roadshow in Wuzhen' }).click();
    await desk.page.getByRole('heading', { name: 'Live desk' }).waitFor();
    // Nobody is chased in a live round: judges score each pitch as it happens. No reminders offered.
    await desk.page
      .getByText(
        'Judges of a live round score each pitch on the panel as it happens, so there are no reminders to send.',
      )
      .waitFor();
    expect(await desk.page.getByRole('button', { name: /^remind/i }).count()).toBe(0);
    await desk.page.getByRole('button', { name: 'Call the first pitch' }).click();
    await desk.page.getByRole('button', { name: 'Start the 8+7 timer' }).click();
    await desk.page.getByRole('timer').waitFor();

    // A panel judge on a tablet in portrait.
    const tablet = await newPage(browser, t.baseUrl, { width: 768, height: 1024 });
    await signIn(tablet.page, panel[0]!.email, demoPassword);
    await tablet.page.goto('/judge');
    // Each of the final's entries on the judge's list leads to the live panel, not the review form.
    const finalList = tablet.page.getByRole('region', { name: 'Final roadshow in Wuzhen', exact: true });
    const toPanel = finalList.getByRole('link', { name: 'Open live panel', exact: true });
    await toPanel.first().waitFor();
    expect(await toPanel.count()).toBe(await finalList.getByRole('article').count());
    expect(new Set(await toPanel.evaluateAll((links) => links.map((a) => a.getAttribute('href'))))).toEqual(
      new Set([`/judge/live/${final}`]),
    );
    expect(await finalList.locator('a[href^="/judge/assignments/"]').count()).toBe(0);
    await tablet.page.getByRole('link', { name: 'Open the live panel' }).click();
    await tablet.page.getByRole('timer').waitFor();
    await tablet.page.getByText('Pitch', { exact: true }).waitFor();
    // The team's country reads as a name on the tablet, not as its stored code.
    const panelJudge = t.agent();
    await panelJudge.login(panel[0]!.email, demoPassword);
    const pitching = (await panelJudge.get(`/api/v1/rounds/${final}/live`)).body.live.entry;
    const countryShown = new Intl.DisplayNames(['en'], { type: 'region' }).of(pitching.country);
    expect(countryShown).not.toBe(pitching.country);
    await tablet.page.getByText(`${pitching.teamName} · ${countryShown}`, { exact: true }).waitFor();
    for (const [label, value] of [
      ['Innovation', 9],
      ['Technology', 8],
      ['Market', 7],
      ['Team', 8],
    ] as const) {
      await tablet.page
        .getByRole('radiogroup', { name: label, exact: true })
        .getByRole('radio', { name: String(value), exact: true })
        .check();
    }
    await tablet.page.getByRole('button', { name: 'Submit score' }).click();
    await tablet.page.getByText('Score submitted.').waitFor();
    await screenshot(tablet.page, 'results-5-live-tablet');

    await desk.page.getByText('1 of 5 scored').waitFor({ timeout: 10_000 });
    await desk.page.getByText('Scored 8.05').waitFor();
    await screenshot(desk.page, 'results-6-live-desk');
    await tablet.context.close();
    await desk.context.close();
  });

  test('the results read in Simplified Chinese', async () => {
    const { context, page } = await newPage(browser, t.baseUrl, {
      width: 1280,
      height: 900,
      locale: 'zh-CN',
    });
    await signIn(page, organizerEmail, organizerPassword).catch(async () => {
      // The sign-in form speaks Chinese too: fill it by its fields.
      await page.locator('input[type=email]').fill(organizerEmail);
      await page.locator('input[type=password]').fill(organizerPassword);
      await page.locator('button[type=submit]').click();
      await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
    });
    // The review progress names the tracks in Chinese too.
    await page.goto(`/organizer/competitions/${competitionId}/reviews`);
    await page.getByRole('heading', { name: '按赛道' }).waitFor();
    await page.getByText('人工智能', { exact: true }).waitFor();
    expect(await page.getByText('Artificial Intelligence', { exact: true }).count()).toBe(0);
    await page.goto(`/organizer/competitions/${competitionId}/results`);
    await page.getByRole('heading', { name: '最新计分' }).waitFor();
    await page.getByRole('heading', { name: '评委严格度' }).waitFor();
    await shot(page.locator('main'), 'results-7-zh');
    await context.close();
  });
});
