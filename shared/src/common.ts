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
