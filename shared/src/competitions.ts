import { z } from 'zod';
import { emailSchema } from './auth.ts';
import { idSchema, isoDateTimeSchema, patchBodyOf } from './common.ts';
import { zhTextSchema } from './content-language.ts';

export const slugSchema = z
  .string()
  .trim()
  .min(3, 'Use a slug of at least 3 characters.')
  .max(60)
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
    'Use lower-case letters, digits and single hyphens, like wuzhen-2026.',
  );

export const timezoneSchema = z
  .string()
  .trim()
  .max(64)
  .refine(
    (tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'Use an IANA time zone such as Asia/Shanghai.' },
  );

export const competitionSchema = z.object({
  id: idSchema,
  name: z.string(),
  nameZh: z.string(),
  slug: z.string(),
  description: z.string(),
  descriptionZh: z.string(),
  timezone: z.string(),
  submissionClosesAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  tracks: z.array(z.lazy(() => trackSchema)),
  /** What the caller is in this competition. */
  myRoles: z.array(z.enum(['organizer', 'judge', 'team'])),
});
export type Competition = z.infer<typeof competitionSchema>;

export const createCompetitionBodySchema = z.object({
  name: z.string().trim().min(3, 'Use a name of at least 3 characters.').max(200),
  nameZh: zhTextSchema(200),
  slug: slugSchema,
  description: z.string().trim().max(5000).default(''),
  descriptionZh: zhTextSchema(5000),
  timezone: timezoneSchema.default('Asia/Shanghai'),
  submissionClosesAt: isoDateTimeSchema,
});
export const updateCompetitionBodySchema = patchBodyOf(createCompetitionBodySchema.shape);

export const trackSchema = z.object({
  id: idSchema,
  competitionId: idSchema,
  name: z.string(),
  nameZh: z.string(),
  code: z.string(),
  position: z.number().int(),
});
export type Track = z.infer<typeof trackSchema>;
export const createTrackBodySchema = z.object({
  name: z.string().trim().min(2, 'Use a track name of at least 2 characters.').max(120),
  nameZh: zhTextSchema(120),
  code: z
    .string()
    .trim()
    .min(1)
    .max(20)
    .regex(/^[A-Za-z0-9_-]+$/, 'Use letters, digits, hyphens or underscores for the code.')
    .optional(),
});

export const updateTrackBodySchema = patchBodyOf(createTrackBodySchema.shape);
/** Every track of the competition, once each, in the new order. */
export const reorderTracksBodySchema = z.object({
  trackIds: z.array(idSchema).min(1, 'List the tracks in their new order.').max(100),
});
export const trackParamsSchema = z.object({ trackId: idSchema });

export const competitionParamsSchema = z.object({ competitionId: idSchema });
export const competitionResponseSchema = z.object({ competition: competitionSchema });
export const trackResponseSchema = z.object({ track: trackSchema });

export const addOrganizerBodySchema = z.object({ email: emailSchema });

export const publicCompetitionSchema = z.object({
  id: idSchema,
  name: z.string(),
  nameZh: z.string(),
  slug: z.string(),
  description: z.string(),
  descriptionZh: z.string(),
  timezone: z.string(),
  submissionClosesAt: z.string(),
  submissionsOpen: z.boolean(),
  tracks: z.array(trackSchema.pick({ id: true, name: true, nameZh: true, code: true })),
});
export type PublicCompetition = z.infer<typeof publicCompetitionSchema>;
