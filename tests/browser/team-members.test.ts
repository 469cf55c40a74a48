// Issue 12, team members in the browser: the owner invites, resends, cancels and removes (each
// confirmed); the invited person opens the link signed out, registers with the invited address,
// confirms it and is on the team; another account, an unknown link and a member who is not the
// owner each see what they may do. No SMTP server: the mails are kept and read from the outbox.
import { and, eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { teamAccounts } from '../../server/src/modules/entries/entries.table.ts';
import { mails } from '../../server/src/modules/mail/mail.table.ts';
import { teamBody } from '../integration/entries.fixtures.ts';
import { organizerEmail, organizerPassword, startTestApp, type TestApp } from '../support/app.ts';
import { screenshot as fullScreenshot, launchBrowser, newPage, signIn } from '../support/browser.ts';
import { createCompetition } from '../support/fixtures.ts';
import { accessible } from '../support/setup-steps.ts';

let t: TestApp;
let browser: Browser;
let team: { id: string; name: string };
let office: ReturnType<TestApp['agent']>;
let competition: { id: string; name: string };
let tracks: Array<{ id: string }>;
const ownerEmail = 'owner@aurora.example';
const password = 'a-good-password-1';

beforeAll(async () => {
  t = await startTestApp({ listen: true, config: { LOGIN_RATE_LIMIT: 1000 } });
  office = t.agent();
  await office.login(organizerEmail, organizerPassword);
  ({ competition, tracks } = await createCompetition(office));
  const owner = t.agent();
  await owner.register(ownerEmail, 'Olivia Owner', password);
  const created = await owner.post(
    `/api/v1/competitions/${competition.id}/teams`,
    teamBody({ name: 'Aurora Health', members: [{ name: 'Olivia Owner', email: ownerEmail }] }),
  );
  expect(created.status).toBe(201);
  team = created.body.team;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000 });

async function screenshot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  return fullScreenshot(page, name);
}

/** The newest mail of a kind to an address, as the outbox keeps it. */
async function keptMail(email: string, kind: string) {
  const rows = await t.db
    .select()
    .from(mails)
    .where(and(eq(mails.recipientEmail, email), eq(mails.kind, kind)));
  return rows.sort((a, b) => +b.createdAt - +a.createdAt)[0];
}
const linkIn = (text: string) => new URL(/https?:\/\/\S+/.exec(text)![0]);

