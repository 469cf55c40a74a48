import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedDemoOnce } from '../../server/src/modules/demo/demo.service.ts';
import { makePdfDeck } from '../../server/src/modules/uploads/uploads.fns.ts';
import { organizerEmail, organizerPassword, startTestApp, type TestApp } from '../support/app.ts';
import { screenshot as fullScreenshot, launchBrowser, newPage, signIn } from '../support/browser.ts';
import { createCompetition } from '../support/fixtures.ts';

let t: TestApp;
let browser: Browser;
let competition: { id: string; name: string };

const deck = makePdfDeck({ title: 'Retinal scan triage', lines: ['Team Aurora Health', 'Digital Medicine'] });
const mp4 = Buffer.concat([
  Buffer.from('00000020667479706973736f6d0000020069736f6d69736f32617663316d703431', 'hex'),
  randomBytes(3 * 1024 * 1024),
]);

beforeAll(async () => {
  t = await startTestApp({
    listen: true,
    config: { LOGIN_RATE_LIMIT: 1000, STORAGE_DIR: mkdtempSync(path.join(tmpdir(), 'wz-journey-')) },
  });
  const office = t.agent();
  await office.login(organizerEmail, organizerPassword);
  const created = await createCompetition(office, {
    tracks: ['Artificial Intelligence', 'Digital Medicine', 'Open Source'],
    submissionClosesAt: new Date(Date.now() + 3 * 24 * 3600_000 + 5 * 3600_000).toISOString(),
  });
  competition = created.competition;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** A full-page screenshot from the top, so the fixed header does not cover the page's start. */
async function screenshot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  return fullScreenshot(page, name);
}

/** Waits for what a person would see, as long as a slow machine needs. */
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000 });

async function chooseKind(page: Page, kind: string) {
  await page.locator('.mantine-SegmentedControl-root').getByText(kind, { exact: true }).click();
  await poll(() => page.getByRole('radio', { name: kind }).isChecked()).toBe(true);
}

async function chooseOption(page: Page, label: RegExp, search: string | null, option: RegExp) {
  const input = page
    .getByRole('combobox', { name: label })
    .or(page.getByRole('textbox', { name: label }))
    .first();
  await input.click();
  if (search) await input.fill(search);
  await page.getByRole('option', { name: option }).click();
}

