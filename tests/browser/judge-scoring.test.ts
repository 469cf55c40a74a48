import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { assignments } from '../../server/src/modules/assignment/assignment.table.ts';
import { demoJudgeEmail, demoPassword } from '../../server/src/modules/demo/demo.seed.ts';
import { seedDemoOnce } from '../../server/src/modules/demo/demo.service.ts';
import { entries } from '../../server/src/modules/entries/entries.table.ts';
import { judges } from '../../server/src/modules/judges/judges.table.ts';
import { reviews } from '../../server/src/modules/reviews/reviews.table.ts';
import { waitForJob } from '../integration/reviews.fixtures.ts';
import { organizerEmail, organizerPassword, startTestApp, type TestApp } from '../support/app.ts';
import { axe } from '../support/axe.ts';
import { launchBrowser, newPage, screenshot, signIn } from '../support/browser.ts';

let t: TestApp;
let browser: Browser;
let assignmentId: string;
let roundId: string;

/** The demo as submissions close (its first stage), with its first round assigned by the real assignment job. */
beforeAll(async () => {
  const storageDir = mkdtempSync(path.join(tmpdir(), 'wz-judge-'));
  t = await startTestApp({
    listen: true,
    worker: true,
    config: { LOGIN_RATE_LIMIT: 1000, STORAGE_DIR: storageDir },
  });
  const seeded = await seedDemoOnce({ db: t.db, organizerEmail, storageDir, stage: 'entries' });
  const office = t.agent();
  await office.login(organizerEmail, organizerPassword);
  const [round] = await t.db.execute<{ id: string }>(
    sql`select id from rounds where position = 1 and competition_id = ${seeded!.competitionId}`,
  );
  roundId = round!.id;
  const run = await office.post(`/api/v1/rounds/${roundId}/assign`, {});
  expect(run.status).toBe(202);
  expect((await waitForJob(office, run.body.jobId, 60_000)).state).toBe('completed');
  const [first] = await t.db
    .select({ id: assignments.id })
    .from(assignments)
    .innerJoin(judges, eq(judges.id, assignments.judgeId))
    .where(and(eq(judges.email, demoJudgeEmail(1)), eq(assignments.roundId, roundId)))
    .orderBy(assignments.id)
    .limit(1);
  assignmentId = first!.id;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** The score button `value` of the criterion labelled `label`. */
const scoreButton = (page: Page, label: string, value: number) =>
  page
    .getByRole('radiogroup', { name: label, exact: true })
    .getByRole('radio', { name: String(value), exact: true });

async function storedReview() {
  const [row] = await t.db.select().from(reviews).where(eq(reviews.assignmentId, assignmentId));
  return row ?? null;
}

describe('a judge scores an entry in the browser', () => {
  test('opens it from the list: the entry, its deck in the page, the rubric with descriptions and scales', async () => {
    const { context, page } = await newPage(browser, t.baseUrl);
    await signIn(page, demoJudgeEmail(1), demoPassword);
    await page.goto('/judge');
    await page.getByRole('heading', { name: 'Online preliminary' }).waitFor();
    await page.locator(`a[href="/judge/assignments/${assignmentId}"]`).first().click();
    await page.waitForURL(`**/judge/assignments/${assignmentId}`);
    await page.getByRole('heading', { name: 'Your review' }).waitFor();
    // The deck is shown in the page, not only offered for download.
    const deck = page.locator('iframe[title^="Pitch deck"]');
    await deck.waitFor();
    expect(await deck.getAttribute('src')).toMatch(/^\/api\/v1\/files\/.+\?inline=1$/);
    // Each criterion with its description and its scale.
    await page.getByText('How new is the idea or the technology').waitFor();
    await expect(page.getByText('Scale 1 (lowest) to 10 (highest).').count()).resolves.toBe(4);
    await page.getByText(/0 of \d+ done/).waitFor();
    await screenshot(page, 'judge-scoring-1-open');
    await context.close();
  });

  test('a draft saves itself, survives a reload, and is submitted', async () => {
    const { context, page } = await newPage(browser, t.baseUrl);
    await signIn(page, demoJudgeEmail(1), demoPassword);
    await page.goto(`/judge/assignments/${assignmentId}`);
    await scoreButton(page, 'Innovation', 8).check();
    await scoreButton(page, 'Technology', 7).check();
    await page.getByLabel('Comment to the team').fill('A clear problem and a working prototype.');
    await page.getByText(/Draft saved at/).waitFor();
    expect(await storedReview()).toMatchObject({
      status: 'draft',
      comment: 'A clear problem and a working prototype.',
      total: null,
    });

    await page.reload();
    await page.getByRole('heading', { name: 'Your review' }).waitFor();
    await expect(scoreButton(page, 'Innovation', 8).isChecked()).resolves.toBe(true);
    await expect(scoreButton(page, 'Technology', 7).isChecked()).resolves.toBe(true);
    await expect(page.getByLabel('Comment to the team').inputValue()).resolves.toBe(
      'A clear problem and a working prototype.',
    );
    // Two criteria left: submitting is not possible yet, and the page says why.
    await expect(page.getByRole('button', { name: 'Submit review' }).isDisabled()).resolves.toBe(true);
    await page.getByText('Score 2 more criteria to submit: Market, Team.').waitFor();

    await scoreButton(page, 'Market', 6).check();
    await scoreButton(page, 'Team', 9).check();
    await page
      .getByLabel('Private note to the organizers')
      .fill('Met the founder at a fair years ago; no conflict.');
    await page.getByRole('button', { name: 'Submit review' }).click();
    await page.getByText('Review submitted. Thank you!').waitFor();
    await page.getByText('Submitted', { exact: true }).first().waitFor();
    await screenshot(page, 'judge-scoring-2-submitted');
    const stored = await storedReview();
    expect(stored).toMatchObject({
      status: 'submitted',
      privateNote: 'Met the founder at a fair years ago; no conflict.',
    });
    expect(stored!.total).toBeCloseTo(0.3 * 8 + 0.25 * 7 + 0.25 * 6 + 0.2 * 9, 10);
    await page.getByText(/1 of \d+ done/).waitFor();
    await context.close();
  });

  test('changes the server has not got yet are kept on the device and restored after a reload', async () => {
    const { context, page } = await newPage(browser, t.baseUrl);
    await signIn(page, demoJudgeEmail(1), demoPassword);
    await page.goto(`/judge/assignments/${assignmentId}`);
    await page.getByRole('heading', { name: 'Your review' }).waitFor();
    // The connection drops: every save fails.
    await page.route('**/api/v1/assignments/*/review', (route) => route.abort());
    await scoreButton(page, 'Market', 4).check();
    await page
      .getByText('Unsaved changes, kept on this device. Save them before the round closes.')
      .waitFor();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText(/Not saved to the server yet/).waitFor();
    await page.unroute('**/api/v1/assignments/*/review');
    await page.reload();
    await page.getByText('Unsaved changes restored').waitFor();
    await expect(scoreButton(page, 'Market', 4).isChecked()).resolves.toBe(true);
    await screenshot(page, 'judge-scoring-3-restored');
    // Back online: saving the change resubmits it.
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Changes saved.').waitFor();
    const stored = await storedReview();
    expect(stored!.status).toBe('submitted');
    expect(stored!.total).toBeCloseTo(0.3 * 8 + 0.25 * 7 + 0.25 * 4 + 0.2 * 9, 10);
    await context.close();
  });

  test('the list shows progress, and an organizer reminder as a banner', async () => {
    const office = t.agent();
    await office.login(organizerEmail, organizerPassword);
    const [judge] = await t.db
      .select({ id: judges.id })
      .from(judges)
      .where(eq(judges.email, demoJudgeEmail(1)));
    expect((await office.post(`/api/v1/rounds/${roundId}/reminders`, { judgeIds: [judge!.id] })).status).toBe(
      201,
    );
    const { context, page } = await newPage(browser, t.baseUrl);
    await signIn(page, demoJudgeEmail(1), demoPassword);
    await page.goto('/judge');
    await page.getByText('A reminder from the organizers').waitFor();
    await page
      .getByText(/The organizers reminded you on .* reviews are still to do in Online preliminary/)
      .waitFor();
    await screenshot(page, 'judge-scoring-4-list');
    await context.close();
  });

  test('declares a conflict from the list: a kind, details, a confirmation; the entry leaves the list', async () => {
    const [other] = await t.db
      .select({ id: assignments.id, entryId: assignments.entryId, title: entries.title })
      .from(assignments)
      .innerJoin(judges, eq(judges.id, assignments.judgeId))
      .innerJoin(entries, eq(entries.id, assignments.entryId))
      .where(
        and(
          eq(judges.email, demoJudgeEmail(1)),
          eq(assignments.roundId, roundId),
          ne(assignments.id, assignmentId),
        ),
      )
      .orderBy(assignments.id)
      .limit(1);
    const { context, page } = await newPage(browser, t.baseUrl, { width: 1024, height: 900 });
    await signIn(page, demoJudgeEmail(1), demoPassword);
    await page.goto('/judge');
    const card = page.getByRole('article', { name: other!.title });
    await card.getByRole('button', { name: 'Declare a conflict' }).click();
    const dialog = page.getByRole('dialog', { name: `Declare a conflict with “${other!.title}”?` });
    await dialog.getByRole('radio', { name: 'Personal relationship' }).check();
    await dialog.getByLabel('Details (for the organizers)').fill('My sister advises this team.');
    const found = await axe(page, 'judge-declare-conflict');
    expect(found.blocking, found.blocking.join('\n')).toEqual([]);
    await screenshot(page, 'judge-scoring-5-conflict');
    await dialog.getByRole('button', { name: 'Declare the conflict' }).click();
    await page.getByText('Conflict declared. The entry has left your list.').waitFor();
    await page.getByRole('article', { name: other!.title }).waitFor({ state: 'detached' });
    const [row] = await t.db.execute<{ reason: string; status: string }>(
      sql`select c.reason, a.status from conflicts c join assignments a on a.judge_id = c.judge_id and a.entry_id = c.entry_id
          where a.id = ${other!.id}`,
    );
    expect(row).toEqual({ reason: 'Personal relationship: My sister advises this team.', status: 'recused' });
    // The same list in Simplified Chinese offers the same action.
    await page.getByRole('banner').getByText('简体中文', { exact: true }).click();
    await page.getByRole('button', { name: '申报利益冲突' }).first().waitFor();
    await context.close();
  });
});
