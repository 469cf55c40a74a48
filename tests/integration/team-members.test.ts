// Issue 12: a team owner invites members by mail; a member who accepts edits the team's entries
// and reads its results like the owner; removal ends that at once. Mail through a real SMTP server.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { competitions } from '../../server/src/modules/competitions/competitions.table.ts';
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

    const invited = await owner.post(members, { email: 'Mia@Teams.example' });
    expect(invited.status).toBe(201);
    expect(invited.body.member).toMatchObject({ email: 'mia@teams.example', status: 'invited' });
    await smtp.waitFor(() => smtp.received.some((m) => m.to === 'mia@teams.example'));
    const letter = smtp.received.find((m) => m.to === 'mia@teams.example')!;
    expect(letter.subject).toContain(s.competition.name);
    expect(letter.text).toContain(invited.body.invitationUrl);
    expect(invited.body.invitationUrl).toMatch(/\/join\/[\w-]{40,}$/);
    const listed = await owner.get(members);
    expect(listed.body).toMatchObject({ canManage: true, items: [{ status: 'invited' }] });

    // Before accepting, Mia sees nothing of the team.
    const mia = t.agent();
    await mia.register('mia@teams.example', 'Mia');
    expect((await mia.get(`/api/v1/entries/${entry.id}`)).status).toBe(404);
    const token = tokenOf(invited.body.invitationUrl);
    const described = await t.agent().get(`/api/v1/team-invitations/${token}`);
    expect(described.body.invitation).toMatchObject({ teamId: entry.teamId, email: 'mia@teams.example' });
    expect((await t.agent().post(`/api/v1/team-invitations/${token}/accept`)).status).toBe(401);
    expect((await owner.post(`/api/v1/team-invitations/${token}/accept`)).status).toBe(409);
    const accepted = await mia.post(`/api/v1/team-invitations/${token}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body.team.id).toBe(entry.teamId);
    // Single use.
    expect((await stranger.post(`/api/v1/team-invitations/${token}/accept`)).status).toBe(404);

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
    expect(
      (await late.post(`/api/v1/team-invitations/${tokenOf(second.body.invitationUrl)}/accept`)).status,
    ).toBe(404);
    expect((await s.teamAgent.get(members)).body.items[0].status).toBe('expired');
    clock -= 8 * 24 * 3600_000;
  });
});
