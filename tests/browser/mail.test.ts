import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mails } from '../../server/src/modules/mail/mail.table.ts';
import { organizerEmail, organizerPassword, startTestApp, type TestApp } from '../support/app.ts';
import { launchBrowser, newPage, screenshot, signIn } from '../support/browser.ts';
import { createCompetition } from '../support/fixtures.ts';

// The demo has no SMTP server: every mail is kept and read on the Outbox pages.
let t: TestApp;
let browser: Browser;
let competition: { id: string; name: string };

beforeAll(async () => {
  t = await startTestApp({ listen: true });
  const office = t.agent();
  await office.login(organizerEmail, organizerPassword);
  ({ competition } = await createCompetition(office));
  const imported = await office.post(`/api/v1/competitions/${competition.id}/judges/import`, {
    judges: [
      { name: 'Zhao Min', email: 'zhao.min@jury.example', country: 'CN', expertise: [] },
      { name: 'Anna Schmidt', email: 'anna.schmidt@jury.example', country: 'DE', expertise: [] },
    ],
  });
  expect(imported.status).toBe(201);
  await t.agent().register('forgetful.judge@jury.example', 'Forgetful Judge', 'the-old-password-1');
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('mail in the browser', () => {
  test('the organizer reads each imported judge’s invitation on the Outbox page', async () => {
    const { context, page } = await newPage(browser, t.baseUrl);
    await signIn(page, organizerEmail, organizerPassword);
    await page.goto(`/organizer/competitions/${competition.id}`);
    await page.getByRole('link', { name: /outbox/i }).click();
    await expect.poll(() => page.getByText(`You are invited to judge ${competition.name}`).count()).toBe(1);
    await expect.poll(() => page.getByText(`诚邀您担任 ${competition.name} 的评委`).count()).toBe(1);
    await expect.poll(() => page.getByText('anna.schmidt@jury.example').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByText('Kept (not sent)').count()).toBe(2);
    await expect.poll(() => page.getByText(/\/invite\//).count()).toBe(2);
    await screenshot(page, 'mail-outbox');
    await context.close();
  });

  test('a judge who forgot their password resets it from the sign-in page', async () => {
    const { context, page } = await newPage(browser, t.baseUrl);
    await page.goto('/signin');
    await page.getByRole('link', { name: /forgot your password/i }).click();
    // The page loads on first visit: until it shows, "Email" is still the sign-in form's field.
    await page.getByRole('heading', { name: /reset your password/i }).waitFor();
    await page.getByLabel(/email/i).fill('forgetful.judge@jury.example');
    await page.getByRole('button', { name: /mail me a reset link/i }).click();
    // The reset mail is written once the request is answered (expect.poll gives up after 1 s by
    // default, and the answer can take longer on a loaded machine).
    await expect
      .poll(
        async () =>
          (await t.db.select().from(mails).where(eq(mails.kind, 'password_reset'))).filter(
            (m) => m.recipientEmail === 'forgetful.judge@jury.example',
          ).length,
        { timeout: 20_000 },
      )
      .toBe(1);
    await page.getByText(/reset link is on its way/i).waitFor({ timeout: 10_000 });
    expect(await page.getByText(/reset link is on its way/i).count()).toBe(1);
    await screenshot(page, 'mail-forgot-password');

    const [mail] = await t.db
      .select()
      .from(mails)
      .where(eq(mails.recipientEmail, 'forgetful.judge@jury.example'));
    const resets = (await t.db.select().from(mails).where(eq(mails.kind, 'password_reset'))).filter(
      (m) => m.recipientEmail === 'forgetful.judge@jury.example',
    );
    expect(mail).toBeDefined();
    expect(resets).toHaveLength(1);
    const link = new URL(/https?:\/\/\S+/.exec(resets[0]!.text)![0]);
    await page.goto(`${link.pathname}${link.search}`);
    await page.getByLabel(/new password/i).fill('the-new-password-2');
    await page.getByRole('button', { name: /set the new password/i }).click();
    await expect
      .poll(
        async () =>
          (
            await t.agent().post('/api/v1/auth/login', {
              email: 'forgetful.judge@jury.example',
              password: 'the-new-password-2',
            })
          ).status,
        { timeout: 20_000 },
      )
      .toBe(200);
    await screenshot(page, 'mail-reset-password');
    await context.close();

    expect(
      (
        await t.agent().post('/api/v1/auth/login', {
          email: 'forgetful.judge@jury.example',
          password: 'the-new-password-2',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await t.agent().post('/api/v1/auth/login', {
          email: 'forgetful.judge@jury.example',
          password: 'the-old-password-1',
        })
      ).status,
    ).toBe(401);
  });
});
