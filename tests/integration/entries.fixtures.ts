import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assignments } from '../../server/src/modules/assignment/assignment.table.ts';
import { competitionMembers } from '../../server/src/modules/competitions/competitions.table.ts';
import { judges } from '../../server/src/modules/judges/judges.table.ts';
import { makePdfDeck } from '../../server/src/modules/uploads/uploads.fns.ts';
import { type Agent, organizerEmail, organizerPassword, type TestApp } from '../support/app.ts';
import { createCompetition } from '../support/fixtures.ts';

/** A storage folder of the test file's own, so no test writes into the checkout. */
export const tempStorageDir = () => mkdtempSync(path.join(tmpdir(), 'wz-storage-'));

export const pdfBytes = (title = 'Our pitch') => makePdfDeck({ title, lines: ['A test deck.'] });
export const pngBytes = () =>
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64',
  );
/** An MP4 header (ftyp isom) followed by filler: enough for the type check. */
export const mp4Bytes = (size = 200_000) => {
  const header = Buffer.from('00000020667479706973736f6d0000020069736f6d69736f32617663316d703431', 'hex');
  return Buffer.concat([header, randomBytes(Math.max(0, size - header.length))]);
};
export const webmBytes = (size = 100_000) => {
  const header = Buffer.from(
    '1a45dfa39f4286810142f7810142f2810442f381084282847765626d42878104428581021853806701ffffffffffffff',
    'hex',
  );
  return Buffer.concat([header, randomBytes(Math.max(0, size - header.length))]);
};

export type Part =
  | { name: string; value: string }
  | { name: string; filename: string; content: Buffer; type?: string };

/** A multipart/form-data body, parts in the order given. */
export function multipart(parts: Part[]) {
  const boundary = `----wz${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    if ('value' in part) {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`,
        ),
      );
    } else {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: ${part.type ?? 'application/octet-stream'}\r\n\r\n`,
        ),
        part.content,
        Buffer.from('\r\n'),
      );
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Uploads in-process as `agent`, with its session cookie. */
export async function upload(
  t: TestApp,
  agent: Agent,
  entryId: string,
  parts: Part[],
  { query = '', rawBody }: { query?: string; rawBody?: Buffer } = {},
) {
  const { body, contentType } = multipart(parts);
  const reply = await t.app.inject({
    method: 'POST',
    url: `/api/v1/entries/${entryId}/files${query}`,
    headers: { 'content-type': contentType, ...(agent.cookie() ? { cookie: agent.cookie() } : {}) },
    payload: rawBody ?? body,
  });
  return { status: reply.statusCode, body: reply.json(), headers: reply.headers };
}

export const deckParts = (content = pdfBytes(), filename = 'deck.pdf'): Part[] => [
  { name: 'kind', value: 'deck' },
  { name: 'file', filename, content, type: 'application/pdf' },
];

export const teamBody = (overrides: Record<string, unknown> = {}) => ({
  name: 'Westlake Robotics',
  organization: 'Westlake Robotics Ltd',
  country: 'CN',
  members: [
    { name: 'Lin Xiaoyu', email: 'lin@westlake.example' },
    { name: 'Ada Chen', email: 'ada@westlake.example' },
  ],
  ...overrides,
});

let users = 0;
/** A competition, an organizer, and a helper to sign up teams that each own a team and a draft entry. */
export async function setupCompetition(t: TestApp, options: Parameters<typeof createCompetition>[1] = {}) {
  const organizer = t.agent();
  await organizer.login(organizerEmail, organizerPassword);
  const world = await createCompetition(organizer, options);
  const competitionId = world.competition.id as string;
  const trackIds = world.tracks.map((tr: { id: string }) => tr.id) as string[];

  async function newTeam(overrides: Record<string, unknown> = {}) {
    users += 1;
    const agent = t.agent();
    const user = await agent.register(`team${users}-${Date.now()}@example.org`, `Team user ${users}`);
    const team = await agent.post(`/api/v1/competitions/${competitionId}/teams`, teamBody(overrides));
    if (team.status !== 201) throw new Error(`create team: ${team.status} ${JSON.stringify(team.body)}`);
    return { agent, user, team: team.body.team };
  }

  async function newEntry(agent: Agent, teamId: string, overrides: Record<string, unknown> = {}) {
    const reply = await agent.post(`/api/v1/competitions/${competitionId}/entries`, {
      teamId,
      trackId: trackIds[0],
      title: 'Edge LLM for offline factories',
      summary: 'A small language model that runs on factory gateways without the cloud.',
      description: 'Longer description.',
      ...overrides,
    });
    if (reply.status !== 201) throw new Error(`create entry: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body.entry;
  }

  /** A judge of this competition (no assignment yet), written straight to the tables the judges feature owns. */
  async function newJudge(name = 'Judge') {
    const agent = t.agent();
    const user = await agent.register(`judge-${Math.random()}@example.org`, name);
    await t.db.insert(competitionMembers).values({ competitionId, userId: user.id, role: 'judge' });
    const [judge] = await t.db
      .insert(judges)
      .values({ competitionId, userId: user.id, name, email: user.email, country: 'DE' })
      .returning();
    return { agent, judgeId: judge!.id };
  }

  /** Assigns the judge to the entry in the competition's first round. */
  async function assign(judgeId: string, entryId: string) {
    const [row] = await t.db
      .insert(assignments)
      .values({ roundId: world.rounds[0].id, entryId, judgeId })
      .returning();
    return row!;
  }

  return { organizer, competitionId, trackIds, world, newTeam, newEntry, newJudge, assign };
}