describe("a team's whole journey", () => {
  test('register, form a team, write an entry, upload a deck and a video, submit; the organizer sees it', async () => {
    const { context, page } = await newPage(browser, t.baseUrl);

    // Register.
    await page.goto('/register');
    await page.getByLabel(/^name/i).fill('Mei Tan');
    await page.getByLabel(/email/i).fill('mei@aurora-health.example');
    await page.getByLabel(/^password/i).fill('a-very-good-password');
    await page.getByRole('button', { name: /create account/i }).click();
    await page.waitForURL((url) => url.pathname === '/');

    // Find the competition.
    await page.goto('/team');
    await poll(() => page.getByRole('heading', { name: competition.name }).count()).toBe(1);
    await screenshot(page, 'entries-team-home-empty');
    await page.getByRole('link', { name: `Register a team in ${competition.name}` }).click();

    // Form the team: the person registering is already the first member.
    await page.waitForURL(/\/team\/new/);
    await poll(() => page.getByLabel('Member 1: email').inputValue()).toBe('mei@aurora-health.example');
    await page.getByLabel('Team name').fill('Aurora Health');
    await page.getByLabel('Organization', { exact: false }).first().fill('Aurora Health Pte Ltd');
    await chooseOption(page, /country or region/i, 'Singa', /Singapore \(SG\)/);
    await page.getByRole('button', { name: 'Add a member' }).click();
    await page.getByLabel('Member 2: name').fill('Ravi Sharma');
    await page.getByLabel('Member 2: email').fill('ravi@aurora-health.example');
    await screenshot(page, 'entries-new-team');
    await page.getByRole('button', { name: 'Register team' }).click();

    // Write the entry: the summary counts its characters.
    await page.waitForURL(/\/entries\/new$/);
    await chooseOption(page, /^track/i, null, /Digital Medicine/);
    await page.getByLabel('Project title').fill('Retinal scan triage in primary care');
    await page
      .getByLabel('Summary')
      .fill('Clinics photograph the retina; a model flags who needs an eye specialist.');
    await poll(() => page.getByText('73 / 300 characters').count()).toBe(1);
    await page
      .getByLabel('Description')
      .fill('Problem: too few ophthalmologists.\nSolution: triage in primary care.');
    await page.getByRole('button', { name: 'Create draft' }).click();

    await page.waitForURL(/\/team\/entries\//);
    await poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Retinal scan triage in primary care',
    );
    await poll(() => page.getByRole('button', { name: 'Submit entry' }).isDisabled()).toBe(true);
    await poll(() => page.getByText(/Deadline:/).count()).toBeGreaterThan(0);
    await poll(() => page.getByText(/close in 3 days/).count()).toBeGreaterThan(0);
    await screenshot(page, 'entries-entry-draft');

    // A "video" that is really a PDF is refused, in the server's words.
    await chooseKind(page, 'Video');
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'demo.mp4', mimeType: 'video/mp4', buffer: deck });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'The file was not accepted' });
    await poll(() => refusal.textContent()).toMatch(/not an MP4 or WebM file: its content is a PDF document/);
    await screenshot(page, 'entries-upload-refused');

    // The deck, then the video, with a progress bar while it goes.
    await chooseKind(page, 'Pitch deck');
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'Aurora deck.pdf', mimeType: 'application/pdf', buffer: deck });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await poll(() => page.getByRole('link', { name: 'Aurora deck.pdf', exact: true }).count()).toBe(1);
    await chooseKind(page, 'Video');
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'Demo video.mp4', mimeType: 'video/mp4', buffer: mp4 });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await poll(() => page.getByRole('link', { name: 'Demo video.mp4', exact: true }).count()).toBe(1);
    await poll(() => page.getByText('Demo video.mp4 was uploaded.').count()).toBe(1);

    // Submit.
    await poll(() => page.getByRole('button', { name: 'Submit entry' }).isEnabled()).toBe(true);
    await page.getByRole('button', { name: 'Submit entry' }).click();
    await poll(() =>
      page.getByText('This entry is submitted and will be judged.', { exact: false }).count(),
    ).toBe(1);
    await screenshot(page, 'entries-entry-submitted');

    // The team's page lists it, submitted, with its files.
    await page.getByRole('link', { name: /Back to my teams/ }).click();
    await poll(() => page.getByRole('link', { name: 'Retinal scan triage in primary care' }).count()).toBe(1);
    await poll(() => page.getByText('Submitted', { exact: true }).count()).toBeGreaterThan(0);
    await screenshot(page, 'entries-team-home');
    await context.close();

    // The organizer sees it in the entries table, counted for its track and country.
    const organizer = await newPage(browser, t.baseUrl, { width: 1280, height: 900 });
    await signIn(organizer.page, organizerEmail, organizerPassword);
    await organizer.page.goto(`/organizer/competitions/${competition.id}/entries`);
    const row = organizer.page.getByRole('row').filter({ hasText: 'Retinal scan triage in primary care' });
    await poll(() => row.count()).toBe(1);
    await poll(() => row.textContent()).toMatch(
      /Aurora Health.*SG.*Digital Medicine.*Submitted.*Pitch deck · Video/,
    );
    await poll(() => organizer.page.getByText('Showing 1 of 1 entries').count()).toBe(1);
    await screenshot(organizer.page, 'entries-organizer-table');
    await organizer.page.getByRole('button', { name: 'Retinal scan triage in primary care' }).click();
    await poll(() =>
      organizer.page.getByRole('dialog').getByRole('link', { name: 'Aurora deck.pdf', exact: true }).count(),
    ).toBe(1);
    await screenshot(organizer.page, 'entries-organizer-drawer');
    await organizer.context.close();
  });

  test("the organizer reads the demo's sixty entries: charts, filters, sorting and the next page", async () => {
    const seeded = await seedDemoOnce({ db: t.db, organizerEmail, storageDir: t.config.STORAGE_DIR });
    const { context, page } = await newPage(browser, t.baseUrl, { width: 1280, height: 900 });
    await signIn(page, organizerEmail, organizerPassword);
    await page.goto(`/organizer/competitions/${seeded!.competitionId}/entries`);
    await poll(() => page.getByText('Showing 50 of 60 entries').count()).toBe(1);
    await screenshot(page, 'entries-organizer-demo');

    await page.getByRole('button', { name: 'Load more' }).click();
    await poll(() => page.getByText('Showing 60 of 60 entries').count()).toBe(1);
    await poll(() => page.getByRole('button', { name: 'Load more' }).count()).toBe(0);

    await chooseOption(page, /^track/i, null, /^Digital Medicine$/);
    // The country choices follow the track: the demo's Digital Medicine teams come from the US and Israel.
    await chooseOption(page, /country or region/i, 'United', /United States/);
    await poll(() => page.getByText(/Showing \d+ of \d+ entries/).textContent()).toMatch(
      /Showing (\d+) of \1 entries/,
    );
    const rows = page.getByRole('table').last().getByRole('row');
    await poll(() => rows.count()).toBeGreaterThan(1);
    for (const text of await rows.allTextContents()) {
      if (!text.startsWith('Title')) expect(text).toMatch(/US.*Digital Medicine/);
    }
    await page.getByRole('button', { name: /^Title/ }).click();
    await poll(() => page.getByRole('columnheader', { name: /^Title/ }).getAttribute('aria-sort')).toBe(
      'ascending',
    );
    await screenshot(page, 'entries-organizer-demo-filtered');
    // The entry drawer shows the description's "## Problem" lines as headings, not as raw marks.
    await rows.nth(1).getByRole('button').first().click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText('Problem', { exact: true }).waitFor();
    expect(await drawer.getByText(/^## /).count()).toBe(0);
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    // The same tab in Simplified Chinese.
    await page.getByRole('banner').getByText('简体中文', { exact: true }).click();
    await poll(() => page.getByRole('tab', { name: '参赛项目' }).count()).toBe(1);
    // Tracks read in Chinese, as on the overview and the public pages.
    await poll(() => rows.nth(1).textContent()).toContain('数字医疗');
    for (const text of (await rows.allTextContents()).slice(1))
      expect(text).not.toContain('Digital Medicine');
    await screenshot(page, 'entries-organizer-demo-zh');
    await context.close();
  });
});
