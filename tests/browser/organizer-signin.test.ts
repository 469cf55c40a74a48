import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { organizerEmail, organizerPassword, startTestApp, type TestApp } from '../support/app.ts';
import { launchBrowser, newPage, screenshot, signIn } from '../support/browser.ts';
import { createCompetition } from '../support/fixtures.ts';

let t: TestApp;
let browser: Browser;
let competitionName: string;
let competitionId: string;

beforeAll(async () => {
  t = await startTestApp({ listen: true });
  const office = t.agent();
  await office.login(organizerEmail, organizerPassword);
  const { competition } = await createCompetition(office, {
    tracks: ['Artificial Intelligence', 'Digital Medicine', 'Open Source'],
  });
  competitionName = competition.name;
  competitionId = competition.id;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('an organizer signs in', () => {
  test('a wrong password is answered in words, then the right one opens their competitions', async () => {
    const { context, page } = await newPage(browser, t.baseUrl);
    await page.goto('/signin');
    await page.getByLabel(/email/i).fill(organizerEmail);
    await page.getByLabel(/^password/i).fill('not the password');
    await page.getByRole('button', { name: /sign in/i }).click();
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toMatch(/email or password is not right/i);
    await screenshot(page, 'foundation-signin-error');

    await signIn(page, organizerEmail, organizerPassword);
    await expect.poll(() => page.getByText(competitionName).count()).toBeGreaterThan(0);
    await screenshot(page, 'foundation-organizer-home-en');

    await page.goto(`/organizer/competitions/${competitionId}`);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).first().textContent())
      .toContain(competitionName);
    await expect.poll(() => page.getByText('Digital Medicine').count()).toBeGreaterThan(0);
    await screenshot(page, 'foundation-competition-en');
    await context.close();
  });

  test('the same pages read in Simplified Chinese, and the choice is remembered', async () => {
    const { context, page } = await newPage(browser, t.baseUrl);
    await signIn(page, organizerEmail, organizerPassword);
    await page.getByRole('banner').getByText('简体中文', { exact: true }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await expect.poll(() => page.getByRole('button', { name: '退出登录' }).count()).toBeGreaterThan(0);
    await page.reload();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await expect.poll(() => page.getByText(competitionName).count()).toBeGreaterThan(0);
    await screenshot(page, 'foundation-organizer-home-zh');
    await context.close();
  });
});
