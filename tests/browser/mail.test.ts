// Issue 12's "Done when", in the browser, on the demo: an organizer imports judges from a CSV and
// each gets an invitation mail, readable on the Outbox page; a judge who forgot their password
// resets it from the sign-in page; a team hears by mail that it advanced. First as the demo runs
// (no SMTP server: every mail is kept and read on the Outbox page), then with SMTP_URL pointing at
// a real SMTP server started here: the mails arrive, to the right address, in the right language,
// with a link that works. axe runs on every page the test visits.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoJudgeEmail, demoPassword } from '../../server/src/modules/demo/demo.seed.ts';
import { seedDemoOnce } from '../../server/src/modules/demo/demo.service.ts';
import { mails } from '../../server/src/modules/mail/mail.table.ts';
import { organizerEmail, organizerPassword, startTestApp, type TestApp } from '../support/app.ts';
import { screenshot as fullScreenshot, launchBrowser, newPage, signIn } from '../support/browser.ts';
import { accessible } from '../support/setup-steps.ts';
import { startSmtpServer } from '../support/smtp.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000 });
const linkIn = (text: string) => new URL(/https?:\/\/\S+/.exec(text)![0]);

const csvJudges = [
  { name: 'Zhao Min', email: 'zhao.min@jury.example', organization: 'Zhejiang University', country: 'CN' },
  { name: 'Anna Schmidt', email: 'anna.schmidt@jury.example', organization: 'TU Berlin', country: 'DE' },
  { name: 'Kenji Sato', email: 'kenji.sato@jury.example', organization: 'Keio', country: 'JP' },
];
const csv = [
  'Name,Email,Organization,Country',
  ...csvJudges.map((j) => [j.name, j.email, j.organization, j.country].join(',')),
].join('\n');

type Mode = 'kept' | 'smtp';

