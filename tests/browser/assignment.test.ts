import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addEntry, addJudge, signedInOrganizer } from '../integration/assignment.fixtures.ts';
import { countRows, organizerEmail, organizerPassword, startTestApp, type TestApp } from '../support/app.ts';
import { axe } from '../support/axe.ts';
import { launchBrowser, newPage, screenshot, signIn } from '../support/browser.ts';
import { createCompetition, rubric } from '../support/fixtures.ts';

let t: TestApp;
let browser: Browser;
let competitionId: string;
let invitationUrl: string;

const judgeSeeds = [
  { name: 'Prof. Zhao Min', organization: 'Zhejiang University', country: 'CN', expertise: [0, 2] },
  { name: 'Dr. Hannah Weber', organization: 'Fraunhofer Institute', country: 'DE', expertise: [1] },
  { name: 'Dr. Rahul Mehta', organization: 'Apollo Hospitals', country: 'IN', expertise: [1, 0] },
  { name: 'Sophie Martin', organization: 'Renault Ventures', country: 'FR', expertise: [2, 0] },
  { name: 'Kenji Sato', organization: 'Toyota Research', country: 'JP', expertise: [0] },
];

beforeAll(async () => {
  t = await startTestApp({ listen: true, worker: true, config: { LOGIN_RATE_LIMIT: 1000 } });
  const office = await signedInOrganizer(t);
  const { competition, tracks } = await createCompetition(office, {
    tracks: ['Artificial Intelligence', 'Digital Medicine', 'Connected Vehicles'],
    rounds: [
      { name: 'Online preliminary', kind: 'review', reviewsPerEntry: 2, judgeCapacity: 6, criteria: rubric },
    ],
  });
  competitionId = competition.id;
  const titles = [
    ['Edge LLM for offline factories', 'Speech model for dialects', 'Explainable credit scoring'],
    ['Retinal scan triage', 'Sepsis early warning', 'Elderly fall detection'],
    ['V2X roadside perception kit', 'Battery health passport', 'Cabin voice copilot'],
  ];
  for (const [i, track] of tracks.entries()) {
    for (const title of titles[i]!) {
      // One team shares Prof. Zhao's organization: the run must avoid that pair.
      const organization = title === 'Speech model for dialects' ? 'Zhejiang University' : undefined;
      await addEntry(t, competition.id, {
        trackId: track.id,
        title,
        ...(organization ? { organization } : {}),
      });
    }
  }
  for (const [i, seed] of judgeSeeds.entries()) {
    const created = await addJudge(office, competition.id, {
      ...seed,
      email: `judge${i + 1}@panel-${i + 1}.example`,
      expertise: seed.expertise.map((n) => tracks[n]!.id),
    });
    if (i === 0) invitationUrl = created.invitationUrl;
  }
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('assignment in the browser', () => {
  test('an organizer sees the judges with a detected conflict, runs the assignment and reads the summary', async () => {
    const { context, page } = await newPage(browser, t.baseUrl);
    await signIn(page, organizerEmail, organizerPassword);

    await page.goto(`/organizer/competitions/${competitionId}/judges`);
    await page
      .getByRole('cell', { name: /^Kenji Sato/ })
      .waitFor()
      .catch(async (err) => {
        await screenshot(page, 'assignment-judges-tab-failed');
        throw err;
      });
    expect(await page.getByRole('row').count()).toBeGreaterThan(judgeSeeds.length);
    await page
      .getByRole('cell', { name: /^Prof\. Zhao Min/ })
      .first()
      .waitFor({ state: 'visible' });
    await page.getByText('Same organization', { exact: true }).first().waitFor({ state: 'visible' });
    // Countries read as names, not as the codes they are stored by.
    const kenji = page.getByRole('row').filter({ has: page.getByRole('cell', { name: /^Kenji Sato/ }) });
    expect(await kenji.getByRole('cell', { name: 'Japan', exact: true }).count()).toBe(1);
    expect(await kenji.getByRole('cell', { name: 'JP', exact: true }).count()).toBe(0);
    await screenshot(page, 'assignment-judges-tab');

    // Import: a bad row refuses the whole list and is pointed at by its pasted line.
    await page.getByText('Import a list', { exact: true }).click();
    const list = page.getByLabel('Judges to import');
    await list.fill(
      'name,email,organization,country,expertise,capacity\n' +
        'Dr. Grace Lee,grace@snuh.example,Seoul National University Hospital,KR,DM,4\n' +
        'Michael Brown,michael@sequoia.example,Sequoia Capital,US,NOPE,\n',
    );
    await page.getByRole('button', { name: 'Import 2 judges' }).click();
    await page.getByText('1 problem: nothing was imported').waitFor();
    await page.getByText(/Line 3 \(expertise\.0\)/).waitFor();
    await screenshot(page, 'assignment-judges-import-refused');
    await list.fill(
      'name,email,organization,country,expertise,capacity\n' +
        'Dr. Grace Lee,grace@snuh.example,Seoul National University Hospital,KR,DM,4\n',
    );
    await page.getByRole('button', { name: 'Import 1 judge' }).click();
    await page.getByText('1 new invitation link').waitFor();
    await page
      .getByRole('cell', { name: /^Dr\. Grace Lee/ })
      .first()
      .waitFor();
    await screenshot(page, 'assignment-judges-imported');

    await page.getByRole('tab', { name: 'Assignment' }).click();
    await page.waitForURL(/\/assignment$/);
    await page.getByRole('button', { name: 'Run assignment' }).waitFor({ state: 'visible' });
    await screenshot(page, 'assignment-before-run');
    // The deadline is a week away: the first round's judges would close submissions, so it asks.
    await page.getByRole('button', { name: 'Run assignment' }).click();
    const closing = page.getByRole('dialog', { name: 'Close submissions now?' });
    await closing.waitFor({ state: 'visible' });
    expect(await closing.textContent()).toMatch(/Submissions are open until .*running the assignment closes/);
    const audit = await axe(page, 'assignment, close-submissions dialog');
    expect(audit.blocking).toEqual([]);
    await screenshot(page, 'assignment-closes-submissions');
    await closing.getByRole('button', { name: 'Keep submissions open' }).click();
    await closing.waitFor({ state: 'hidden' });
    expect(await countRows(t, 'assignments')).toBe(0);
    await page.getByRole('button', { name: 'Run assignment' }).click();
    await closing.getByRole('button', { name: 'Run and close submissions' }).click();
    await page.getByRole('progressbar', { name: 'Assignment' }).waitFor({ state: 'visible' });
    await page.getByText('The assignment is done.').waitFor({ state: 'visible', timeout: 30_000 });

    // The summary: full coverage, one conflict avoided, a load chart and the per-entry table.
    await page.getByText('9 of 9 entries have all their judges').waitFor({ state: 'visible' });
    await page.getByText('100%', { exact: true }).first().waitFor({ state: 'visible' });
    await page.getByRole('img', { name: 'Load per judge' }).waitFor({ state: 'visible' });
    await page.getByRole('cell', { name: 'Speech model for dialects' }).first().waitFor({ state: 'visible' });
    await page.getByRole('button', { name: 'Run again' }).waitFor({ state: 'visible' });
    await screenshot(page, 'assignment-summary');
    await page.getByText('简体中文', { exact: true }).first().click();
    await page.getByText('分配结果', { exact: true }).waitFor();
    // The worker's last step reads in Chinese too (it reports a key; the sentence is the web's).
    await page.getByText('完成', { exact: true }).waitFor();
    await screenshot(page, 'assignment-summary-zh');
    await page.getByText('English', { exact: true }).first().click();
    await page.getByText('Result', { exact: true }).waitFor();

    await page.getByText('Per judge', { exact: true }).click();
    await page
      .getByRole('cell', { name: /^Kenji Sato/ })
      .first()
      .waitFor({ state: 'visible' });
    await screenshot(page, 'assignment-per-judge');
    await context.close();
  });

  test('a judge accepts the invitation and sees their entries', async () => {
    const { context, page } = await newPage(browser, t.baseUrl);
    await page.goto(new URL(invitationUrl).pathname);
    await page
      .getByRole('heading', { name: 'Welcome, Prof. Zhao Min' })
      .waitFor({ state: 'visible' })
      .catch(async (err) => {
        await screenshot(page, 'assignment-invitation-failed');
        throw err;
      });
    await screenshot(page, 'assignment-invitation');
    await page.getByLabel('Choose a password').fill('zhao-min-password-1');
    await page.getByLabel('Repeat the password').fill('zhao-min-password-1');
    await page.getByRole('button', { name: 'Accept and sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/judge');
    await page.getByRole('heading', { name: 'Online preliminary' }).waitFor({ state: 'visible' });
    await page.getByText(/0 of \d+ submitted/).waitFor({ state: 'visible' });
    const cards = page.getByRole('article');
    await cards.first().waitFor();
    expect(await cards.count()).toBeGreaterThan(0);
    // Never the entry from the judge's own organization.
    expect(await page.getByRole('heading', { name: 'Speech model for dialects' }).count()).toBe(0);
    await screenshot(page, 'assignment-judge-list');
    await context.close();
  });
});
