// Issue 12: mail through a real SMTP server started here (smtp-server, in-process, free port).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createJobProcessors } from '../../server/src/app/processors.ts';
import { createServices } from '../../server/src/app/services.ts';
import { mails } from '../../server/src/modules/mail/mail.table.ts';
import { createSmtpTransport } from '../../server/src/modules/mail/mail.transport.ts';
import { type Agent, startTestApp, type TestApp } from '../support/app.ts';
import { createCompetition } from '../support/fixtures.ts';
import { type ServerProcess, startServerProcess } from '../support/processes.ts';
import { startSmtpServer } from '../support/smtp.ts';
import { signedInOrganizer, tokenOf } from './assignment.fixtures.ts';

const mailFrom = 'Wuzhen Test Office <office@wuzhen.test>';
let clock = Date.now();
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let t: TestApp;
let office: Agent;

beforeAll(async () => {
  smtp = await startSmtpServer({
    answer: (m) =>
      m.to.includes('bounce') ? { code: 550, message: '5.1.1 No such mailbox here' } : 'accept',
  });
  t = await startTestApp({
    worker: true,
    now: () => new Date(clock),
    config: { SMTP_URL: smtp.url, MAIL_FROM: mailFrom, MAIL_MAX_ATTEMPTS: 3, MAIL_RETRY_DELAY_MS: 50 },
  });
  office = await signedInOrganizer(t);
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const mailRow = async (id: string) => (await t.db.select().from(mails).where(eq(mails.id, id)))[0]!;
const rowsTo = (email: string) => t.db.select().from(mails).where(eq(mails.recipientEmail, email));
const linkIn = (text: string) => /https?:\/\/\S+/.exec(text)![0];

describe('delivery', () => {
  test('a judge invitation arrives in the judge’s language, with its link, to its recipient', async () => {
    const { competition } = await createCompetition(office);
    const zh = await office.post(`/api/v1/competitions/${competition.id}/judges`, {
      name: '李伟',
      email: 'li.wei@jury.example',
      country: 'CN',
      expertise: [],
    });
    const en = await office.post(`/api/v1/competitions/${competition.id}/judges`, {
      name: 'Anna <Schmidt>',
      email: 'anna@jury.example',
      country: 'DE',
      expertise: [],
    });
    expect([zh.status, en.status]).toEqual([201, 201]);
    await smtp.waitFor(() =>
      ['li.wei@jury.example', 'anna@jury.example'].every((to) => smtp.received.some((m) => m.to === to)),
    );
    const chinese = smtp.received.find((m) => m.to === 'li.wei@jury.example')!;
    expect(chinese.subject).toContain(competition.name);
    expect(chinese.subject).toMatch(/\p{Script=Han}/u);
    expect(chinese.text).toContain(zh.body.invitationUrl);
    expect(chinese.html).toContain(`href="${zh.body.invitationUrl}"`);
    expect(chinese.from?.value[0]).toMatchObject({
      name: 'Wuzhen Test Office',
      address: 'office@wuzhen.test',
    });
    const english = smtp.received.find((m) => m.to === 'anna@jury.example')!;
    expect(english.subject).toBe(`You are invited to judge ${competition.name}`);
    expect(english.text).toContain(en.body.invitationUrl);
    expect(english.html).toContain('Anna &lt;Schmidt&gt;');

    // The organizer sees both as sent.
    const outbox = await office.get(`/api/v1/competitions/${competition.id}/outbox`);
    expect(outbox.status).toBe(200);
    expect(outbox.body.delivering).toBe(true);
    await expect
      .poll(async () =>
        (await office.get(`/api/v1/competitions/${competition.id}/outbox`)).body.items.map(
          (m: { state: string }) => m.state,
        ),
      )
      .toEqual(['sent', 'sent']);

    // Resending mails a new link; the old one stops working.
    const resent = await office.post(
      `/api/v1/competitions/${competition.id}/judges/${en.body.judge.id}/invitation`,
    );
    expect(resent.status).toBe(201);
    await smtp.waitFor(() => smtp.received.some((m) => m.text?.includes(resent.body.invitationUrl)));
    expect((await t.agent().get(`/api/v1/invitations/${tokenOf(en.body.invitationUrl)}`)).status).toBe(404);
  });

  test('a refused delivery is retried with backoff, then shown as failed with the server’s answer', async () => {
    const { competition } = await createCompetition(office);
    const reply = await office.post(`/api/v1/competitions/${competition.id}/judges`, {
      name: 'Nobody',
      email: 'bounce@jury.example',
      country: 'FR',
      expertise: [],
    });
    expect(reply.status).toBe(201);
    const [row] = await rowsTo('bounce@jury.example');
    await expect.poll(async () => (await mailRow(row!.id)).state, { timeout: 20_000 }).toBe('failed');
    const failed = await mailRow(row!.id);
    expect(failed.attempts).toBe(3);
    expect(failed.lastError).toMatch(/550/);
    expect(smtp.attempts.filter((id) => id === row!.id)).toHaveLength(3);
    const outbox = await office.get(`/api/v1/competitions/${competition.id}/outbox?state=failed`);
    expect(outbox.body.items).toEqual([
      expect.objectContaining({ recipient: 'bounce@jury.example', state: 'failed', attempts: 3 }),
    ]);
    expect(outbox.body.items[0].lastError).toContain('No such mailbox');
  });

  test('the outbox is for the competition’s organizers; account mails for the first organizer only', async () => {
    const { competition } = await createCompetition(office);
    const stranger = t.agent();
    await stranger.register('stranger@teams.example');
    expect((await stranger.get(`/api/v1/competitions/${competition.id}/outbox`)).status).toBe(404);
    expect((await stranger.get('/api/v1/outbox')).status).toBe(404);
    expect((await t.agent().get('/api/v1/outbox')).status).toBe(401);
    const bad = await office.get(`/api/v1/competitions/${competition.id}/outbox?state=lost`);
    expect(bad.status).toBe(400);
    const account = await office.get('/api/v1/outbox');
    expect(account.status).toBe(200);
    expect(account.body.items.map((m: { recipient: string }) => m.recipient)).toContain(
      'stranger@teams.example',
    );
  });
});

describe('password reset', () => {
  test('the link arrives in the user’s language, works once, ends every session, and expires after an hour', async () => {
    const email = 'forgetful@teams.example';
    const first = t.agent();
    expect(
      (
        await first.post('/api/v1/auth/register', {
          email,
          password: 'old-password-123',
          name: '王芳',
          language: 'zh',
        })
      ).status,
    ).toBe(201);
    const second = t.agent();
    await second.login(email, 'old-password-123');

    // Bad input: a clear 400, and no mail.
    const before = (await rowsTo(email)).length;
    const invalid = await t.agent().post('/api/v1/auth/forgot-password', { email: 'not an address' });
    expect(invalid.status).toBe(400);
    // An unknown address gets the same answer and no mail.
    expect(
      (await t.agent().post('/api/v1/auth/forgot-password', { email: 'nobody@teams.example' })).status,
    ).toBe(202);
    expect((await rowsTo('nobody@teams.example')).length).toBe(0);

    expect((await t.agent().post('/api/v1/auth/forgot-password', { email })).status).toBe(202);
    expect((await rowsTo(email)).length).toBe(before + 1);
    await smtp.waitFor(() => smtp.received.some((m) => m.to === email && /密码/.test(m.subject ?? '')));
    const resetMail = smtp.received.find((m) => m.to === email && /密码/.test(m.subject ?? ''))!;
    const link = new URL(linkIn(resetMail.text ?? ''));
    expect(link.pathname).toBe('/reset-password');
    const token = link.searchParams.get('token')!;

    const short = await t.agent().post('/api/v1/auth/reset-password', { token, password: 'short' });
    expect(short.status).toBe(400);
    const third = t.agent();
    const reset = await third.post('/api/v1/auth/reset-password', { token, password: 'new-password-456' });
    expect(reset.status).toBe(200);
    expect(reset.body.user.email).toBe(email);
    expect((await third.get('/api/v1/auth/me')).status).toBe(200);
    // Every earlier session ended; the old password is gone.
    expect((await first.get('/api/v1/auth/me')).status).toBe(401);
    expect((await second.get('/api/v1/auth/me')).status).toBe(401);
    expect((await t.agent().post('/api/v1/auth/login', { email, password: 'old-password-123' })).status).toBe(
      401,
    );
    // Once only.
    const again = await t
      .agent()
      .post('/api/v1/auth/reset-password', { token, password: 'third-password-789' });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('auth.invalid_link');

    // A new link, used after an hour: expired.
    const count = smtp.received.length;
    expect((await t.agent().post('/api/v1/auth/forgot-password', { email })).status).toBe(202);
    await smtp.waitFor(() => smtp.received.slice(count).some((m) => m.to === email));
    const late = new URL(linkIn(smtp.received.slice(count).find((m) => m.to === email)!.text ?? ''));
    clock += 61 * 60_000;
    const expired = await t.agent().post('/api/v1/auth/reset-password', {
      token: late.searchParams.get('token'),
      password: 'late-password-000',
    });
    expect(expired.status).toBe(400);
    expect((await t.agent().post('/api/v1/auth/login', { email, password: 'new-password-456' })).status).toBe(
      200,
    );
  });

  test('a password change needs the current password and ends every other session', async () => {
    const email = 'changer@teams.example';
    const here = t.agent();
    await here.register(email, 'Changer', 'first-password-1');
    const elsewhere = t.agent();
    await elsewhere.login(email, 'first-password-1');
    const wrong = await here.post('/api/v1/auth/password', {
      currentPassword: 'nope',
      password: 'second-password-2',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0].path).toBe('currentPassword');
    expect((await elsewhere.get('/api/v1/auth/me')).status).toBe(200);
    const changed = await here.post('/api/v1/auth/password', {
      currentPassword: 'first-password-1',
      password: 'second-password-2',
    });
    expect(changed.status).toBe(204);
    expect((await here.get('/api/v1/auth/me')).status).toBe(200);
    expect((await elsewhere.get('/api/v1/auth/me')).status).toBe(401);
    expect(
      (await t.agent().post('/api/v1/auth/password', { currentPassword: 'x', password: 'y'.repeat(12) }))
        .status,
    ).toBe(401);
    const language = await here.patch('/api/v1/auth/me', { language: 'zh' });
    expect(language.body.user.language).toBe('zh');
    expect((await here.patch('/api/v1/auth/me', { language: 'fr' })).status).toBe(400);
  });
});

describe('a worker killed mid-delivery', () => {
  let child: ServerProcess | undefined;
  afterAll(async () => {
    await child?.kill('SIGKILL');
  });

  test('never sends the mail twice: the row is shown as unknown instead', async () => {
    // This server takes the whole message and never answers: the sender cannot know it arrived.
    const holding = await startSmtpServer({ answer: () => 'hold' });
    const accepting = await startSmtpServer();
    const app = await startTestApp({ config: { SMTP_URL: holding.url, MAIL_FROM: mailFrom } });
    try {
      const organizer = await signedInOrganizer(app);
      const { competition } = await createCompetition(organizer);
      // The worker process itself (not a tsx wrapper around it, whose SIGKILL left the worker
      // running: one leaked per run).
      child = startServerProcess('worker', {
        NODE_ENV: 'test',
        DATABASE_URL: app.config.DATABASE_URL ?? '',
        REDIS_URL: app.config.REDIS_URL ?? '',
        QUEUE_PREFIX: app.config.QUEUE_PREFIX,
        SMTP_URL: holding.url,
        MAIL_FROM: mailFrom,
        LOG_LEVEL: 'silent',
      });
      const reply = await organizer.post(`/api/v1/competitions/${competition.id}/judges`, {
        name: 'Held Judge',
        email: 'held@jury.example',
        country: 'FR',
        expertise: [],
      });
      expect(reply.status).toBe(201);
      await holding.waitFor(() => holding.received.length === 1, 60_000);
      const mailId = holding.received[0]!.mailId;
      await child.kill('SIGKILL');
      const [claimed] = await app.db.select().from(mails).where(eq(mails.id, mailId));
      expect(claimed!.state).toBe('sending');

      // Another worker picks the job up again (as BullMQ does with a stalled job), after the lease.
      const later = new Date(Date.now() + 10 * 60_000);
      const processors = createJobProcessors(
        createServices({
          ...app.app.deps,
          now: () => later,
          mailTransport: createSmtpTransport({ smtpUrl: accepting.url, from: mailFrom }),
        }),
      );
      const result = await processors.mail!(
        { mailId },
        { progress: async () => {}, jobId: `mail-${mailId}`, attempt: 2 },
      );
      expect(result).toEqual({ outcome: 'skipped' });
      expect(
        await processors.mailSweep!({}, { progress: async () => {}, jobId: 'sweep', attempt: 1 }),
      ).toEqual({
        enqueued: 0,
      });
      const [after] = await app.db.select().from(mails).where(eq(mails.id, mailId));
      expect(after!.state).toBe('unknown');
      expect(after!.lastError).toMatch(/may or may not have arrived/);
      expect(accepting.received).toHaveLength(0);
      expect(holding.received).toHaveLength(1);
      const outbox = await organizer.get(`/api/v1/competitions/${competition.id}/outbox`);
      expect(outbox.body.items[0]).toMatchObject({ id: mailId, state: 'unknown' });
    } finally {
      child?.kill('SIGKILL');
      await app.close();
      await holding.close();
      await accepting.close();
    }
  }, 90_000);
});