/** The whole "Done when", for one way of delivering mail. */
function doneWhen(mode: Mode) {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>> | undefined;
  let competitionId: string;
  let competitionName: string;
  const shot = async (page: Page, name: string) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    return fullScreenshot(page, `mail-${mode}-${name}`);
  };

  beforeAll(async () => {
    const storageDir = mkdtempSync(path.join(tmpdir(), `wz-mail-${mode}-`));
    if (mode === 'smtp') smtp = await startSmtpServer();
    t = await startTestApp({
      listen: true,
      worker: true,
      config: {
        LOGIN_RATE_LIMIT: 1000,
        STORAGE_DIR: storageDir,
        ...(smtp ? { SMTP_URL: smtp.url, MAIL_FROM: 'Wuzhen Office <office@wuzhen.test>' } : {}),
      },
    });
    const seeded = await seedDemoOnce({ db: t.db, organizerEmail, storageDir });
    competitionId = seeded!.competitionId;
    const office = t.agent();
    await office.login(organizerEmail, organizerPassword);
    competitionName = (await office.get(`/api/v1/competitions/${competitionId}`)).body.competition.name;
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  /** The mail rows of a kind, newest first. */
  const rows = async (kind: string, emails?: string[]) =>
    (
      await t.db
        .select()
        .from(mails)
        .where(and(eq(mails.kind, kind), ...(emails ? [inArray(mails.recipientEmail, emails)] : [])))
    ).sort((a, b) => +b.createdAt - +a.createdAt);

  /**
   * What a person finds in their mailbox: with SMTP, the message the server received (its To, its
   * text); without, the kept row (which the Outbox page shows).
   */
  async function mailbox(email: string, kind: string) {
    await poll(async () => (await rows(kind, [email])).length).toBeGreaterThan(0);
    const [row] = await rows(kind, [email]);
    if (mode === 'kept') {
      expect(row!.state).toBe('kept');
      return { to: row!.recipientEmail, subject: row!.subject, text: row!.text, language: row!.language };
    }
    await smtp!.waitFor(() => smtp!.received.some((m) => m.mailId === row!.id));
    const received = smtp!.received.find((m) => m.mailId === row!.id)!;
    await poll(async () => (await rows(kind, [email]))[0]!.state).toBe('sent');
    return {
      to: received.to,
      subject: received.subject ?? '',
      text: received.text ?? '',
      language: row!.language,
      html: typeof received.html === 'string' ? received.html : '',
    };
  }

  test('the organizer imports judges from a CSV; each gets an invitation mail, on the Outbox page', async () => {
    const { context, page } = await newPage(browser, t.baseUrl, { width: 1280, height: 900 });
    await signIn(page, organizerEmail, organizerPassword);
    await page.goto(`/organizer/competitions/${competitionId}/judges`);
    await page.getByRole('radiogroup', { name: 'What to do' }).getByText('Import a list').click();
    await page.locator('input[type="file"]').setInputFiles({
      name: 'judges.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.getByText('All 3 rows are ready').waitFor();
    await accessible(page, `mail ${mode}: judges CSV ready`);
    await page.getByRole('button', { name: 'Import 3 judges' }).click();
    await page.getByText(/3 new invitation links/).waitFor();
    await accessible(page, `mail ${mode}: judges imported`);

    // Each judge's mailbox: the invitation to this competition, in their language, with its link.
    for (const judge of csvJudges) {
      const letter = await mailbox(judge.email, 'judge_invitation');
      expect(letter.to).toBe(judge.email);
      expect(letter.subject).toContain(competitionName);
      expect(letter.language).toBe(judge.country === 'CN' ? 'zh' : 'en');
      expect(letter.subject).toMatch(judge.country === 'CN' ? /诚邀您担任/ : /You are invited to judge/);
      const link = linkIn(letter.text);
      expect(link.pathname).toMatch(/^\/invite\/[\w-]{40,}$/);
      if (mode === 'smtp') expect(letter.html).toContain(link.href);
    }

    // The Outbox page shows each of them, with its state.
    await page.getByRole('link', { name: /outbox/i }).click();
    await page.getByRole('heading', { name: 'Outbox', level: 1 }).waitFor();
    for (const judge of csvJudges) {
      await page.getByText(`To ${judge.email}`, { exact: false }).first().waitFor();
    }
    await poll(() =>
      page.getByText(mode === 'kept' ? 'Kept (not sent)' : 'Sent', { exact: true }).count(),
    ).toBeGreaterThanOrEqual(3);
    if (mode === 'kept') await page.getByText(/No SMTP server is configured/).waitFor();
    await accessible(page, `mail ${mode}: outbox with invitations`);
    await shot(page, 'outbox-invitations');

    // The Chinese judge's link works: it greets them by name.
    const zhao = linkIn((await mailbox('zhao.min@jury.example', 'judge_invitation')).text);
    const judgePage = await newPage(browser, t.baseUrl);
    await judgePage.page.goto(zhao.pathname);
    await judgePage.page.getByRole('heading', { name: /Zhao Min/ }).waitFor();
    await accessible(judgePage.page, `mail ${mode}: invitation page`);
    await judgePage.context.close();
    await context.close();
  });

  // The organizer's own tools for an invitation: resend it, revoke access, give it back.
  test.runIf(mode === 'kept')(
    'the Judges tab resends an invitation and revokes access, each confirmed',
    async () => {
      const { context, page } = await newPage(browser, t.baseUrl, { width: 1280, height: 900 });
      await signIn(page, organizerEmail, organizerPassword);
      await page.goto(`/organizer/competitions/${competitionId}/judges`);
      await page.getByRole('textbox', { name: 'Search', exact: true }).fill('Anna Schmidt');
      const row = page.getByRole('row', { name: /Anna Schmidt/ });
      const menu = () => row.getByRole('button', { name: 'Actions for Anna Schmidt' }).click();
      const first = linkIn((await mailbox('anna.schmidt@jury.example', 'judge_invitation')).text);

      await menu();
      await page.getByRole('menuitem', { name: 'Resend the invitation' }).click();
      const resend = page.getByRole('dialog', { name: 'Resend the invitation to Anna Schmidt?' });
      await resend.getByText(/link sent before stops working/).waitFor();
      await accessible(page, `mail ${mode}: resend invitation dialog`);
      await resend.getByRole('button', { name: 'Resend the invitation' }).click();
      await resend.waitFor({ state: 'hidden' });
      await poll(async () => (await rows('judge_invitation', ['anna.schmidt@jury.example'])).length).toBe(2);
      const second = linkIn((await mailbox('anna.schmidt@jury.example', 'judge_invitation')).text);
      expect(second.href).not.toBe(first.href);

      await menu();
      await page.getByRole('menuitem', { name: 'Revoke access' }).click();
      const revoke = page.getByRole('dialog', { name: "Revoke Anna Schmidt's access?" });
      await accessible(page, `mail ${mode}: revoke access dialog`);
      await revoke.getByRole('button', { name: 'Revoke access' }).click();
      await row.getByText('Access revoked').waitFor();
      // The link shown when it was resent no longer works: it leaves the list of new links.
      await poll(() => page.getByText(second.href).count()).toBe(0);
      await accessible(page, `mail ${mode}: judge revoked`);
      await shot(page, 'judge-revoked');
      // The revoked judge's link no longer works.
      const judgePage = await newPage(browser, t.baseUrl);
      await judgePage.page.goto(second.pathname);
      await judgePage.page.getByRole('heading', { name: /no longer works|not valid|used/i }).waitFor();
      await judgePage.context.close();

      await menu();
      await page.getByRole('menuitem', { name: 'Give access back' }).click();
      await page
        .getByRole('dialog', { name: 'Give Anna Schmidt access back?' })
        .getByRole('button', { name: 'Mail a new invitation' })
        .click();
      await row.getByText('Invited', { exact: true }).waitFor();
      await poll(async () => (await rows('judge_invitation', ['anna.schmidt@jury.example'])).length).toBe(3);
      await context.close();
    },
  );

  test('a judge who forgot their password resets it from the sign-in page', async () => {
    const email = demoJudgeEmail(3);
    const { context, page } = await newPage(browser, t.baseUrl);
    await page.goto('/signin');
    await accessible(page, `mail ${mode}: sign-in`);
    await page.getByRole('link', { name: /forgot your password/i }).click();
    await page.getByRole('heading', { name: /reset your password/i }).waitFor();
    await accessible(page, `mail ${mode}: forgot password`);
    await page.getByLabel(/email/i).fill(email);
    await page.getByRole('button', { name: /mail me a reset link/i }).click();
    await page.getByText(/reset link is on its way/i).waitFor();
    await shot(page, 'forgot-password');

    const letter = await mailbox(email, 'password_reset');
    expect(letter.to).toBe(email);
    expect(letter.subject).toBe('Reset your Wuzhen Judge password');
    const link = linkIn(letter.text);
    expect(link.pathname).toBe('/reset-password');
    await page.goto(`${link.pathname}${link.search}`);
    await page.getByLabel(/new password/i).fill('the-new-password-2');
    await accessible(page, `mail ${mode}: reset password`);
    await page.getByRole('button', { name: /set the new password/i }).click();
    await page.getByText(/your password is changed/i).waitFor();
    await shot(page, 'reset-password-done');
    await context.close();

    // In a fresh browser: the old password is refused, the new one signs in.
    const fresh = await newPage(browser, t.baseUrl);
    await fresh.page.goto('/signin');
    await fresh.page.getByLabel(/email/i).fill(email);
    await fresh.page.getByLabel(/^password/i).fill(demoPassword);
    await fresh.page.getByRole('button', { name: /sign in/i }).click();
    await fresh.page.getByText(/email or password is not right/i).waitFor();
    await accessible(fresh.page, `mail ${mode}: old password refused`);
    await fresh.page.getByLabel(/^password/i).fill('the-new-password-2');
    await fresh.page.getByRole('button', { name: /sign in/i }).click();
    await fresh.page.waitForURL((url) => !url.pathname.startsWith('/signin'));
    await fresh.context.close();

    // The link works once.
    const again = await newPage(browser, t.baseUrl);
    await again.page.goto(`${link.pathname}${link.search}`);
    await again.page.getByLabel(/new password/i).fill('a-third-password-3');
    await again.page.getByRole('button', { name: /set the new password/i }).click();
    await again.page.getByText(/reset link was used already or has expired/i).waitFor();
    await accessible(again.page, `mail ${mode}: reset link used`);
    await shot(again.page, 'reset-link-used');
    await again.context.close();
  });

  test('the organizer advances entries; each new finalist team hears by mail', async () => {
    const before = (await rows('advancement_notice')).length;
    const { context, page } = await newPage(browser, t.baseUrl, { width: 1280, height: 1400 });
    await signIn(page, organizerEmail, organizerPassword);
    await page.goto(`/organizer/competitions/${competitionId}/results`);
    await page.getByRole('button', { name: 'Advance entries…' }).click();
    const dialog = page.getByRole('dialog');
    // The demo's final already holds the top entries; one more per track goes on.
    await dialog.getByLabel('Top entries per track').fill('3');
    await dialog.getByRole('button', { name: 'Preview' }).click();
    await dialog.getByRole('heading', { name: /would advance to Final roadshow in Wuzhen/ }).waitFor();
    await accessible(page, `mail ${mode}: advance preview`);
    const commit = dialog.getByRole('button', { name: /^Advance \d+ entr/ });
    const anyway = dialog.getByRole('checkbox', { name: /^Advance anyway/ });
    if (await anyway.count()) await anyway.check();
    await commit.click();
    await page.getByText(/advanced to Final roadshow in Wuzhen\./).waitFor();
    await poll(async () => (await rows('advancement_notice')).length).toBeGreaterThan(before);
    const notices = (await rows('advancement_notice')).slice(
      0,
      (await rows('advancement_notice')).length - before,
    );

    // Each team's mailbox: its entry goes on to the final, in the competition's name.
    for (const notice of notices) {
      const letter = await mailbox(notice.recipientEmail, 'advancement_notice');
      expect(letter.to).toBe(notice.recipientEmail);
      expect(letter.subject).toContain(competitionName);
      expect(letter.text).toMatch(notice.language === 'zh' ? /晋级/ : /goes on to Final roadshow in Wuzhen/);
    }
    await page.goto(`/organizer/competitions/${competitionId}/outbox`);
    await page
      .getByText(/goes on to Final roadshow in Wuzhen|晋级/)
      .first()
      .waitFor();
    await accessible(page, `mail ${mode}: outbox with advancement notices`);
    await shot(page, 'outbox-advancement');
    await context.close();
  });
}

describe('the demo, without an SMTP server: mails kept, read on the Outbox page', () => doneWhen('kept'));
describe('with SMTP_URL pointing at a real SMTP server: the mails arrive', () => doneWhen('smtp'));
