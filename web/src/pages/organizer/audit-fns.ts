/** One changed field of an audit record: its path, and its value before and after (absent: undefined). */
export type FieldChange = { path: string; before: unknown; after: unknown };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Bookkeeping every row carries; a change to it alone says nothing to a reader. */
const quiet = new Set(['updatedAt']);

/**
 * What an audit record changed, field by field: nested objects are followed (`members.0.email`),
 * lists and values compared whole. A record with only `after` (a creation) lists every field as
 * added; with only `before` (a removal), every field as removed.
 */
export function diffRecord(before: unknown, after: unknown, prefix = ''): FieldChange[] {
  if (!isRecord(before) || !isRecord(after)) {
    if (JSON.stringify(before ?? null) === JSON.stringify(after ?? null)) return [];
    if (prefix === '' && (isRecord(before) || isRecord(after))) {
      // A creation or a removal: each field of the one side, against nothing.
      const side = (isRecord(after) ? after : before) as Record<string, unknown>;
      return Object.keys(side)
        .filter((key) => !quiet.has(key))
        .map((key) => ({
          path: key,
          before: isRecord(before) ? before[key] : undefined,
          after: isRecord(after) ? after[key] : undefined,
        }));
    }
    return [{ path: prefix || 'value', before, after }];
  }
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys.flatMap((key) => {
    if (prefix === '' && quiet.has(key)) return [];
    const path = prefix ? `${prefix}.${key}` : key;
    const b = before[key];
    const a = after[key];
    if (isRecord(b) && isRecord(a)) return diffRecord(b, a, path);
    return JSON.stringify(b ?? null) === JSON.stringify(a ?? null) ? [] : [{ path, before: b, after: a }];
  });
}

/** A value as a short line of text for the diff: strings as they are, the rest as JSON, cut at `max`. */
export function showValue(value: unknown, max = 160): string {
  if (value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * The start and end of a day range in a time zone, as the API's ISO bounds: `from` at 00:00 of the
 * first day, `to` at the last millisecond of the last. Empty dates give no bound.
 */
export function dayRange(
  fromDay: string,
  toDay: string,
  toInstant: (wallTime: string) => string | null,
): { from?: string; to?: string } {
  const from = fromDay ? toInstant(`${fromDay}T00:00`) : null;
  const next = toDay ? toInstant(`${toDay}T00:00`) : null;
  const to = next ? new Date(Date.parse(next) + 86400_000 - 1).toISOString() : null;
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}
