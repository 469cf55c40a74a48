// Teams see whether they advanced (issue 13), in the browser, in English and in Chinese: the team's
// entries list and entry page say "advanced to the Semi-final" once the organizer advances, say
// nothing yet of the entry that did not go on, and say so once the round's results are out.
// The organizer's side runs through the API here (the organizer pipeline test drives it in the
// browser); what is under test is what the team reads.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { setupTalliedPreliminary, teamPassword } from '../integration/team-advancement.fixtures.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { launchBrowser, newPage, screenshot, signIn } from '../support/browser.ts';
import { accessible } from '../support/setup-steps.ts';

let t: TestApp;
let browser: Browser;
let s: Awaited<ReturnType<typeof setupTalliedPreliminary>>;

beforeAll(async () => {
  t = await startTestApp({ listen: true, worker: true, config: { LOGIN_RATE_LIMIT: 1000 } });
  s = await setupTalliedPreliminary(t);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** The team owner's browser, signed in; in Chinese, chosen with the header's language switch. */
async function teamPage(email: string, language: 'en' | 'zh' = 'en') {
  const opened = await newPage(browser, t.baseUrl, { width: 1024, height: 900 });
  await signIn(opened.page, email, teamPassword);
  if (language === 'zh') {
    await opened.page.getByRole('radiogroup', { name: 'Language' }).getByText('简体中文').click();
    await expect.poll(() => opened.page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  }
  return opened;
}
const row = (page: Page, title: string) => page.getByRole('row').filter({ hasText: title });

describe('a team sees whether its entry advanced', () => {
  test('nothing before the organizer decides', async () => {
    const { context, page } = await teamPage(s.alpha.email);
    await page.goto('/team');
    await row(page, s.e(0).title).waitFor();
    await expect.poll(() => page.getByText(/Advanced to|Did not advance/).count()).toBe(0);
    await page.goto(`/team/entries/${s.e(0).id}`);
    await page.getByRole('heading', { name: 'Rounds' }).waitFor();
    await page.getByText('Nothing to report yet.', { exact: false }).waitFor();
    await accessible(page, 'team entry, no decision yet');
    await context.close();
  });

  test('advanced: at once, on the list and the entry page; the other entry says nothing yet', async () => {
    expect((await s.advance({ topPerTrack: 1 })).status).toBe(201);
    const { context, page } = await teamPage(s.alpha.email);
    await page.goto('/team');
    await row(page, s.e(0).title).getByText('Advanced to Semi-final').waitFor();
    // The round's name reads as the organizer wrote it, not in capitals.
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text, capitals included, is what a team reads
    expect(await row(page, s.e(0).title).getByText('Advanced to Semi-final').innerText()).toBe(
      'Advanced to Semi-final',
    );
    expect(
      await row(page, s.e(1).title)
        .getByText(/Advanced|Did not advance/)
        .count(),
    ).toBe(0);
    // Only the team's own entries are listed: beta's is nowhere.
    expect(await page.getByText(s.e(2).title).count()).toBe(0);
    await accessible(page, 'team entries, one advanced');
    await screenshot(page, 'team-advancement-list');

    await page.getByRole('link', { name: s.e(0).title }).click();
    const rounds = page.getByRole('region', { name: 'Rounds' });
    await rounds
      .getByText(/^Online preliminary: advanced to Semi-final on .+\(Asia\/Shanghai, UTC\+08:00\)\.$/)
      .waitFor();
    await accessible(page, 'team entry, advanced');
    await screenshot(page, 'team-advancement-entry');

    await page.goto(`/team/entries/${s.e(1).id}`);
    await page.getByText('Nothing to report yet.', { exact: false }).waitFor();
    await context.close();
  });

  test('did not advance: once the round’s results are out, in English and in Chinese', async () => {
    expect((await s.releaseFeedback(true)).status).toBe(200);
    const { context, page } = await teamPage(s.alpha.email);
    await page.goto(`/team/entries/${s.e(1).id}`);
    await page
      .getByRole('region', { name: 'Rounds' })
      .getByText(/^Online preliminary: did not advance to Semi-final \(decided on .+\)\.$/)
      .waitFor();
    await accessible(page, 'team entry, did not advance');
    await screenshot(page, 'team-advancement-not-advanced');
    await context.close();

    const renamed = await s.world.organizer.patch(`/api/v1/competitions/${s.world.competition.id}`, {
      nameZh: '直通乌镇测试赛',
    });
    expect(renamed.status).toBe(200);
    const zh = await teamPage(s.alpha.email, 'zh');
    await zh.page.goto('/team');
    // The team's card names its competition in Chinese, as the list of competitions beside it does.
    await zh.page.getByRole('article').getByText('直通乌镇测试赛', { exact: true }).first().waitFor();
    await row(zh.page, s.e(0).title).getByText('已晋级Semi-final').waitFor();
    await row(zh.page, s.e(1).title).getByText('未晋级Semi-final').waitFor();
    await accessible(zh.page, 'team entries, Chinese');
    await screenshot(zh.page, 'team-advancement-list-zh');
    await zh.page.goto(`/team/entries/${s.e(0).id}`);
    await zh.page
      .getByRole('region', { name: '晋级情况' })
      .getByText(/^Online preliminary：已晋级Semi-final，决定于 \d{4}年/)
      .waitFor();
    await accessible(zh.page, 'team entry, Chinese');
    await screenshot(zh.page, 'team-advancement-entry-zh');
    await zh.context.close();
  });

  test('another team reads only its own entry', async () => {
    const { context, page } = await teamPage(s.beta.email);
    await page.goto('/team');
    await row(page, s.e(2).title).getByText('Advanced to Semi-final').waitFor();
    expect(await page.getByText(s.e(0).title).count()).toBe(0);
    expect(await page.getByText(s.e(1).title).count()).toBe(0);
    // Alpha's entry page is not beta's to open.
    await page.goto(`/team/entries/${s.e(1).id}`);
    await page.getByRole('heading', { name: 'Entry not found' }).waitFor();
    await context.close();
  });

  test("past the deadline, the team's pages offer no form the server would only refuse", async () => {
    const closed = await s.world.organizer.patch(`/api/v1/competitions/${s.world.competition.id}`, {
      submissionClosesAt: new Date(Date.now() - 3600_000).toISOString(),
    });
    expect(closed.status).toBe(200);
    const { context, page } = await teamPage(s.beta.email);
    await page.goto('/team');
    await page.getByRole('link', { name: 'Edit team' }).first().click();
    await page.getByRole('alert').getByText('Team details are locked').waitFor();
    expect(await page.getByRole('button', { name: 'Save changes' }).count()).toBe(0);
    await page.goto(`${new URL(page.url()).pathname}/entries/new`);
    await page.getByRole('alert').getByText('Submissions are closed').waitFor();
    expect(await page.getByRole('button', { name: 'Create draft' }).count()).toBe(0);
    await context.close();
  });
});
