import { Column, getTableColumns, is, Placeholder, type Query, SQL, sql, Table } from 'drizzle-orm';
import type postgres from 'postgres';
import type { DbOrTx } from './db.ts';

type Decoder = { mapFromDriverValue(value: unknown): unknown };
/** One column of the result: where it goes in the row (a key, or a nested object's key) and how to read it. */
type Slot = { group: string | null; key: string; decoder: Decoder | null };
type Selection = Record<string, unknown>;
type Buildable = PromiseLike<unknown[]> & { toSQL(): Query; _: { selectedFields: Selection } };

/**
 * A hot read, written with the query builder and the owners' views like any other statement, but
 * rendered to text once (on first use) and decoded by a plan made once.
 *
 * Drizzle renders a query's text on every run and maps every value of every row through `is()`
 * checks of its column objects. On a review save's path (each batch's locks, rubrics, reviews and
 * conflict checks, and every request's session) that was a fifth of the API's CPU under load; here
 * a run is the stored text, its values, and one decoder call per value that needs one (dates,
 * numbers sent as text). Like every statement with parameters here, it is prepared once per
 * connection (db.ts, preparedByDefault).
 *
 * `build` gets a placeholder for each of `names`, the values that change between runs (`p.ids`,
 * given as `{ ids }` to each run); its selection is
 * columns and SQL fields, flat or with one level of nested objects (or whole tables). A nested
 * object whose values are all null comes back as null: a left join that found nothing, as Drizzle
 * returns it.
 */
export function compiled<const Names extends string, Q extends Buildable>(
  names: readonly Names[],
  build: (db: DbOrTx, p: { [K in Names]: Placeholder<K> }) => Q,
) {
  let plan: { text: string; params: unknown[]; decode: (row: unknown[]) => unknown } | null = null;
  const p = Object.fromEntries(names.map((name) => [name, sql.placeholder(name)])) as {
    [K in Names]: Placeholder<K>;
  };
  return async (tx: DbOrTx, values: { [K in Names]: unknown }): Promise<Awaited<Q>> => {
    plan ??= compile(build(tx, p));
    const { text, params, decode } = plan;
    // Straight to postgres.js (the session's client: the transaction's, in one), past Drizzle's
    // per-run work (tracing spans, placeholder filling, its result cache).
    const { client } = tx._.session as unknown as { client: postgres.Sql };
    const rows = await client
      .unsafe(
        text,
        params.map((param) => (is(param, Placeholder) ? values[param.name as Names] : param)) as never[],
      )
      .values();
    return rows.map(decode) as Awaited<Q>;
  };
}

function compile(query: Buildable) {
  const slots = slotsOf(query._.selectedFields);
  const groups = [...new Set(slots.map((s) => s.group).filter((g): g is string => g !== null))];
  let checked = false;
  const decode = (row: unknown[]) => {
    if (!checked) {
      // The text and the plan come from the same selection; a mismatch is a bug to see at once.
      if (row.length !== slots.length)
        throw new Error(
          `A compiled statement returned ${row.length} columns where ${slots.length} were planned.`,
        );
      checked = true;
    }
    const out: Record<string, unknown> = {};
    for (const g of groups) out[g] = {};
    let i = 0;
    for (const { group, key, decoder } of slots) {
      const raw = row[i++];
      const value =
        raw === null || raw === undefined || !decoder ? (raw ?? null) : decoder.mapFromDriverValue(raw);
      if (group === null) out[key] = value;
      else (out[group] as Record<string, unknown>)[key] = value;
    }
    for (const g of groups) {
      const nested = out[g] as Record<string, unknown>;
      if (Object.values(nested).every((v) => v === null)) out[g] = null;
    }
    return out;
  };
  const { sql: text, params } = query.toSQL();
  return { text, params, decode };
}

/** The selection's columns in the order Drizzle writes them (depth first, keys in order). */
function slotsOf(selection: Selection, group: string | null = null): Slot[] {
  const slots: Slot[] = [];
  for (const [key, field] of Object.entries(selection)) {
    if (is(field, Column)) slots.push({ group, key, decoder: decoderOf(field) });
    else if (is(field, SQL)) slots.push({ group, key, decoder: decoderOf(sqlDecoder(field)) });
    else if (is(field, SQL.Aliased)) slots.push({ group, key, decoder: decoderOf(sqlDecoder(field.sql)) });
    else if (group !== null) throw new Error(`A compiled statement nests "${key}" more than one level deep.`);
    else if (is(field, Table)) slots.push(...slotsOf(getTableColumns(field), key));
    else if (field && typeof field === 'object') slots.push(...slotsOf(field as Selection, key));
    else throw new Error(`A compiled statement cannot select "${key}".`);
  }
  return slots;
}

/** The decoder, or null where it returns what it is given (text, booleans, SQL without mapWith). */
function decoderOf(decoder: Decoder): Decoder | null {
  const fn = decoder.mapFromDriverValue;
  return fn === Column.prototype.mapFromDriverValue || fn === identity.mapFromDriverValue ? null : decoder;
}
/** What `mapWith` set (Drizzle keeps it on the SQL object, out of its public types). */
const sqlDecoder = (fragment: SQL) => (fragment as unknown as { decoder: Decoder }).decoder;
const identity = sqlDecoder(sql``);
