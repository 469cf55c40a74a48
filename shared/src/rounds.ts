import { z } from 'zod';
import { idSchema, isoDateTimeSchema, patchBodyOf } from './common.ts';
import { zhTextSchema } from './content-language.ts';

export const criterionInputSchema = z
  .object({
    key: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .regex(
        /^[a-zA-Z][a-zA-Z0-9_]*$/,
        'Use letters, digits and underscores for a criterion key, starting with a letter.',
      ),
    label: z.string().trim().min(1, 'Give the criterion a label.').max(120),
    labelZh: zhTextSchema(120),
    description: z.string().trim().max(2000).default(''),
    descriptionZh: zhTextSchema(2000),
    weight: z.number().positive('A weight must be above zero.').max(1000),
    min: z.number().int().min(0).max(1000),
    max: z.number().int().min(1).max(1000),
  })
  .refine((c) => c.min < c.max, { message: 'The scale must go up: min below max.', path: ['max'] });

export const roundKindSchema = z.enum(['review', 'live']);
/**
 * The tally's normalization methods, the one list every layer uses (schemas, tables, the tally's
 * input check, the web's pickers): 'bias' fits judge offsets, 'zscore' standardises per judge,
 * 'none' is the raw mean of the review totals.
 */
export const tallyMethods = ['bias', 'zscore', 'none'] as const;
export type TallyMethodName = (typeof tallyMethods)[number];
export const normalizationSchema = z.enum(tallyMethods);

export const createRoundBodySchema = z
  .object({
    name: z.string().trim().min(2, 'Use a round name of at least 2 characters.').max(120),
    kind: roundKindSchema,
    reviewsPerEntry: z.number().int().min(1).max(50),
    judgeCapacity: z.number().int().min(1).max(100000),
    criteria: z.array(criterionInputSchema).min(1, 'A rubric needs at least one criterion.').max(30),
    normalization: normalizationSchema.default('bias'),
    conflictPolicy: z.object({ sameCountry: z.boolean().default(false) }).default({ sameCountry: false }),
    closesAt: isoDateTimeSchema.optional(),
  })
  .refine((r) => new Set(r.criteria.map((c) => c.key)).size === r.criteria.length, {
    message: 'Each criterion needs its own key.',
    path: ['criteria'],
  });
/**
 * A round changes freely until its reviews start. After that only what leaves every saved score
 * meaning the same may change: the name, the closing time, the judge capacity of later assignment
 * runs, the normalization of later tallies, and the wording of the criteria (same keys, weights
 * and scales, in the same order). The server answers anything else with a 409.
 */
export const updateRoundBodySchema = patchBodyOf({
  name: z.string().trim().min(2, 'Use a round name of at least 2 characters.').max(120),
  kind: roundKindSchema,
  reviewsPerEntry: z.number().int().min(1).max(50),
  judgeCapacity: z.number().int().min(1).max(100000),
  normalization: normalizationSchema,
  conflictPolicy: z.object({ sameCountry: z.boolean() }),
  closesAt: isoDateTimeSchema.nullable(),
  criteria: z
    .array(criterionInputSchema)
    .min(1, 'A rubric needs at least one criterion.')
    .max(30)
    .refine((list) => new Set(list.map((c) => c.key)).size === list.length, {
      message: 'Each criterion needs its own key.',
    }),
});

export const criterionSchema = z.object({
  id: idSchema,
  key: z.string(),
  label: z.string(),
  labelZh: z.string(),
  description: z.string(),
  descriptionZh: z.string(),
  weight: z.number(),
  min: z.number().int(),
  max: z.number().int(),
});
export type Criterion = z.infer<typeof criterionSchema>;

export const roundSchema = z.object({
  id: idSchema,
  competitionId: idSchema,
  name: z.string(),
  kind: roundKindSchema,
  position: z.number().int(),
  reviewsPerEntry: z.number().int(),
  judgeCapacity: z.number().int(),
  normalization: normalizationSchema,
  conflictPolicy: z.object({ sameCountry: z.boolean() }),
  closesAt: z.string().nullable(),
  feedbackReleasedAt: z.string().nullable(),
  /** Once a judge has saved a review, only what is safe may change (see updateRoundBodySchema). */
  reviewsStarted: z.boolean(),
  criteria: z.array(criterionSchema),
  createdAt: z.string(),
});
export type Round = z.infer<typeof roundSchema>;
export const roundResponseSchema = z.object({ round: roundSchema });
export const roundParamsSchema = z.object({ roundId: idSchema });
