// The demo shows the product at once: the preliminary reviewed and tallied (results, plots, close
// calls and award suggestions ready), a live final ready to run, and a second competition in setup.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { competitions } from '../../server/src/modules/competitions/competitions.table.ts';
import { demoFinalistsPerTrack, demoPanelSize } from '../../server/src/modules/demo/demo.preliminary.ts';
import { demoPassword, demoTeamEmail } from '../../server/src/modules/demo/demo.seed.ts';
import { seedDemoOnce } from '../../server/src/modules/demo/demo.service.ts';
import { demoSetupSlug } from '../../server/src/modules/demo/demo.setup.ts';
import { organizerEmail, organizerPassword, startTestApp, type TestApp } from '../support/app.ts';
import { tempStorageDir } from './entries.fixtures.ts';

let t: TestApp;
let seeded: NonNullable<Awaited<ReturnType<typeof seedDemoOnce>>>;
let seedMs: number;
const now = new Date('2026-11-20T08:00:00Z');

beforeAll(async () => {
  t = await startTestApp({ config: { STORAGE_DIR: tempStorageDir() } });
  const started = performance.now();
  seeded = (await seedDemoOnce({ db: t.db, organizerEmail, storageDir: t.config.STORAGE_DIR, now }))!;
  seedMs = performance.now() - started;
  console.log(`demo seeded in ${Math.round(seedMs)} ms: ${JSON.stringify(seeded.preliminary)}`);
});
afterAll(async () => t?.close());

const organizer = async () => {
  const agent = t.agent();
  await agent.login(organizerEmail, organizerPassword);
  return agent;
};
const roundsOf = async (competitionId: string) =>
  (await (await organizer()).get(`/api/v1/competitions/${competitionId}/rounds`)).body.items as Array<{
    id: string;
    name: string;
    kind: string;
  }>;

describe('the demo', () => {
  test('is seeded fast, once', async () => {
    // About 3 s on an idle machine; the bound leaves room for a busy CI box.
    expect(seedMs).toBeLessThan(60_000);
    expect(await seedDemoOnce({ db: t.db, organizerEmail, now })).toBeNull();
  });

  test('its preliminary is reviewed and tallied: results with close calls, judges and reliability', async () => {
    const office = await organizer();
    const [preliminary] = await roundsOf(seeded.competitionId);
    const summary = await office.get(`/api/v1/rounds/${preliminary!.id}/assignment-summary`);
    expect(summary.body.summary).toMatchObject({ coverage: { fullyCovered: 60 }, conflictedAssignments: 0 });
    const { snapshot } = (await office.get(`/api/v1/rounds/${preliminary!.id}/results`)).body;
    expect(snapshot.id).toBe(seeded.preliminary!.snapshotId);
    expect(snapshot.method).toBe('bias');
    expect(snapshot.entries).toHaveLength(60);
    expect(snapshot.entries.every((e: { reviews: number }) => e.reviews === 3)).toBe(true);
    expect(snapshot.entries.some((e: { closeCall: boolean }) => e.closeCall)).toBe(true);
    expect(snapshot.judges).toHaveLength(12);
    expect(snapshot.reliability).toHaveLength(6);
    // The harsh judge reads as the harshest.
    const severest = [...snapshot.judges].sort(
      (a: { severity: number }, b: { severity: number }) => a.severity - b.severity,
    )[0];
    expect(severest.name).toBe('Dr. Hannah Weber');
  });

  test('award suggestions are ready, from the preliminary tally while the final has none', async () => {
    const office = await organizer();
    const awards = (await office.get(`/api/v1/competitions/${seeded.competitionId}/awards`)).body.items;
    const grand = awards.find((a: { name: string }) => a.name === 'Grand Prize');
    const suggestions = await office.get(`/api/v1/awards/${grand.id}/suggestions`);
    expect(suggestions.status).toBe(200);
    expect(suggestions.body.round.name).toBe('Online preliminary');
    expect(suggestions.body.items.length).toBeGreaterThan(0);
  });

  test('its live final is ready to run: the finalists in pitch order and a panel, nothing scored', async () => {
    const office = await organizer();
    const [, final] = await roundsOf(seeded.competitionId);
    expect(final!.kind).toBe('live');
    const { live } = (await office.get(`/api/v1/rounds/${final!.id}/live`)).body;
    expect(live.lineup).toHaveLength(6 * demoFinalistsPerTrack);
    expect(live.lineup.every((e: { scoring: string }) => e.scoring === 'waiting')).toBe(true);
    const assignments = (await office.get(`/api/v1/rounds/${final!.id}/assignments`)).body.items;
    expect(new Set(assignments.map((a: { judgeId: string }) => a.judgeId)).size).toBe(demoPanelSize);
    expect(assignments).toHaveLength(demoPanelSize * 6 * demoFinalistsPerTrack);
    // The demo team's entry is a finalist, and the team can read that it advanced.
    const team = t.agent();
    await team.login(demoTeamEmail, demoPassword);
    const own = (await team.get(`/api/v1/competitions/${seeded.competitionId}/entries`)).body.items;
    expect(live.lineup.map((e: { id: string }) => e.id)).toContain(own[0].id);
  });

  test('submissions closed before the preliminary, and reviews were all in before it closed', async () => {
    const [competition] = await t.db
      .select()
      .from(competitions)
      .where(eq(competitions.id, seeded.competitionId));
    expect(competition!.submissionClosesAt.getTime()).toBeLessThan(now.getTime());
    const [late] = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from entries where competition_id = ${seeded.competitionId} and submitted_at > ${competition!.submissionClosesAt.toISOString()}`,
    );
    expect(late!.n).toBe(0);
  });

  test('a second competition is still in setup: tracks and a rubric, no entries or judges', async () => {
    const office = await organizer();
    const mine = (await office.get('/api/v1/competitions')).body.items.map((c: { slug: string }) => c.slug);
    expect(mine).toContain(demoSetupSlug);
    const rounds = await roundsOf(seeded.setupCompetitionId);
    expect(rounds).toHaveLength(1);
    const entries = (await office.get(`/api/v1/competitions/${seeded.setupCompetitionId}/entries`)).body
      .items;
    expect(entries).toHaveLength(0);
  });

  test('is deterministic: seeded again elsewhere, the same scores and the same tally', async () => {
    const other = await startTestApp({ config: { STORAGE_DIR: tempStorageDir() } });
    try {
      const again = (await seedDemoOnce({ db: other.db, organizerEmail, now }))!;
      const hashOf = async (app: TestApp, id: string) =>
        (
          await app.db.execute<{ input_hash: string }>(
            sql`select input_hash from tally_snapshots where id = ${id}`,
          )
        )[0]!.input_hash;
      const scores = async (app: TestApp, competitionId: string) =>
        (
          await app.db.execute<{ title: string; totals: string }>(
            sql`select e.title, string_agg(r.total::text, ',' order by r.total) as totals
                from reviews r join assignments a on a.id = r.assignment_id join entries e on e.id = a.entry_id
                where e.competition_id = ${competitionId} group by e.title order by e.title`,
          )
        ).map((r) => `${r.title}:${r.totals}`);
      expect(await scores(other, again.competitionId)).toEqual(await scores(t, seeded.competitionId));
      expect(await hashOf(other, again.preliminary!.snapshotId)).toBe(
        await hashOf(t, seeded.preliminary!.snapshotId),
      );
      expect(again.preliminary).toMatchObject({
        reviews: seeded.preliminary!.reviews,
        finalists: seeded.preliminary!.finalists,
      });
    } finally {
      await other.close();
    }
  });
});
