// The database's transactions (server/src/app/db.ts): BEGIN travels with the body's first
// statements, and still a transaction commits whole or not at all, whatever failed in it, awaited
// or not; a nested transaction (a savepoint) rolls back alone. Against the real PostgreSQL.

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDb } from '../../server/src/app/db.ts';
import { createTestDatabase } from '../support/app.ts';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let handle: ReturnType<typeof createDb>;

beforeAll(async () => {
  database = await createTestDatabase();
  handle = createDb({ url: database.url, max: 2 });
  await handle.db.execute(sql`create table tx_probe (id int primary key, note text not null)`);
});
afterAll(async () => {
  await handle?.close();
  await database?.drop();
});

const ids = async () =>
  (await handle.db.execute<{ id: number }>(sql`select id from tx_probe order by id`)).map((r) => r.id);
const clear = () => handle.db.execute(sql`delete from tx_probe`);

describe('transactions', () => {
  test('the body runs inside the transaction from its first statement, and commits whole', async () => {
    await clear();
    const seen = await handle.db.transaction(async (tx) => {
      // Sent behind BEGIN before its answer: it must still be inside the transaction.
      const [first] = await tx.execute<{ inside: boolean; xid: string }>(
        sql`select now() = statement_timestamp() as inside, txid_current()::text as xid`,
      );
      const [second] = await tx.execute<{ xid: string }>(sql`select txid_current()::text as xid`);
      await Promise.all([
        tx.execute(sql`insert into tx_probe values (${1}, ${'a'})`),
        tx.execute(sql`insert into tx_probe values (${2}, ${'b'})`),
      ]);
      return { first, second };
    });
    // One transaction: the same id on both statements, and now() fixed at its start.
    expect(seen.first!.xid).toBe(seen.second!.xid);
    expect(seen.first!.inside).toBe(false);
    expect(await ids()).toEqual([1, 2]);
  });

  test('an error thrown by the body rolls everything back', async () => {
    await clear();
    await expect(
      handle.db.transaction(async (tx) => {
        await tx.execute(sql`insert into tx_probe values (${3}, ${'c'})`);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await ids()).toEqual([]);
  });

  test('a statement that failed, even unawaited, rolls back the transaction and is what is thrown', async () => {
    await clear();
    await expect(
      handle.db.transaction(async (tx) => {
        await tx.execute(sql`insert into tx_probe values (${4}, ${'d'})`);
        // Nobody awaits this one: a duplicate key.
        void tx.execute(sql`insert into tx_probe values (${4}, ${'again'})`).catch(() => {});
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(await ids()).toEqual([]);
    // The connection went back to the pool usable, outside any transaction.
    await handle.db.execute(sql`insert into tx_probe values (${5}, ${'e'})`);
    expect(await ids()).toEqual([5]);
  });

  test('a nested transaction that fails rolls back alone', async () => {
    await clear();
    await handle.db.transaction(async (tx) => {
      await tx.execute(sql`insert into tx_probe values (${6}, ${'f'})`);
      await expect(
        tx.transaction(async (inner) => {
          await inner.execute(sql`insert into tx_probe values (${7}, ${'g'})`);
          await inner.execute(sql`insert into tx_probe values (${6}, ${'duplicate'})`);
        }),
      ).rejects.toThrow(/insert into tx_probe/);
      await tx.transaction(async (inner) => {
        await inner.execute(sql`insert into tx_probe values (${8}, ${'h'})`);
      });
    });
    expect(await ids()).toEqual([6, 8]);
  });

  test('transactions at once each keep their own connection', async () => {
    await clear();
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        handle.db.transaction(async (tx) => {
          await tx.execute(sql`insert into tx_probe values (${10 + i}, ${'x'})`);
          await tx.execute(sql`select pg_sleep(0.01)`);
        }),
      ),
    );
    expect(await ids()).toEqual([10, 11, 12, 13, 14, 15]);
  });
});
