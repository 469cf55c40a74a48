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
