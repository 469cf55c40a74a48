import { z } from 'zod';
import { idSchema } from './common.ts';
import { missingReviewsSchema } from './tally.ts';

/** Length limits of what a judge writes, in one place for the form and the server. */
export const reviewLimits = { comment: 10_000, privateNote: 5_000, criteria: 30 } as const;

/**
 * A judge's scores, keyed by criterion key. The shape is checked here; whether each key belongs to
 * the round's rubric and each value sits on its scale is the server's job, so that the error names
 * the criterion and its scale.
 */
export const reviewScoresInputSchema = z
  .record(z.string().trim().min(1).max(40), z.number())
  .refine((scores) => Object.keys(scores).length <= reviewLimits.criteria, {
    message: `A review scores at most ${reviewLimits.criteria} criteria.`,
  });

export const saveReviewBodySchema = z.object({
  scores: reviewScoresInputSchema,
  comment: z
    .string()
    .trim()
    .max(reviewLimits.comment, `Keep the comment under ${reviewLimits.comment} characters.`)
    .default(''),
  privateNote: z
    .string()
    .trim()
    .max(reviewLimits.privateNote, `Keep the private note under ${reviewLimits.privateNote} characters.`)
    .optional(),
  /** false: save a draft (partial scores allowed); true: submit (every criterion scored). */
  submit: z.boolean().default(false),
});
export type SaveReviewBody = z.input<typeof saveReviewBodySchema>;

export const reviewStatusSchema = z.enum(['draft', 'submitted']);
export type ReviewStatus = z.infer<typeof reviewStatusSchema>;

