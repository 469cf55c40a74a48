// Issue 12: a team owner invites members by mail; a member who accepts edits the team's entries
// and reads its results like the owner; removal ends that at once. Mail through a real SMTP server.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { competitions } from '../../server/src/modules/competitions/competitions.table.ts';
import { teamAccounts } from '../../server/src/modules/entries/entries.table.ts';
import { mails } from '../../server/src/modules/mail/mail.table.ts';
import { users } from '../../server/src/modules/users/users.table.ts';
import { countRows, startTestApp, type TestApp } from '../support/app.ts';
import { startSmtpServer } from '../support/smtp.ts';
import { setupAwards } from './awards.fixtures.ts';

let clock = Date.now();
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let t: TestApp;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp({
    worker: true,
    now: () => new Date(clock),
    config: { SMTP_URL: smtp.url, MAIL_FROM: 'Office <office@wuzhen.test>', LOGIN_RATE_LIMIT: 1000 },
  });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const tokenOf = (url: string) => url.split('/').pop()!;

/** Confirms an address by the link mailed at registration, as its owner would. */
async function confirmAddress(agent: ReturnType<TestApp['agent']>, email: string) {
  const [letter] = await t.db
    .select()
    .from(mails)
    .where(and(eq(mails.recipientEmail, email), eq(mails.kind, 'email_verification')));
  const token = new URL(/https?:\/\/\S+/.exec(letter!.text)![0]).searchParams.get('token')!;
  const verified = await agent.post('/api/v1/auth/verify-email', { token });
  expect(verified.status).toBe(200);
  return verified.body.user;
}

const invitationRow = async (email: string) =>
  (await t.db.select().from(teamAccounts).where(eq(teamAccounts.email, email)))[0]!;

