// Steps of setting a competition up in the browser, shared by the setup test and the organizer's
// whole pipeline: each drives the page as an organizer would and waits for what they would see.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { axe } from './axe.ts';

/** axe on what the page shows now: no critical or serious violation, ever. */
export async function accessible(page: Page, name: string) {
  const result = await axe(page, name);
  expect(result.blocking, `${name}: ${result.blocking.join('\n')}`).toEqual([]);
  return result;
}

/** Fills the new-competition form and creates it; resolves on the competition's overview. */
export async function createCompetitionInBrowser(
  page: Page,
  competition: { name: string; nameZh?: string; submissionDeadline: string },
  check: (page: Page, name: string) => Promise<unknown> = accessible,
) {
  await page.goto('/organizer/competitions/new');
  // The English field when the form has one per language.
  await page
    .getByLabel(/^Name(?! · 中文)/)
    .first()
    .fill(competition.name);
  if (competition.nameZh) await page.getByLabel('Name · 中文').first().fill(competition.nameZh);
  await page.getByLabel(/^Submission deadline/).fill(competition.submissionDeadline);
  await check(page, 'new competition');
  await page.getByRole('button', { name: 'Create competition' }).click();
  // The overview of the new competition (not the form's own address, which matches too).
  const overview = /\/organizer\/competitions\/(?!new$)([^/]+)$/;
  await page.waitForURL((url) => overview.test(url.pathname));
  return overview.exec(new URL(page.url()).pathname)![1]!;
}

/** Adds tracks on the overview, each with its code when one is given, and waits for its row. */
export async function addTracks(
  page: Page,
  tracks: ReadonlyArray<{ name: string; nameZh?: string; code?: string }>,
) {
  for (const track of tracks) {
    await page
      .getByLabel(/^Track name(?! · 中文)/)
      .last()
      .fill(track.name);
    if (track.nameZh) await page.getByLabel('Track name · 中文').last().fill(track.nameZh);
    if (track.code) await page.getByRole('textbox', { name: 'Code' }).last().fill(track.code);
    await page.getByRole('button', { name: 'Add track' }).click();
    // The name's cell shows the Chinese name after the English one, when there is one.
    const cell = new RegExp(`^${track.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\w)`);
    await expect.poll(() => page.getByRole('cell', { name: cell }).count()).toBe(1);
  }
}

/** Opens the Rounds tab and the new-round form, and fills what every round has. */
export async function startNewRound(
  page: Page,
  round: { name: string; reviewsPerEntry: number; judgeCapacity?: number },
) {
  await page.getByRole('tab', { name: 'Rounds' }).click();
  await page.getByRole('button', { name: 'New round' }).click();
  await page.getByLabel('Round name').fill(round.name);
  await page.getByRole('textbox', { name: 'Reviews per entry' }).fill(String(round.reviewsPerEntry));
  if (round.judgeCapacity !== undefined)
    await page.getByRole('textbox', { name: 'Judge capacity' }).fill(String(round.judgeCapacity));
}

/** Adds a criterion to the rubric being edited; its key follows its label. */
export async function addCriterion(
  page: Page,
  criterion: { label: string; key: string; description: string; weight: string },
) {
  await page.getByRole('button', { name: 'Add a criterion' }).click();
  // The new criterion is the last one, still named by its number.
  const added = page.getByRole('group', { name: /^Criterion \d+$/ }).last();
  await added.getByLabel(/^Label(?! · 中文)/).fill(criterion.label);
  const group = page.getByRole('group', { name: criterion.label });
  await expect.poll(() => group.getByLabel('Key').inputValue()).toBe(criterion.key);
  await group.getByLabel(/^Description(?! · 中文)/).fill(criterion.description);
  await group.getByRole('textbox', { name: 'Weight' }).fill(criterion.weight);
  return group;
}

/** Creates the round being edited and waits for its card. */
export async function createRound(page: Page, position: number, name: string) {
  await page.getByRole('button', { name: 'Create round' }).click();
  const card = page.getByRole('region', { name: `${position}. ${name}` });
  await expect.poll(() => card.isVisible()).toBe(true);
  return card;
}
