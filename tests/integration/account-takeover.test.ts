// Issue 10, hole 1: registering with a judge's address must not make anyone that judge. A
// membership is claimed only through its invitation token or an address proven by a mailed link.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { competitionMembers } from '../../server/src/modules/competitions/competitions.table.ts';
import { judges } from '../../server/src/modules/judges/judges.table.ts';
import { mails } from '../../server/src/modules/mail/mail.table.ts';
import { users } from '../../server/src/modules/users/users.table.ts';
import { type Agent, startTestApp, type TestApp } from '../support/app.ts';
import { createCompetition } from '../support/fixtures.ts';
import { addJudge, signedInOrganizer, tokenOf } from './assignment.fixtures.ts';

let t: TestApp;
let office: Agent;
beforeAll(async () => {
  t = await startTestApp();
  office = await signedInOrganizer(t);
});
afterAll(async () => t?.close());

/** The link in the newest kept mail of this kind to this address (no SMTP: mails are kept). */
async function linkInMail(email: string, kind: string) {
  const rows = await t.db.select().from(mails).where(eq(mails.recipientEmail, email));
  const mail = rows.filter((m) => m.kind === kind).sort((a, b) => +b.createdAt - +a.createdAt)[0];
  if (!mail) throw new Error(`no ${kind} mail to ${email}`);
  expect(mail.state).toBe('kept');
  return /https?:\/\/\S+/.exec(mail.text)![0];
}
const tokenOfLink = (link: string) => new URL(link).searchParams.get('token')!;