export const reviewSchema = z.object({
  id: idSchema,
  assignmentId: idSchema,
  status: reviewStatusSchema,
  scores: z.record(z.string(), z.number()),
  comment: z.string(),
  privateNote: z.string(),
  /** Weighted mean of the criterion scores; null while a criterion is unscored. */
  total: z.number().nullable(),
  submittedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type Review = z.infer<typeof reviewSchema>;

export const reviewAssignmentStatusSchema = z.enum(['assigned', 'started', 'submitted', 'recused']);

export const saveReviewResponseSchema = z.object({
  review: reviewSchema,
  assignment: z.object({ id: idSchema, status: reviewAssignmentStatusSchema }),
});
export const reviewResponseSchema = z.object({ review: reviewSchema.nullable() });
export const reviewAssignmentParamsSchema = z.object({ assignmentId: idSchema });

// ── Live rounds: the 8+7 roadshow ──

/** The live pitch: 8 minutes of pitch, then 7 of questions. Clients count down from the start. */
export const livePitchSeconds = 8 * 60;
export const liveQuestionSeconds = 7 * 60;

export const liveActionBodySchema = z.object({
  action: z.enum(['start', 'stop', 'next', 'close', 'reopen']),
  /**
   * start: the entry to pitch (default: the current one); next: the entry to call (default: the next
   * in order); close / reopen: the entry whose scoring closes or reopens (default: the current one).
   */
  entryId: idSchema.optional(),
});

export const liveEntrySchema = z.object({
  id: idSchema,
  title: z.string(),
  summary: z.string(),
  teamName: z.string(),
  country: z.string(),
  trackId: z.string().nullable(),
  position: z.number().int(),
  /** Whether its panel may score it: not before its pitch starts, not after the organizer closes it. */
  scoring: z.enum(['waiting', 'open', 'closed']),
});
export type LiveEntry = z.infer<typeof liveEntrySchema>;

export const liveStateSchema = z.object({
  round: z.object({
    id: idSchema,
    name: z.string(),
    kind: z.enum(['review', 'live']),
    closesAt: z.string().nullable(),
  }),
  entry: liveEntrySchema.nullable(),
  timerStartedAt: z.string().nullable(),
  pitchSeconds: z.number().int(),
  questionSeconds: z.number().int(),
  /** The server's clock, so a tablet with a wrong clock still counts down correctly. */
  serverNow: z.string(),
  /** The caller's own panel assignment for the current entry and their review of it (judges). */
  mine: z
    .object({ assignmentId: idSchema, status: reviewAssignmentStatusSchema, review: reviewSchema.nullable() })
    .nullable(),
  /** Organizers only: the panel on the current entry and who has scored it. */
  panel: z
    .array(
      z.object({
        judgeId: idSchema,
        name: z.string(),
        status: reviewAssignmentStatusSchema,
        total: z.number().nullable(),
      }),
    )
    .nullable(),
  /** Organizers only: every entry of the round in pitch order with its trimmed mean so far. */
  lineup: z
    .array(
      liveEntrySchema.extend({
        scores: z.number().int(),
        panelSize: z.number().int(),
        trimmedMean: z.number().nullable(),
      }),
    )
    .nullable(),
});
export type LiveState = z.infer<typeof liveStateSchema>;
export const liveStateResponseSchema = z.object({ live: liveStateSchema });

export const panelBodySchema = z.object({
  judgeIds: z.array(idSchema).min(1, 'Choose at least one judge for the panel.').max(100),
  trackId: idSchema.optional(),
});
export const panelResponseSchema = z.object({
  created: z.number().int(),
  skippedConflicts: z.array(z.object({ judgeId: idSchema, entryId: idSchema })),
  panel: z.array(z.object({ judgeId: idSchema, name: z.string(), assignments: z.number().int() })),
});

// ── Organizer views: progress and reminders ──

export const reviewProgressSchema = z.object({
  round: z.object({ id: idSchema, name: z.string(), closesAt: z.string().nullable(), closed: z.boolean() }),
  /** Entries of the round with fewer submitted reviews than they need, and how many are missing. */
  missing: missingReviewsSchema,
  totals: z.object({
    assignments: z.number().int(),
    submitted: z.number().int(),
    started: z.number().int(),
    notStarted: z.number().int(),
  }),
  tracks: z.array(
    z.object({
      trackId: z.string().nullable(),
      name: z.string(),
      /** The track's Chinese name, for Chinese readers (empty: the English one serves). */
      nameZh: z.string(),
      entries: z.number().int(),
      assignments: z.number().int(),
      submitted: z.number().int(),
      started: z.number().int(),
      notStarted: z.number().int(),
    }),
  ),
  judges: z.array(
    z.object({
      judgeId: idSchema,
      name: z.string(),
      email: z.string(),
      assignments: z.number().int(),
      submitted: z.number().int(),
      started: z.number().int(),
      left: z.number().int(),
      /** Still has unsubmitted reviews. */
      late: z.boolean(),
      lastRemindedAt: z.string().nullable(),
      /** A judge gets at most one reminder a day: when the next one may go, null when it may now. */
      nextReminderAt: z.string().nullable(),
    }),
  ),
});
export type ReviewProgress = z.infer<typeof reviewProgressSchema>;

/** Chosen judges, or `late: true` for every judge with reviews left in the round. */
export const remindersBodySchema = z
  .object({
    judgeIds: z.array(idSchema).min(1, 'Choose at least one judge to remind.').max(1000).optional(),
    late: z.literal(true).optional(),
  })
  .refine((b) => (b.judgeIds !== undefined) !== (b.late !== undefined), {
    message: 'Choose the judges to remind (judgeIds), or remind every late judge (late: true), not both.',
    path: ['judgeIds'],
  });
export const remindersResponseSchema = z.object({
  reminded: z.array(z.object({ judgeId: idSchema, name: z.string() })),
  /** Judges left out: reminded less than a day ago, or with nothing left in the round. */
  skipped: z.array(
    z.object({
      judgeId: idSchema,
      name: z.string(),
      reason: z.enum(['reminded_recently', 'nothing_left']),
      nextReminderAt: z.string().nullable(),
    }),
  ),
  recordedAt: z.string(),
});

/** What a judge sees on their list: the organizers' reminders for rounds where reviews are left. */
export const myRemindersResponseSchema = z.object({
  items: z.array(
    z.object({
      roundId: idSchema,
      roundName: z.string(),
      competitionId: idSchema,
      competitionName: z.string(),
      /** The competition's IANA time zone, in which its dates are shown. */
      competitionTimezone: z.string(),
      remindedAt: z.string(),
      left: z.number().int(),
      closesAt: z.string().nullable(),
    }),
  ),
});

/** A judge's live rounds, so the judge's page can point to the panel while a final is on. */
export const myLiveRoundsResponseSchema = z.object({
  items: z.array(
    z.object({
      roundId: idSchema,
      roundName: z.string(),
      competitionId: idSchema,
      competitionName: z.string(),
      closesAt: z.string().nullable(),
      /** What is pitching now, if anything. */
      entryTitle: z.string().nullable(),
      timerStartedAt: z.string().nullable(),
    }),
  ),
});

/** What the review total needs of a criterion. */
export type ScoredCriterion = { key: string; weight: number; min: number; max: number };

/**
 * The review total, the one rule for it: the weighted mean Σ wᵢ sᵢ / Σ wᵢ of one review's scores,
 * or the reason it cannot be counted. The criteria are summed in the order given (the tally passes
 * them sorted by key). The server stores it, the tally counts it, the web previews it.
 */
export function reviewTotalOrReason(
  criteria: readonly ScoredCriterion[],
  scores: Readonly<Record<string, number>>,
): number | string {
  let sw = 0;
  let s = 0;
  for (const c of criteria) {
    const v = scores[c.key];
    if (v === undefined) return `missing score for '${c.key}'`;
    if (typeof v !== 'number' || !Number.isInteger(v)) return `score for '${c.key}' is not an integer`;
    if (v < c.min || v > c.max) return `score for '${c.key}' outside ${c.min}..${c.max}`;
    sw += c.weight;
    s += c.weight * v;
  }
  if (!(sw > 0)) return 'the rubric has no positive weight';
  return s / sw;
}

/** The review total, or null while it cannot be counted (a score missing or off the scale). */
export function reviewTotalOrNull(
  criteria: readonly ScoredCriterion[],
  scores: Readonly<Record<string, number>>,
): number | null {
  const total = reviewTotalOrReason(criteria, scores);
  return typeof total === 'number' ? total : null;
}
