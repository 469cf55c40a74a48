// The ceremony end to end in real browsers: the organizer picks a winner and reveals awards one by
// one; a public results page and the big screen, open in other browsers, show each award appear
// without reloading.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { insertFinalSnapshot, type Setup, setupAwards } from '../integration/awards.fixtures.ts';
import { organizerEmail, organizerPassword, startTestApp, type TestApp } from '../support/app.ts';
import { launchBrowser, newPage, screenshot, signIn } from '../support/browser.ts';

/** Pages with a patient timeout: the machine running the tests may be busy with other suites. */
async function openPage(options: { width: number; height: number; locale?: string }) {
  const opened = await newPage(browser, t.baseUrl, options);
  opened.page.setDefaultTimeout(30_000);
  return opened;
}

let t: TestApp;
let browser: Browser;
let s: Setup;
const award = { grand: '', first: '', special: '' };

beforeAll(async () => {
  t = await startTestApp({ listen: true });
  browser = await launchBrowser();
  s = await setupAwards(t, { perTrack: 4 });
  const [ai1, ai2, ai3, ai4, med1, med2, med3] = s.entries;
  await insertFinalSnapshot(t, {
    roundId: s.final.id,
    ranked: [med1!, ai1!, ai2!, med2!, ai3!, med3!, ai4!],
    tiedAt: 2,
  });
  const create = async (body: Record<string, unknown>) =>
    (await s.organizer.post(`/api/v1/competitions/${s.competition.id}/awards`, body)).body.award.id as string;
  award.grand = await create({
    name: 'Grand Prize',
    kind: 'prize',
    level: 1,
    slots: 1,
    description: 'The best project of the year.',
  });
  award.first = await create({
    name: 'First Prize — Artificial Intelligence',
    kind: 'prize',
    level: 2,
    trackId: s.tracks[0]!.id,
    slots: 2,
  });
  award.special = await create({
    name: 'Digital Medical Care Award',
    kind: 'special',
    eligibleTrackIds: [s.tracks[1]!.id],
    slots: 1,
  });
  await s.organizer.put(`/api/v1/awards/${award.grand}/winners`, [
    { entryId: med1!.id, citation: 'For a retinal triage camera that brings screening to village clinics.' },
  ]);
  await s.organizer.put(`/api/v1/awards/${award.special}/winners`, [
    { entryId: med2!.id, citation: 'For remote cardiac rehabilitation.' },
  ]);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function organizerPage(): Promise<Page> {
  const { page } = await openPage({ width: 1280, height: 900 });
  await signIn(page, organizerEmail, organizerPassword);
  return page;
}

describe('ceremony', () => {
  test('the organizer chooses winners from the suggestions, with a citation', async () => {
    const page = await organizerPage();
    await page.goto(`/organizer/competitions/${s.competition.id}/awards`);
    await page.getByRole('heading', { name: 'Prize ladder' }).waitFor();
    await screenshot(page, 'awards-tab');
    await page.getByRole('button', { name: 'Choose winners: First Prize — Artificial Intelligence' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByRole('heading', { name: 'Suggestions' }).waitFor();
    // The AI track's entries only, by track rank, with their tie flags.
    await expect.poll(() => drawer.getByRole('button', { name: /^Choose Project/ }).count()).toBe(4);
    await expect.poll(() => drawer.getByText('Tie', { exact: true }).count()).toBeGreaterThan(0);
    await screenshot(page, 'awards-suggestions');
    await drawer.getByRole('button', { name: `Choose ${s.entries[0]!.title}` }).click();
    await drawer.getByRole('button', { name: `Choose ${s.entries[1]!.title}` }).click();
    await drawer.getByText('2 of 2 slots filled').first().waitFor();
    await drawer
      .getByLabel('Citation')
      .first()
      .fill('For an edge model that keeps factories running offline.');
    await drawer.getByRole('button', { name: 'Save winners' }).click();
    await page.getByText('The winners of First Prize — Artificial Intelligence were saved.').waitFor();
    const saved = await s.organizer.get(`/api/v1/awards/${award.first}`);
    expect(
      saved.body.award.winners.map((w: { entryId: string; citation: string }) => [w.entryId, w.citation]),
    ).toEqual([
      [s.entries[0]!.id, 'For an edge model that keeps factories running offline.'],
      [s.entries[1]!.id, ''],
    ]);
    await page.context().close();
  });

  test('each reveal appears on the public page and the big screen without a reload', async () => {
    const organizer = await organizerPage();
    const { page: audience } = await openPage({ width: 1024, height: 900 });
    const { page: screen } = await openPage({ width: 1600, height: 900 });

    await audience.goto(`/c/${s.slug}/results`);
    await audience.getByText('Nothing published yet').waitFor();
    await audience.getByText('Live', { exact: true }).waitFor();
    await screen.goto(`/c/${s.slug}/screen`);
    await screen.getByText('The ceremony is about to begin').waitFor();
    await screen.getByText('Live', { exact: true }).waitFor();
    await screenshot(screen, 'big-screen-waiting');
    // Marks the documents: a reload would lose these.
    await audience.evaluate(() => Object.assign(window, { notReloaded: true }));
    await screen.evaluate(() => Object.assign(window, { notReloaded: true }));

    await organizer.goto(`/organizer/competitions/${s.competition.id}/ceremony`);
    await organizer.getByRole('heading', { name: 'Ceremony' }).waitFor();
    await screenshot(organizer, 'ceremony-control');

    // Reveal the special award first.
    await organizer.getByRole('button', { name: 'Reveal Digital Medical Care Award' }).click();
    await organizer.getByRole('button', { name: 'Reveal now' }).click();
    await organizer.getByText('Digital Medical Care Award is revealed.').waitFor();

    await audience.getByRole('heading', { name: 'Digital Medical Care Award' }).waitFor();
    await audience.getByText('For remote cardiac rehabilitation.', { exact: false }).waitFor();
    await screen.getByRole('heading', { name: 'Digital Medical Care Award' }).waitFor();
    // Nothing else leaked with it.
    expect(await audience.getByText('Grand Prize').count()).toBe(0);

    // Then the grand prize.
    await organizer.getByRole('button', { name: 'Reveal Grand Prize' }).click();
    await organizer.getByRole('button', { name: 'Reveal now' }).click();
    await audience.getByRole('heading', { name: 'Grand Prize' }).waitFor();
    await screen.getByRole('heading', { name: 'Grand Prize' }).waitFor();
    await screen
      .getByText('For a retinal triage camera that brings screening to village clinics.', { exact: false })
      .waitFor();
    expect(await audience.getByTestId('public-award').count()).toBe(2);
    // An award whose name says its level is not tagged with it again ("Grand Prize  GRAND PRIZE").
    const grand = audience.getByRole('article', { name: 'Grand Prize' });
    expect(await grand.getByText('Grand prize', { exact: true }).count()).toBe(0);
    expect(await audience.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );
    expect(await screen.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );
    await screenshot(audience, 'public-results-live');
    await screenshot(screen, 'big-screen-reveal');
    await screenshot(organizer, 'ceremony-after-reveals');

    // The printable view lists what is public, and only that.
    await audience.goto(`/c/${s.slug}/results/print`);
    await audience.getByRole('heading', { name: 'Grand Prize' }).waitFor();
    expect(await audience.getByRole('heading', { name: 'Grand Prize' }).textContent()).toBe('Grand Prize');
    expect(await audience.getByText('First Prize — Artificial Intelligence').count()).toBe(0);
    await screenshot(audience, 'public-results-print');

    // The same in Chinese, on a tablet.
    const { page: chinese } = await openPage({ width: 820, height: 1000, locale: 'zh-CN' });
    await chinese.goto(`/c/${s.slug}/results`);
    await chinese.getByRole('heading', { name: '特别奖' }).waitFor();
    await chinese.getByText('德国', { exact: false }).first().waitFor();
    await screenshot(chinese, 'public-results-zh');

    for (const page of [organizer, audience, screen, chinese]) await page.context().close();
  });

  test('the team reads its award on its results page', async () => {
    // The first team (AI track, first entry) won a place in the first prize, not yet published.
    const { page } = await openPage({ width: 1024, height: 900 });
    await signIn(page, s.teamUser.email, 'a-good-password-1');
    await page.goto('/my/results');
    await page.getByRole('heading', { name: s.entries[0]!.title }).waitFor();
    await page.getByText('No award announced for this entry yet.').waitFor();
    expect(await page.getByText('First Prize — Artificial Intelligence').count()).toBe(0);
    await s.organizer.post(`/api/v1/competitions/${s.competition.id}/publish`, {});
    await page.reload();
    await page.getByText('First Prize — Artificial Intelligence').waitFor();
    await page
      .getByText('For an edge model that keeps factories running offline.', { exact: false })
      .waitFor();
    await screenshot(page, 'team-results');
    await page.context().close();
  });

  test('after publication the organizer corrects a citation, and the public page reads the new words', async () => {
    const organizer = await organizerPage();
    await organizer.goto(`/organizer/competitions/${s.competition.id}/awards`);
    await organizer.getByRole('button', { name: 'More actions for Digital Medical Care Award' }).click();
    await organizer.getByRole('menuitem', { name: 'Correct citations' }).click();
    const dialog = organizer.getByRole('dialog', { name: 'Citations of Digital Medical Care Award' });
    await dialog.getByText('This award is public.', { exact: false }).waitFor();
    const words = dialog.getByRole('textbox', { name: /· English$/ });
    expect(await words.inputValue()).toBe('For remote cardiac rehabilitation.');
    await words.fill('For remote cardiac rehabilitation that patients follow at home.');
    await screenshot(organizer, 'awards-citation-correction');
    await dialog.getByRole('button', { name: 'Save citations' }).click();
    await organizer.getByText('The citations of Digital Medical Care Award were saved.').waitFor();

    const { page: audience } = await openPage({ width: 1280, height: 900 });
    await audience.goto(`/c/${s.slug}/results`);
    await audience
      .getByText('For remote cardiac rehabilitation that patients follow at home.', { exact: false })
      .waitFor();
    for (const page of [organizer, audience]) await page.context().close();
  });
});