describe('registering with a judge’s address', () => {
  test('after the invitation: the squatter is not the judge; the real judge’s invitation still works and signs the squatter out', async () => {
    const { competition } = await createCompetition(office);
    const { judge, invitationUrl } = await addJudge(office, competition.id, {
      email: 'real.judge@jury.example',
    });

    const squatter = t.agent();
    const registered = await squatter.post('/api/v1/auth/register', {
      email: 'real.judge@jury.example',
      password: 'squatter-password-1',
      name: 'Squatter',
    });
    expect(registered.status).toBe(201);
    expect(registered.body.user.memberships).toEqual([]);
    expect(registered.body.user.emailVerified).toBe(false);
    expect((await squatter.get(`/api/v1/competitions/${competition.id}/judges/me`)).status).toBe(404);
    expect(
      (await squatter.get(`/api/v1/me/assignments?competitionId=${competition.id}`)).body.items ?? [],
    ).toEqual([]);
    const [row] = await t.db.select().from(judges).where(eq(judges.id, judge.id));
    expect(row!.userId).toBeNull();

    // The real judge holds the mailed token: it is the credential, whoever registered the address.
    const token = tokenOf(invitationUrl);
    expect((await t.agent().get(`/api/v1/invitations/${token}`)).body.invitation.hasPassword).toBe(false);
    const real = t.agent();
    const accepted = await real.post(`/api/v1/invitations/${token}/accept`, { password: 'the-real-judge-1' });
    expect(accepted.status).toBe(200);
    expect((await real.get(`/api/v1/competitions/${competition.id}/judges/me`)).body.judge.id).toBe(judge.id);
    // The squatter is signed out and their password no longer works.
    expect((await squatter.get('/api/v1/auth/me')).status).toBe(401);
    const again = await t.agent().post('/api/v1/auth/login', {
      email: 'real.judge@jury.example',
      password: 'squatter-password-1',
    });
    expect(again.status).toBe(401);
  });

  test('before the invitation: the account is not linked, gets no judge membership, and the invitation works', async () => {
    const { competition } = await createCompetition(office);
    const squatter = t.agent();
    const user = await squatter.register('early.judge@jury.example', 'Early Squatter', 'squatter-password-2');
    const { judge, invitationUrl } = await addJudge(office, competition.id, {
      email: 'early.judge@jury.example',
    });
    expect(judge.userId).toBeNull();
    expect(
      await t.db.select().from(competitionMembers).where(eq(competitionMembers.userId, user.id)),
    ).toEqual([]);
    expect((await squatter.get(`/api/v1/competitions/${competition.id}/judges/me`)).status).toBe(404);
    expect((await squatter.get(`/api/v1/competitions/${competition.id}/conflicts`)).status).toBe(404);

    const real = t.agent();
    const accepted = await real.post(`/api/v1/invitations/${tokenOf(invitationUrl)}/accept`, {
      password: 'the-real-judge-2',
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.user.emailVerified).toBe(true);
    expect((await real.get(`/api/v1/competitions/${competition.id}/judges/me`)).status).toBe(200);
  });

  test('a verified address claims the judge profile waiting for it, and only then', async () => {
    const { competition } = await createCompetition(office);
    const person = t.agent();
    await person.register('verifies@jury.example', 'Verifies');
    const { judge } = await addJudge(office, competition.id, { email: 'verifies@jury.example' });
    expect((await person.get(`/api/v1/competitions/${competition.id}/judges/me`)).status).toBe(404);

    const link = await linkInMail('verifies@jury.example', 'email_verification');
    expect(new URL(link).pathname).toBe('/verify-email');
    const bad = await person.post('/api/v1/auth/verify-email', { token: 'x'.repeat(43) });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('auth.invalid_link');
    const verified = await person.post('/api/v1/auth/verify-email', { token: tokenOfLink(link) });
    expect(verified.status).toBe(200);
    expect(verified.body.user.emailVerified).toBe(true);
    expect(verified.body.user.memberships).toContainEqual(expect.objectContaining({ role: 'judge' }));
    expect((await person.get(`/api/v1/competitions/${competition.id}/judges/me`)).body.judge.id).toBe(
      judge.id,
    );
    // The link works once.
    expect((await person.post('/api/v1/auth/verify-email', { token: tokenOfLink(link) })).status).toBe(400);
  });

  test('a co-organizer is added only once their account confirmed its address', async () => {
    const { competition } = await createCompetition(office);
    const person = t.agent();
    const user = await person.register('co.organizer@office.example', 'Co Organizer');
    const refused = await office.post(`/api/v1/competitions/${competition.id}/organizers`, {
      email: 'co.organizer@office.example',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('competitions.unverified_user');
    expect(
      await t.db.select().from(competitionMembers).where(eq(competitionMembers.userId, user.id)),
    ).toEqual([]);
    const link = await linkInMail('co.organizer@office.example', 'email_verification');
    expect((await person.post('/api/v1/auth/verify-email', { token: tokenOfLink(link) })).status).toBe(200);
    const added = await office.post(`/api/v1/competitions/${competition.id}/organizers`, {
      email: 'co.organizer@office.example',
    });
    expect(added.status).toBe(201);
    const [row] = await t.db.select().from(users).where(eq(users.id, user.id));
    expect(row!.emailVerifiedAt).not.toBeNull();
  });
});

describe('invitation throttle (issue 10, hole 4)', () => {
  test('a jury accepting from one address is never throttled; failed attempts are', async () => {
    const { competition } = await createCompetition(office);
    const invited = [];
    for (let i = 0; i < 14; i++) {
      invited.push(await addJudge(office, competition.id, { email: `venue${i}@jury.example` }));
    }
    // 14 accepts from one venue address (LOGIN_RATE_LIMIT is 10 in tests): all succeed.
    for (const [i, { invitationUrl }] of invited.slice(0, 13).entries()) {
      const reply = await t.agent().post(`/api/v1/invitations/${tokenOf(invitationUrl)}/accept`, {
        password: `venue-password-${i}`,
      });
      expect(reply.status).toBe(200);
    }
    // Ten wrong tokens from that address: then even a right one waits.
    for (let i = 0; i < 10; i++) {
      const wrong = await t.agent().get(`/api/v1/invitations/${'w'.repeat(30)}${i}`);
      expect(wrong.status).toBe(404);
    }
    const blocked = await t
      .agent()
      .post(`/api/v1/invitations/${tokenOf(invited[13]!.invitationUrl)}/accept`, {
        password: 'venue-password-13',
      });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('request.rate_limited');
  });
});
