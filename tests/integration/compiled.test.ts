// Compiled statements (server/src/app/compiled.ts): rendered once, run by their text, decoded by a
// plan. Each must give the rows Drizzle itself gives for the same query, against the real
// PostgreSQL: dates, numbers, JSON, nested objects, whole tables, a left join that found nothing,
// and the values of each run (not the first run's).

import { randomUUID } from 'node:crypto';
import { and, asc, eq, getTableColumns, type Placeholder, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { compiled } from '../../server/src/app/compiled.ts';
import { createDb, type DbOrTx, equalsAny, inValues } from '../../server/src/app/db.ts';
import { competitions, rounds } from '../../server/src/modules/competitions/competitions.table.ts';
import { createTestDatabase } from '../support/app.ts';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let handle: ReturnType<typeof createDb>;
const ids = { a: randomUUID(), b: randomUUID(), c: randomUUID() };
const roundIds = [randomUUID(), randomUUID()];

beforeAll(async () => {
  database = await createTestDatabase();
  handle = createDb({ url: database.url, max: 2 });
  const closes = new Date('2027-01-15T10:00:00.000Z');
  await handle.db.insert(competitions).values([
    { id: ids.a, slug: 'a-cup', name: 'A Cup', submissionClosesAt: closes },
    { id: ids.b, slug: 'b-cup', name: 'B Cup', submissionClosesAt: closes, resultsPublishedAt: closes },
    { id: ids.c, slug: 'c-cup', name: 'C Cup', submissionClosesAt: closes },
  ]);
  await handle.db.insert(rounds).values([
    {
      id: roundIds[0]!,
      competitionId: ids.a,
      name: 'First',
      kind: 'review',
      position: 1,
      reviewsPerEntry: 3,
      judgeCapacity: 10,
      closesAt: closes,
    },
    {
      id: roundIds[1]!,
      competitionId: ids.b,
      name: 'Final',
      kind: 'live',
      position: 1,
      reviewsPerEntry: 5,
      judgeCapacity: 20,
      conflictSameCountry: true,
    },
  ]);
});
afterAll(async () => {
  await handle?.close();
  await database?.drop();
});

/** The same query, written once for Drizzle to run with values and once with placeholders. */
const withRounds = (tx: DbOrTx, competitionIds: string[] | Placeholder) =>
  tx
    .select({
      competition: competitions,
      round: {
        id: rounds.id,
        kind: rounds.kind,
        reviewsPerEntry: rounds.reviewsPerEntry,
        closesAt: rounds.closesAt,
        conflictSameCountry: rounds.conflictSameCountry,
      },
      roundCount:
        sql<number>`(select count(*) from ${rounds} r where r.competition_id = ${competitions.id})`.mapWith(
          Number,
        ),
      slugUpper: sql<string>`upper(${competitions.slug})`,
      meta: sql<{
        slug: string;
        tiers: number[];
      }>`json_build_object('slug', ${competitions.slug}, 'tiers', json_build_array(1, 2))`,
    })
    .from(competitions)
    .leftJoin(rounds, eq(rounds.competitionId, competitions.id))
    .where(equalsAny(competitions.id, competitionIds))
    .orderBy(asc(competitions.slug));

describe('compiled statements', () => {
  test('give the rows Drizzle gives: dates, numbers, JSON, whole tables, nested objects, SQL fields', async () => {
    const run = compiled(['ids'], (tx, p) => withRounds(tx, p.ids));
    const wanted = [ids.a, ids.b, ids.c];
    const rows = await run(handle.db, { ids: wanted });
    expect(rows).toEqual(await withRounds(handle.db, wanted));
    const [a, b, c] = rows;
    expect(a!.competition.submissionClosesAt).toBeInstanceOf(Date);
    expect(a!.meta).toEqual({ slug: 'a-cup', tiers: [1, 2] });
    expect(a!.round).toEqual({
      id: roundIds[0],
      kind: 'review',
      reviewsPerEntry: 3,
      closesAt: new Date('2027-01-15T10:00:00.000Z'),
      conflictSameCountry: false,
    });
    expect(b!.competition.resultsPublishedAt).toEqual(new Date('2027-01-15T10:00:00.000Z'));
    expect(b!.round?.closesAt).toBeNull();
    expect(typeof a!.roundCount).toBe('number');
    expect(a!.slugUpper).toBe('A-CUP');
    // No round: the left-joined object is null, as Drizzle returns it.
    expect(c!.round).toBeNull();
  });

  test('each run sends its own values, in and out of a transaction', async () => {
    const run = compiled(['ids'], (tx, p) => withRounds(tx, p.ids));
    expect((await run(handle.db, { ids: [ids.b] })).map((r) => r.competition.slug)).toEqual(['b-cup']);
    expect((await run(handle.db, { ids: [ids.a, ids.c] })).map((r) => r.competition.slug)).toEqual([
      'a-cup',
      'c-cup',
    ]);
    const inside = await handle.db.transaction(async (tx) => {
      await tx.update(competitions).set({ name: 'Renamed' }).where(eq(competitions.id, ids.c));
      return run(tx, { ids: [ids.c] });
    });
    expect(inside[0]!.competition.name).toBe('Renamed');
    expect(await run(handle.db, { ids: [] })).toEqual([]);
  });

  test('several placeholders, and a list written as a semi-join, find what the plain query finds', async () => {
    const byKind = compiled(['kind', 'competitionIds'], (tx, p) =>
      tx
        .select(getTableColumns(rounds))
        .from(rounds)
        .where(and(eq(rounds.kind, p.kind), inValues(rounds.competitionId, p.competitionIds))),
    );
    const live = await byKind(handle.db, { kind: 'live', competitionIds: [ids.a, ids.b] });
    expect(live).toEqual(await handle.db.select().from(rounds).where(eq(rounds.kind, 'live')));
    expect(await byKind(handle.db, { kind: 'live', competitionIds: [ids.a] })).toEqual([]);
  });

  test('a selection nested two levels deep is refused when first run, not misread', async () => {
    const deep = compiled(['id'], (tx, p) =>
      tx
        .select({ outer: { inner: { id: competitions.id } } } as never)
        .from(competitions)
        .where(eq(competitions.id, p.id)),
    );
    await expect(deep(handle.db, { id: ids.a })).rejects.toThrow(/more than one level/);
  });
});
