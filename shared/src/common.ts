import { z } from 'zod';

/** Opaque identifiers: never parsed by clients, bounded so a path cannot carry a novel. */
export const idSchema = z.string().trim().min(1).max(64);
export const isoDateTimeSchema = z.iso.datetime({ offset: true });

export const paginationQuerySchema = z.object({
  cursor: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
  requestId: z.string(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** ISO 3166-1 alpha-2, upper case. */
export const countryCodeSchema = z
  .string()
  .trim()
  .length(2, 'Use a two-letter country or region code such as CN or DE.')
  .regex(/^[A-Za-z]{2}$/, 'Use a two-letter country or region code such as CN or DE.')
  .transform((s) => s.toUpperCase());

export const okSchema = z.object({ ok: z.literal(true) });

type WithoutDefault<T> =
  T extends z.ZodDefault<infer Inner extends z.core.SomeType>
    ? Inner
    : T extends z.ZodPrefault<infer Inner extends z.core.SomeType>
      ? Inner
      : T;
type PatchShape<S extends z.ZodRawShape> = { [K in keyof S]: z.ZodOptional<WithoutDefault<S[K]>> };

const withoutDefault = (field: z.core.SomeType): z.core.SomeType =>
  field instanceof z.ZodDefault || field instanceof z.ZodPrefault ? field.unwrap() : field;

/**
 * The body of a PATCH: the same fields as the resource's create body, each optional and with no
 * default, so that a PATCH changes only what it names (a default would quietly reset a field the
 * caller left out). A body naming nothing is refused with the list of fields it may name.
 * Build every PATCH body with this, from the shape (a refined object cannot be picked or omitted).
 */
export function patchBodyOf<S extends z.ZodRawShape>(shape: S) {
  const fields = Object.fromEntries(
    Object.entries(shape).map(([key, field]) => [key, z.optional(withoutDefault(field))]),
  ) as PatchShape<S>;
  return z.object(fields).refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: `Name at least one field to change: ${Object.keys(shape).join(', ')}.`,
  });
}

// Without the u flag a regular expression reads UTF-16 code units, so it sees a half pair alone.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a text cannot be stored (PostgreSQL holds neither a NUL nor half a UTF-16 pair), or null. */
export function unstorableTextProblem(text: string): string | null {
  if (text.includes('\u0000'))
    return 'This text holds a NUL character (\\u0000), which cannot be stored. Remove it and try again.';
  if (loneSurrogate.test(text))
    return 'This text holds a broken character (half of a UTF-16 surrogate pair). Retype or paste it again.';
  return null;
}

type UnstorableText = { path: Array<string | number>; message: string };

/**
 * Every string (and object key) in a request's body, query or path that cannot be stored, with
 * where it is. Walks without recursion, so no nesting depth overflows the stack.
 */
export function findUnstorableText(input: unknown, limit = 10): UnstorableText[] {
  const found: UnstorableText[] = [];
  const stack: Array<{ value: unknown; path: Array<string | number> }> = [{ value: input, path: [] }];
  while (stack.length > 0 && found.length < limit) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      const message = unstorableTextProblem(value);
      if (message) found.push({ path, message });
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, i] });
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value).reverse()) {
        const message = unstorableTextProblem(key);
        if (message)
          found.push({ path: [...path, key], message: `The name of this field is not valid. ${message}` });
        stack.push({ value: child, path: [...path, key] });
      }
    }
  }
  return found;
}

/**
 * Refuses text PostgreSQL cannot store anywhere in an input, naming the field. The server puts it
 * in front of every route's body, query and path schema, so no schema (a new one included) can
 * let such text through to a 500.
 */
export const storableTextSchema = z.unknown().superRefine((input, ctx) => {
  for (const { path, message } of findUnstorableText(input)) ctx.addIssue({ code: 'custom', path, message });
});