describe('team members in the browser', () => {
  test('invite, join by registering, resend, cancel and remove', async () => {
    const owner = await newPage(browser, t.baseUrl);
    await signIn(owner.page, ownerEmail, password);
    await owner.page.goto(`/team/teams/${team.id}`);
    const members = owner.page.getByRole('region', { name: 'Members with access' });
    await members.getByText(/No members yet/).waitFor();
    await accessible(owner.page, 'team members, empty');

    // Invite Mia in Chinese, and Bob.
    await members.getByLabel(/their email address/i).fill('mia@aurora.example');
    await members.getByLabel('Language of the mail').click();
    await owner.page.getByRole('option', { name: '简体中文' }).click();
    await members.getByRole('button', { name: 'Send the invitation', exact: true }).click();
    await members
      .getByText(/invitation mailed to mia@aurora.example/i)
      .first()
      .waitFor();
    await poll(async () => (await keptMail('mia@aurora.example', 'team_invitation'))?.language).toBe('zh');
    const miaMail = (await keptMail('mia@aurora.example', 'team_invitation'))!;
    expect(miaMail.subject).toContain('Aurora Health');
    const miaLink = linkIn(miaMail.text);
    expect(await members.getByText(miaLink.href).count()).toBe(1);
    await members.getByLabel(/their email address/i).fill('bob@aurora.example');
    await members.getByRole('button', { name: 'Send the invitation', exact: true }).click();
    await members.getByRole('cell', { name: 'bob@aurora.example', exact: true }).waitFor();
    expect(await members.getByText('Invited', { exact: true }).count()).toBe(2);
    await members
      .getByText(/link works until/i)
      .first()
      .waitFor();
    await accessible(owner.page, 'team members, invited');
    await screenshot(owner.page, 'team-members-invited');

    // Resend Bob's invitation: confirmed first; the old link stops working.
    const bobFirst = linkIn((await keptMail('bob@aurora.example', 'team_invitation'))!.text);
    await members.getByRole('button', { name: 'Resend the invitation to bob@aurora.example' }).click();
    const resend = owner.page.getByRole('dialog', { name: /resend the invitation to bob/i });
    await resend.getByText(/link sent before stops working/i).waitFor();
    await accessible(owner.page, 'team members, resend dialog');
    await resend.getByRole('button', { name: 'Resend the invitation' }).click();
    await resend.waitFor({ state: 'hidden' });
    await poll(
      async () => linkIn((await keptMail('bob@aurora.example', 'team_invitation'))!.text).href,
    ).not.toBe(bobFirst.href);
    // The green box tells the resend's outcome: Bob's new link.
    const bobSecond = linkIn((await keptMail('bob@aurora.example', 'team_invitation'))!.text);
    const mailedBox = members.getByRole('status').filter({ hasText: /invitation mailed to/i });
    await mailedBox.getByText(bobSecond.href).waitFor();
    // Cancel it: the dialog's "go back" keeps it, the confirmation withdraws it.
    await members.getByRole('button', { name: 'Cancel invitation to bob@aurora.example' }).click();
    const cancel = owner.page.getByRole('dialog', { name: /cancel the invitation to bob/i });
    await cancel.getByRole('button', { name: 'Go back' }).click();
    await cancel.waitFor({ state: 'hidden' });
    expect(await members.getByRole('cell', { name: 'bob@aurora.example', exact: true }).count()).toBe(1);
    await members.getByRole('button', { name: 'Cancel invitation to bob@aurora.example' }).click();
    // Going back changed nothing, so the box still tells the latest outcome.
    expect(await mailedBox.count()).toBe(1);
    await cancel.getByRole('button', { name: 'Cancel the invitation' }).click();
    await poll(() => members.getByRole('cell', { name: 'bob@aurora.example', exact: true }).count()).toBe(0);
    // The cancellation is the latest action: "mailed" (with a link that no longer works) is gone.
    await poll(() => mailedBox.count()).toBe(0);

    // Bob's (cancelled) link: a sentence, not an error code.
    const bob = await newPage(browser, t.baseUrl);
    await bob.page.goto(`${bobFirst.pathname}`);
    await bob.page.getByRole('heading', { name: /this invitation link does not work/i }).waitFor();
    await accessible(bob.page, 'join, unknown link');
    await screenshot(bob.page, 'team-join-unknown');
    await bob.context.close();

    // Another account holding Mia's link is told whose it is, and can sign out.
    const other = await newPage(browser, t.baseUrl);
    await t.agent().register('someone.else@aurora.example', 'Someone Else', password);
    await signIn(other.page, 'someone.else@aurora.example', password);
    await other.page.goto(miaLink.pathname);
    await other.page.getByText(/this invitation is for mia@aurora.example/i).waitFor();
    expect(await other.page.getByRole('button', { name: /^join/i }).count()).toBe(0);
    await accessible(other.page, 'join, another account');
    await screenshot(other.page, 'team-join-other-account');
    await other.context.close();

    // Mia opens the link signed out, registers with the invited address (filled in) and comes back.
    // Her device is in New York; the competition's dates read in its own zone, named.
    const mia = await newPage(browser, t.baseUrl, { timezoneId: 'America/New_York' });
    await mia.page.goto(miaLink.pathname);
    await mia.page.getByRole('heading', { name: 'Join the team Aurora Health' }).waitFor();
    const [miaRow] = await t.db
      .select({ expiresAt: teamAccounts.invitationExpiresAt })
      .from(teamAccounts)
      .where(eq(teamAccounts.email, 'mia@aurora.example'));
    const shanghaiTime = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Shanghai',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(miaRow!.expiresAt!);
    await mia.page
      .getByText(`This link works once, until `)
      .filter({ hasText: `, ${shanghaiTime} (Asia/Shanghai, UTC+08:00).` })
      .waitFor();
    await mia.page.getByText(/sign in with mia@aurora.example, or register/i).waitFor();
    await accessible(mia.page, 'join, signed out');
    await screenshot(mia.page, 'team-join-signed-out');
    await mia.page.getByRole('main').getByRole('link', { name: 'Register' }).click();
    await mia.page.getByRole('heading', { name: 'Create an account' }).waitFor();
    expect(await mia.page.getByLabel(/email/i).inputValue()).toBe('mia@aurora.example');
    await mia.page.getByLabel(/name/i).first().fill('Mia Wang');
    await mia.page.getByLabel(/^password/i).fill(password);
    await mia.page.getByRole('button', { name: 'Create account' }).click();
    await mia.page.waitForURL((url) => url.pathname === miaLink.pathname);
    // Not confirmed yet: the page says how; nothing is joined.
    await mia.page.getByText(/confirm your address first/i).waitFor();
    await accessible(mia.page, 'join, unconfirmed');
    await screenshot(mia.page, 'team-join-unconfirmed');

    // The confirmation link accepts the invitation too; the join page then says she is on the team.
    const confirm = linkIn((await keptMail('mia@aurora.example', 'email_verification'))!.text);
    await mia.page.goto(`${confirm.pathname}${confirm.search}`);
    await mia.page.getByText(/mia@aurora.example is confirmed/i).waitFor();
    await mia.page.goto(miaLink.pathname);
    await mia.page.getByRole('heading', { name: 'You joined Aurora Health' }).waitFor();
    await screenshot(mia.page, 'team-join-done');
    // Her teams list it as a team she is a member of.
    await mia.page.goto('/team');
    const card = mia.page.getByRole('article', { name: 'Aurora Health' });
    await card.getByText('Member', { exact: true }).waitFor();
    await mia.page.goto(miaLink.pathname);
    await mia.page.getByRole('link', { name: 'Open the team' }).click();
    const miaMembers = mia.page.getByRole('region', { name: 'Members with access' });
    await miaMembers.getByText(/only its owner invites and removes members/i).waitFor();
    expect(await miaMembers.getByRole('button').count()).toBe(0);
    await accessible(mia.page, 'team members, as a member');

    // The owner sees Mia as a member, and removes her after a confirmation.
    await owner.page.reload();
    await members.getByRole('cell', { name: 'Mia Wang mia@aurora.example', exact: true }).waitFor();
    await members.getByRole('button', { name: 'Remove mia@aurora.example from the team' }).click();
    const remove = owner.page.getByRole('dialog', { name: /remove mia@aurora.example/i });
    await accessible(owner.page, 'team members, remove dialog');
    await remove.getByRole('button', { name: 'Remove the member' }).click();
    await poll(() =>
      members.getByRole('cell', { name: 'Mia Wang mia@aurora.example', exact: true }).count(),
    ).toBe(0);
    await screenshot(owner.page, 'team-members-removed');

    // Mia's access ends at once.
    await mia.page.goto(`/team/teams/${team.id}`);
    await mia.page
      .getByText(/not found|could not be found|no longer/i)
      .first()
      .waitFor();
    await owner.context.close();
    await mia.context.close();
  });

  test('a refusal that a retry cannot change leaves no Join button; a lost connection keeps it', async () => {
    // Jules judges this competition (a verified account, by the judge invitation) and is invited
    // to the team by the owner, who is not told who judges.
    const judgeEmail = 'jules@judges.example';
    const added = await office.post(`/api/v1/competitions/${competition.id}/judges`, {
      name: 'Jules Judge',
      email: judgeEmail,
      organization: 'Judging House',
      country: 'FR',
      expertise: [tracks[0]!.id],
    });
    expect(added.status).toBe(201);
    const judgeToken = added.body.invitationUrl.split('/').pop();
    expect((await t.agent().post(`/api/v1/invitations/${judgeToken}/accept`, { password })).status).toBe(200);
    const owner = t.agent();
    await owner.login(ownerEmail, password);
    const invited = await owner.post(`/api/v1/teams/${team.id}/members`, { email: judgeEmail });
    expect(invited.status).toBe(201);

    const jules = await newPage(browser, t.baseUrl);
    await signIn(jules.page, judgeEmail, password);
    await jules.page.goto(new URL(invited.body.invitationUrl).pathname);
    const join = jules.page.getByRole('button', { name: 'Join Aurora Health' });
    // The connection drops: that can change, so the button stays to try again.
    await jules.page.route('**/api/v1/team-invitations/*/accept', (route) => route.abort());
    await join.click();
    await jules.page.getByText('Cannot reach the server. Check your connection and try again.').waitFor();
    expect(await join.isEnabled()).toBe(true);
    await jules.page.unroute('**/api/v1/team-invitations/*/accept');
    // The server refuses: a judge of the competition does not join its teams. Clicking again
    // would be refused again, so the page offers the ways on instead of the button.
    await join.click();
    await jules.page
      .getByText(/You are a judge of .*, so you cannot also work on one of its teams/)
      .waitFor();
    expect(await jules.page.getByRole('button', { name: /^join/i }).count()).toBe(0);
    await jules.page.getByRole('main').getByRole('link', { name: 'My teams' }).waitFor();
    await accessible(jules.page, 'join, refused');
    await screenshot(jules.page, 'team-join-refused');
    await jules.context.close();
  });
});