describe('team members', () => {
  test('invite → accept → edit the entry → read results → removed → refused', async () => {
    const s = await setupAwards(t, { perTrack: 1 });
    const owner = s.teamAgent;
    const entry = s.entries[0]!;
    const members = `/api/v1/teams/${entry.teamId}/members`;

    // Bad input and the wrong people: nothing stored.
    const before = await countRows(t, 'team_accounts');
    expect((await owner.post(members, { email: 'not an address' })).status).toBe(400);
    expect((await owner.post(members, { email: s.teamUser.email })).status).toBe(409);
    const stranger = t.agent();
    await stranger.register('stranger@teams.example');
    expect((await stranger.post(members, { email: 'x@teams.example' })).status).toBe(404);
    expect((await stranger.get(members)).status).toBe(404);
    expect((await s.organizer.post(members, { email: 'x@teams.example' })).status).toBe(403);
    expect(await countRows(t, 'team_accounts')).toBe(before);

    // Mia has a confirmed account before she is invited.
    const mia = t.agent();
    await mia.register('mia@teams.example', 'Mia');
    await confirmAddress(mia, 'mia@teams.example');
    const invited = await owner.post(members, { email: 'Mia@Teams.example' });
    expect(invited.status).toBe(201);
    expect(invited.body.member).toMatchObject({ email: 'mia@teams.example', status: 'invited' });
    const isInvitation = (m: (typeof smtp.received)[number]) =>
      m.to === 'mia@teams.example' && m.text?.includes(invited.body.invitationUrl);
    await smtp.waitFor(() => smtp.received.some(isInvitation));
    const letter = smtp.received.find(isInvitation)!;
    expect(letter.subject).toContain(s.competition.name);
    expect(letter.text).toContain(invited.body.invitationUrl);
    expect(invited.body.invitationUrl).toMatch(/\/join\/[\w-]{40,}$/);
    const listed = await owner.get(members);
    expect(listed.body).toMatchObject({ canManage: true, items: [{ status: 'invited' }] });

    // Before accepting, Mia sees nothing of the team.
    expect((await mia.get(`/api/v1/entries/${entry.id}`)).status).toBe(404);
    const token = tokenOf(invited.body.invitationUrl);
    const described = await t.agent().get(`/api/v1/team-invitations/${token}`);
    expect(described.body.invitation).toMatchObject({
      teamId: entry.teamId,
      email: 'mia@teams.example',
      status: 'open',
      // Its expiry reads in the competition's zone, which the page is told.
      competitionTimezone: 'Asia/Shanghai',
    });
    const unknown = await t.agent().get(`/api/v1/team-invitations/${'x'.repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('teams.invitation_not_found');
    expect((await t.agent().post(`/api/v1/team-invitations/${token}/accept`)).status).toBe(401);
    expect((await owner.post(`/api/v1/team-invitations/${token}/accept`)).body.error.code).toBe(
      'teams.already_member',
    );
    // Holding the link is not enough: the owner has it too. Another account is refused, and
    // nothing is stored.
    const wrong = await stranger.post(`/api/v1/team-invitations/${token}/accept`);
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('teams.invitation_other_account');
    expect(wrong.body.error.message).toContain('sent to mia@teams.example');
    expect(wrong.body.error.message).toContain('signed in as stranger@teams.example');
    expect(await invitationRow('mia@teams.example')).toMatchObject({ userId: null, acceptedAt: null });
    expect((await stranger.get(`/api/v1/entries/${entry.id}`)).status).toBe(404);

    const accepted = await mia.post(`/api/v1/team-invitations/${token}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body.team.id).toBe(entry.teamId);
    // Single use; the used link says so.
    const again = await mia.post(`/api/v1/team-invitations/${token}/accept`);
    expect(again.body.error.code).toBe('teams.already_member');
    expect((await stranger.post(`/api/v1/team-invitations/${token}/accept`)).body.error.code).toBe(
      'teams.invitation_used',
    );
    expect((await t.agent().get(`/api/v1/team-invitations/${token}`)).body.invitation.status).toBe(
      'accepted',
    );

    // A member edits the entry and reads its results, like the owner; but does not manage members.
    const editable = await mia.get(`/api/v1/entries/${entry.id}`);
    expect(editable.status).toBe(200);
    await t.db
      .update(competitions)
      .set({ submissionClosesAt: new Date(clock + 30 * 24 * 3600_000) })
      .where(eq(competitions.id, s.competition.id));
    // (The submitted entry has no deck here, so edits go to a draft the member starts for the team.)
    const draft = await mia.post(`/api/v1/competitions/${s.competition.id}/entries`, {
      teamId: entry.teamId,
      trackId: entry.trackId,
      title: 'Second idea',
      summary: 'Started by Mia.',
      description: '',
    });
    expect(draft.status).toBe(201);
    const edit = await mia.patch(`/api/v1/entries/${draft.body.entry.id}`, { summary: 'Edited by Mia.' });
    expect(edit.status).toBe(200);
    expect(edit.body.entry.summary).toBe('Edited by Mia.');
    expect((await owner.get(`/api/v1/entries/${draft.body.entry.id}`)).body.entry.summary).toBe(
      'Edited by Mia.',
    );
    const mine = await mia.get(`/api/v1/competitions/${s.competition.id}/entries`);
    expect(mine.body.items.map((e: { id: string }) => e.id).sort()).toEqual(
      [entry.id, draft.body.entry.id].sort(),
    );
    const memberResults = await mia.get(`/api/v1/me/results?competitionId=${s.competition.id}`);
    expect(memberResults.status).toBe(200);
    expect(JSON.stringify(memberResults.body)).toContain(entry.title);
    expect((await mia.get(members)).body.canManage).toBe(false);
    expect((await mia.post(members, { email: 'other@teams.example' })).status).toBe(403);
    const memberId = (await owner.get(members)).body.items[0].id;
    expect((await mia.delete(`${members}/${memberId}`)).status).toBe(403);
    expect((await stranger.delete(`${members}/${memberId}`)).status).toBe(404);

    // Removed: refused at once.
    expect((await owner.delete(`${members}/${memberId}`)).status).toBe(204);
    expect((await mia.get(`/api/v1/entries/${entry.id}`)).status).toBe(404);
    expect((await mia.patch(`/api/v1/entries/${draft.body.entry.id}`, { summary: 'Again' })).status).toBe(
      404,
    );
    const results = await mia.get(`/api/v1/me/results?competitionId=${s.competition.id}`);
    expect(JSON.stringify(results.body)).not.toContain(entry.title);
    expect((await mia.get(`/api/v1/competitions/${s.competition.id}/entries`)).status).toBe(404);
  });

  test('an invitation expires after 7 days, and a newer one replaces the old link', async () => {
    const s = await setupAwards(t, { perTrack: 1 });
    const members = `/api/v1/teams/${s.entries[0]!.teamId}/members`;
    const first = await s.teamAgent.post(members, { email: 'late@teams.example' });
    const second = await s.teamAgent.post(members, { email: 'late@teams.example' });
    expect(second.status).toBe(201);
    expect(
      (await t.agent().get(`/api/v1/team-invitations/${tokenOf(first.body.invitationUrl)}`)).status,
    ).toBe(404);
    const late = t.agent();
    await late.register('late@teams.example', 'Late');
    clock += 8 * 24 * 3600_000;
    const link = tokenOf(second.body.invitationUrl);
    const expired = await late.post(`/api/v1/team-invitations/${link}/accept`);
    expect(expired.status).toBe(409);
    expect(expired.body.error.code).toBe('teams.invitation_expired');
    expect(expired.body.error.message).toMatch(/expired on .+ \(\S+ time\)\. Ask the team's owner/);
    expect(expired.body.error.message).not.toMatch(/\d UTC/);
    expect((await t.agent().get(`/api/v1/team-invitations/${link}`)).body.invitation.status).toBe('expired');
    expect((await s.teamAgent.get(members)).body.items[0].status).toBe('expired');
    clock -= 8 * 24 * 3600_000;
  });

  test('an unconfirmed account is asked to confirm; confirming the address joins the team', async () => {
    const s = await setupAwards(t, { perTrack: 1 });
    const members = `/api/v1/teams/${s.entries[0]!.teamId}/members`;
    // The owner writes the invitation in the invitee's language.
    const invited = await s.teamAgent.post(members, { email: 'lin@teams.example', language: 'zh' });
    expect(invited.status).toBe(201);
    await smtp.waitFor(() => smtp.received.some((m) => m.to === 'lin@teams.example'));
    const letter = smtp.received.find((m) => m.to === 'lin@teams.example')!;
    expect(letter.subject).toContain('邀请');
    expect(letter.subject).toContain(s.competition.name);
    expect(letter.text).toContain(invited.body.invitationUrl);

    const lin = t.agent();
    await lin.register('lin@teams.example', 'Lin');
    const token = tokenOf(invited.body.invitationUrl);
    const refused = await lin.post(`/api/v1/team-invitations/${token}/accept`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('teams.email_unverified');
    expect(await invitationRow('lin@teams.example')).toMatchObject({ userId: null, acceptedAt: null });
    expect((await lin.get(`/api/v1/entries/${s.entries[0]!.id}`)).status).toBe(404);

    const user = await confirmAddress(lin, 'lin@teams.example');
    expect((await invitationRow('lin@teams.example')).userId).toBe(user.id);
    expect((await lin.get(`/api/v1/entries/${s.entries[0]!.id}`)).status).toBe(200);
    expect((await t.agent().get(`/api/v1/team-invitations/${token}`)).body.invitation.status).toBe(
      'accepted',
    );
    expect((await lin.post(`/api/v1/team-invitations/${token}/accept`)).body.error.code).toBe(
      'teams.already_member',
    );
  });

  test('a judge of the competition does not join one of its teams, by link or by confirming', async () => {
    const s = await setupAwards(t, { perTrack: 1 });
    const members = `/api/v1/teams/${s.entries[0]!.teamId}/members`;
    // The owner is not told the address is a judge's (teams never learn who judges).
    const invited = await s.teamAgent.post(members, { email: s.judgeEmail });
    expect(invited.status).toBe(201);
    // Confirming the judge's address claims no team of the competition the account judges.
    await confirmAddress(s.judgeAgent, s.judgeEmail);
    expect(await invitationRow(s.judgeEmail)).toMatchObject({ userId: null, acceptedAt: null });

    const refused = await s.judgeAgent.post(
      `/api/v1/team-invitations/${tokenOf(invited.body.invitationUrl)}/accept`,
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('teams.member_is_judge');
    expect(refused.body.error.message).toContain(s.competition.name);
    expect(await invitationRow(s.judgeEmail)).toMatchObject({ userId: null, acceptedAt: null });
    expect((await s.judgeAgent.get(`/api/v1/entries/${s.entries[0]!.id}`)).status).toBe(404);
    expect((await s.teamAgent.get(members)).body.items).toMatchObject([{ status: 'invited' }]);
    expect(
      (await t.db.select().from(users).where(eq(users.email, s.judgeEmail)))[0]!.emailVerifiedAt,
    ).not.toBeNull();
  });
});
