// A new organizer sets a competition up in the browser only: creates it, adds, renames, reorders
// and removes tracks, adds a round with its rubric (previewing the judge's form), edits it, and
// watches the overview's checklist shrink. axe runs on every page and dialog visited.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { organizerEmail, organizerPassword, startTestApp, type TestApp } from '../support/app.ts';
import { launchBrowser, newPage, screenshot, signIn } from '../support/browser.ts';
import {
  accessible,
  addCriterion,
  addTracks,
  createCompetitionInBrowser,
  createRound,
  startNewRound,
} from '../support/setup-steps.ts';

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  t = await startTestApp({ listen: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('an organizer sets up a competition in the browser', () => {
  test('tracks, a round with its rubric, and the checklist', async () => {
    const { context, page } = await newPage(browser, t.baseUrl, { width: 1280, height: 900 });
    await signIn(page, organizerEmail, organizerPassword);
    await createCompetitionInBrowser(page, {
      name: 'Straight to Wuzhen 2027',
      submissionDeadline: '2030-06-30T23:59',
    });

    // The checklist says what is missing.
    const checklist = page.getByRole('region', { name: 'Before the competition opens' });
    await expect.poll(() => checklist.textContent()).toMatch(/5 things are still missing/);
    await accessible(page, 'overview, new competition');
    await screenshot(page, 'setup-overview-new');

    // Tracks: add three, rename one, move one, remove one.
    await addTracks(page, [
      { name: 'Artificial Intelligence' },
      { name: 'Digital Medicine' },
      { name: 'Open Source' },
    ]);
    await page.getByRole('button', { name: 'Rename Digital Medicine' }).click();
    const renameForm = page.getByRole('form', { name: 'Rename Digital Medicine' });
    await renameForm.getByLabel('Track name · English').fill('Digital Health');
    await accessible(page, 'overview, renaming a track');
    await renameForm.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('cell', { name: 'Digital Health', exact: true }).count()).toBe(1);

    await page.getByRole('button', { name: 'Move Open Source up' }).click();
    const trackNames = () =>
      page.getByRole('table', { name: 'Tracks' }).locator('tbody tr td:nth-child(2)').allTextContents();
    await expect.poll(trackNames).toEqual(['Artificial Intelligence', 'Open Source', 'Digital Health']);

    await page.getByRole('button', { name: 'Remove Open Source' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove the track “Open Source”?' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await accessible(page, 'overview, remove-track dialog');
    await screenshot(page, 'setup-remove-track-dialog');
    await dialog.getByRole('button', { name: 'Remove track' }).click();
    await expect.poll(trackNames).toEqual(['Artificial Intelligence', 'Digital Health']);

    // A round with its rubric.
    await page.getByRole('tab', { name: 'Rounds' }).click();
    await expect.poll(() => page.getByText('No rounds yet').count()).toBe(1);
    await accessible(page, 'rounds, empty');
    await startNewRound(page, { name: 'Online preliminary', reviewsPerEntry: 2 });
    // The starter rubric is there; weights read as shares of 100.
    await expect.poll(() => page.getByText('40 %').count()).toBeGreaterThan(0);
    // Add a fourth criterion; its key follows its label.
    const impact = await addCriterion(page, {
      label: 'Social impact',
      key: 'social_impact',
      description: 'Who is better off, and how many.',
      weight: '1',
    });
    // Weights 0.4, 0.3, 0.3, 1 → 20 %, 15 %, 15 %, 50 %.
    await expect.poll(() => impact.getByText('50 %').count()).toBe(1);
    // The preview is the judge's form: score it and see the total.
    const preview = page.getByRole('region', { name: "The judge's form" });
    for (const label of ['Innovation', 'Market potential', 'Team', 'Social impact']) {
      await preview.getByRole('radiogroup', { name: label }).getByText('8', { exact: true }).click();
    }
    await expect.poll(() => preview.textContent()).toContain('Total: 8.00');
    await accessible(page, 'rounds, new round form with preview');
    await screenshot(page, 'setup-round-form');
    const card = await createRound(page, 1, 'Online preliminary');
    await expect.poll(() => card.textContent()).toContain('social_impact');

    // Editing: a bad scale is refused at its field, then fixed.
    await page.getByRole('button', { name: 'Edit Online preliminary' }).click();
    const team = page.getByRole('group', { name: 'Team' });
    await team.getByRole('textbox', { name: 'Highest score' }).fill('1');
    await page.getByRole('button', { name: 'Save round' }).click();
    await expect.poll(() => team.getByText('The scale must go up: min below max.').count()).toBe(1);
    await accessible(page, 'rounds, edit form with an error');
    await screenshot(page, 'setup-round-error');
    await team.getByRole('textbox', { name: 'Highest score' }).fill('5');
    await page.getByRole('button', { name: 'Save round' }).click();
    await expect.poll(() => card.textContent()).toContain('1–5');
    await accessible(page, 'rounds, one round');
    await screenshot(page, 'setup-rounds');

    // Back on the overview, only the description and judges are missing.
    await page.getByRole('tab', { name: 'Overview' }).click();
    await screenshot(page, 'setup-overview-done');
    await expect.poll(() => checklist.textContent()).toMatch(/2 things are still missing/);
    await expect.poll(() => checklist.textContent()).toContain('Enough judges for the first round (0 of 2)');
    await accessible(page, 'overview, set up');
    await screenshot(page, 'setup-overview-done');

    // The same pages in Chinese.
    await page.getByRole('banner').getByText('简体中文', { exact: true }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.getByRole('tab', { name: '轮次' }).click();
    await page.getByRole('heading', { name: '轮次', level: 2 }).waitFor();
    await accessible(page, 'rounds, Chinese');
    await screenshot(page, 'setup-rounds-zh');
    await context.close();
  });
});
