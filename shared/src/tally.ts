import { z } from 'zod';
import { countryCodeSchema, idSchema } from './common.ts';
import { normalizationSchema } from './rounds.ts';

export const tallyMethodSchema = normalizationSchema;

/** How many entries per track a close call is judged against when the organizer names none. */
export const defaultCutoffPerTrack = 5;

export const runTallyBodySchema = z.object({
  /** The advancement line that close calls are judged against. */
  cutoffPerTrack: z.number().int().min(1).max(10_000).optional(),
  /** Defaults to the round's normalization. */
  method: tallyMethodSchema.optional(),
});

export const resultsQuerySchema = z.object({ method: tallyMethodSchema.optional() });

/**
 * Reviews a round still lacks: an entry needs as many reviews as it has judges (and, in a review
 * round, at least the round's reviews per entry); `entries` lack at least one, `reviews` in all.
 */
export const missingReviewsSchema = z.object({ entries: z.number().int(), reviews: z.number().int() });
export type MissingReviews = z.infer<typeof missingReviewsSchema>;

export const resultEntrySchema = z.object({
  entryId: idSchema,
  trackId: z.string(),
  trackName: z.string(),
  title: z.string(),
  teamName: z.string(),
  country: z.string(),
  rank: z.number().int(),
  trackRank: z.number().int(),
  rawScore: z.number().nullable(),
  calibratedScore: z.number().nullable(),
  interval: z.tuple([z.number(), z.number()]).nullable(),
  reviews: z.number().int(),
  /** Reviews this entry still lacks now (see missingReviewsSchema): its score rests on fewer. */
  missingReviews: z.number().int(),
  tie: z.boolean(),
  closeCall: z.boolean(),
  component: z.number().int(),
});
export type ResultEntry = z.infer<typeof resultEntrySchema>;

export const resultJudgeSchema = z.object({
  judgeId: idSchema,
  name: z.string(),
  reviews: z.number().int(),
  mean: z.number(),
  spread: z.number(),
  severity: z.number(),
  offset: z.number().nullable(),
  outlierReviewIds: z.array(z.string()),
});
export type ResultJudge = z.infer<typeof resultJudgeSchema>;

export const snapshotSchema = z.object({
  id: idSchema,
  roundId: idSchema,
  inputHash: z.string(),
  method: tallyMethodSchema,
  cutoffPerTrack: z.number().int().nullable(),
  createdAt: z.string(),
  /** When the tally last produced this snapshot (a re-run on the same inputs lands on the same snapshot). */
  computedAt: z.string(),
  entries: z.array(resultEntrySchema),
  judges: z.array(resultJudgeSchema),
  reliability: z.array(
    z.object({
      trackId: z.string(),
      trackName: z.string(),
      method: z.string(),
      value: z.number().nullable(),
      n: z.number().int(),
    }),
  ),
  components: z.object({ count: z.number().int(), sizes: z.array(z.number().int()) }),
  warnings: z.array(z.string()),
  /** What the ranked entries still lack now, so a tally or an advancement can warn before it counts. */
  missing: missingReviewsSchema,
  /** Methods that have a snapshot for this round, so a client can offer to switch. */
  availableMethods: z.array(tallyMethodSchema),
});
export type Snapshot = z.infer<typeof snapshotSchema>;
export const resultsResponseSchema = z.object({ snapshot: snapshotSchema });

// ── Advancement ──

export const advanceBodySchema = z
  .object({
    toRoundId: idSchema,
    topPerTrack: z.number().int().min(0).max(10_000).default(0),
    /** Most entries per country or region that may advance, e.g. { CN: 10 }. */
    quotas: z
      .record(countryCodeSchema, z.number().int().min(0).max(10_000))
      .refine((q) => Object.keys(q).length <= 300, { message: 'Name at most 300 quotas.' })
      .optional(),
    /** Wildcards: entries added by hand whatever their rank. */
    entryIds: z.array(idSchema).max(10_000).default([]),
    /** Entries kept out by hand: their slot passes to the next eligible entry. */
    excludeEntryIds: z.array(idSchema).max(10_000).default([]),
    /** Which snapshot method to rank by; defaults to the round's normalization. */
    method: tallyMethodSchema.optional(),
    preview: z.boolean().default(false),
  })
  .refine((b) => b.topPerTrack > 0 || b.entryIds.length > 0, {
    message: 'Choose how many entries per track advance, or name entries to add.',
    path: ['topPerTrack'],
  });
export type AdvanceBody = z.input<typeof advanceBodySchema>;

export const advanceReasonSchema = z.enum(['rank', 'tie', 'wildcard']);
export const advanceSkipReasonSchema = z.enum(['quota', 'excluded', 'unscored']);

const advanceRowSchema = z.object({
  entryId: idSchema,
  title: z.string(),
  teamName: z.string(),
  country: z.string(),
  trackId: z.string(),
  trackName: z.string(),
  trackRank: z.number().int(),
  score: z.number().nullable(),
  /** Already in the next round (advanced before): committing again changes nothing for it. */
  alreadyInRound: z.boolean(),
});

export const advancementSchema = z.object({
  id: idSchema.nullable(),
  preview: z.boolean(),
  fromRoundId: idSchema,
  toRoundId: idSchema,
  snapshotId: idSchema,
  method: tallyMethodSchema,
  advancing: z.array(advanceRowSchema.extend({ reason: advanceReasonSchema })),
  skipped: z.array(advanceRowSchema.extend({ reason: advanceSkipReasonSchema })),
  /** Tracks where entries tied at the cutoff all advance, so more than topPerTrack go through. */
  tiesAtCutoff: z.array(
    z.object({
      trackId: z.string(),
      trackName: z.string(),
      trackRank: z.number().int(),
      entryIds: z.array(idSchema),
    }),
  ),
  perCountry: z.record(z.string(), z.number().int()),
  createdAt: z.string().nullable(),
});
export type Advancement = z.infer<typeof advancementSchema>;
export const advancementResponseSchema = z.object({ advancement: advancementSchema });
