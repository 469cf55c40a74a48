import { z } from 'zod';
import { idSchema, isoDateTimeSchema, patchBodyOf } from './common.ts';
import { zhTextSchema } from './content-language.ts';

export const awardKindSchema = z.enum(['prize', 'special']);
export type AwardKind = z.infer<typeof awardKindSchema>;

/** The most winners one award may have, and the longest citation: bounded so a body stays small. */
export const maxAwardSlots = 1000;
export const maxCitationLength = 2000;

const awardName = z.string().trim().min(2, 'Give the award a name of at least 2 characters.').max(200);
const awardDescription = z.string().trim().max(5000);
const awardNameZh = zhTextSchema(200);
const awardDescriptionZh = zhTextSchema(5000);
const citationText = z
  .string()
  .trim()
  .max(maxCitationLength, `Keep a citation under ${maxCitationLength} characters.`);
const citationZh = zhTextSchema(maxCitationLength);
const awardLevel = z.number().int().min(1, 'Levels start at 1 (the grand prize).').max(50);
const awardSlots = z.number().int().min(1, 'An award needs at least one slot.').max(maxAwardSlots);
const trackIdList = z.array(idSchema).max(100);

/**
 * A prize sits on the ladder (level 1 = grand, 2 = first…), for one track (`trackId`) or overall.
 * A special award has no level; `eligibleTrackIds` limits it to some tracks (empty: every track).
 */
export const createAwardBodySchema = z
  .object({
    name: awardName,
    nameZh: awardNameZh,
    kind: awardKindSchema,
    level: awardLevel.optional(),
    trackId: idSchema.optional(),
    eligibleTrackIds: trackIdList.optional(),
    slots: awardSlots,
    description: awardDescription.default(''),
    descriptionZh: awardDescriptionZh,
  })
  .superRefine((award, ctx) => {
    if (award.kind === 'prize' && award.level === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['level'],
        message: 'A prize needs its level on the ladder: 1 for the grand prize, 2 for first, 3 for second…',
      });
    }
    if (award.kind === 'special' && award.level !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['level'],
        message: 'A special award has no level; leave it out, or make it a prize.',
      });
    }
    if (award.kind === 'prize' && award.eligibleTrackIds && award.eligibleTrackIds.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['eligibleTrackIds'],
        message: 'A prize is for one track (trackId) or overall; eligible tracks are for special awards.',
      });
    }
    if (award.kind === 'special' && award.trackId !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['trackId'],
        message: 'A special award names its eligible tracks in eligibleTrackIds, not trackId.',
      });
    }
  });
export type CreateAwardBody = z.input<typeof createAwardBodySchema>;

/** Kind is fixed once created: delete and re-create to turn a prize into a special award. */
export const updateAwardBodySchema = patchBodyOf({
  name: awardName,
  nameZh: awardNameZh,
  level: awardLevel,
  trackId: idSchema.nullable(),
  eligibleTrackIds: trackIdList,
  slots: awardSlots,
  description: awardDescription,
  descriptionZh: awardDescriptionZh,
  /** Order in the ceremony (and among the special awards on the results page). */
  position: z.number().int().min(0).max(100000),
});
export type UpdateAwardBody = z.infer<typeof updateAwardBodySchema>;

export const awardWinnerSchema = z.object({
  entryId: idSchema,
  title: z.string(),
  team: z.string(),
  organization: z.string(),
  country: z.string(),
  trackId: z.string().nullable(),
  track: z.string().nullable(),
  trackZh: z.string().nullable(),
  citation: z.string(),
  citationZh: z.string(),
  position: z.number().int(),
});
export type AwardWinner = z.infer<typeof awardWinnerSchema>;

export const awardSchema = z.object({
  id: idSchema,
  competitionId: idSchema,
  name: z.string(),
  nameZh: z.string(),
  kind: awardKindSchema,
  level: z.number().int().nullable(),
  trackId: z.string().nullable(),
  eligibleTrackIds: z.array(z.string()),
  slots: z.number().int(),
  description: z.string(),
  descriptionZh: z.string(),
  position: z.number().int(),
  publishedAt: z.string().nullable(),
  winners: z.array(awardWinnerSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Award = z.infer<typeof awardSchema>;
export const awardResponseSchema = z.object({ award: awardSchema });
export const awardParamsSchema = z.object({ awardId: idSchema });

export const winnerInputSchema = z.object({
  entryId: idSchema,
  citation: citationText.default(''),
  citationZh,
});
const winnerList = z
  .array(winnerInputSchema)
  .max(maxAwardSlots)
  .refine((list) => new Set(list.map((w) => w.entryId)).size === list.length, {
    message: 'Name each entry once.',
  });
/**
 * Corrected citations of an award's winners, `[{ entryId, citation }]`: allowed after publication
 * too, since a typo must not stay public. Saved together or not at all.
 */
export const correctCitationsBodySchema = z
  .array(
    z.object({
      entryId: idSchema,
      citation: citationText,
      /** Left out: the Chinese citation stays as it is. */
      citationZh: citationZh.unwrap().optional(),
    }),
  )
  .min(1, 'Name at least one winner whose citation changes.')
  .max(maxAwardSlots)
  .refine((list) => new Set(list.map((w) => w.entryId)).size === list.length, {
    message: 'Name each entry once.',
  });
export type CorrectCitationsBody = z.input<typeof correctCitationsBodySchema>;

/** `[{ entryId, citation }]`, or the same list wrapped as `{ winners }`. */
export const putWinnersBodySchema = z.union([winnerList, z.object({ winners: winnerList })]);
export type PutWinnersBody = z.input<typeof putWinnersBodySchema>;

/** One candidate for an award, from the latest tally of the final round. */
export const awardSuggestionSchema = z.object({
  entryId: idSchema,
  title: z.string(),
  team: z.string(),
  country: z.string(),
  trackId: z.string().nullable(),
  track: z.string().nullable(),
  /** Rank overall in the final round. */
  rank: z.number().int(),
  /** Rank within the entry's track. */
  trackRank: z.number().int(),
  score: z.number().nullable(),
  rawScore: z.number().nullable(),
  interval: z.tuple([z.number(), z.number()]).nullable(),
  reviews: z.number().int(),
  tie: z.boolean(),
  closeCall: z.boolean(),
  /** Already a winner of this award. */
  chosen: z.boolean(),
  /** Special awards this entry already holds (they may stack). */
  otherAwards: z.array(z.object({ id: idSchema, name: z.string() })),
});
export type AwardSuggestion = z.infer<typeof awardSuggestionSchema>;
export const awardSuggestionsSchema = z.object({
  awardId: idSchema,
  round: z.object({ id: idSchema, name: z.string() }),
  snapshot: z.object({ id: idSchema, method: z.string(), createdAt: z.string() }),
  /** Which rank orders the list: the track rank for a track prize, the overall rank otherwise. */
  rankedBy: z.enum(['rank', 'trackRank']),
  items: z.array(awardSuggestionSchema),
});
export type AwardSuggestions = z.infer<typeof awardSuggestionsSchema>;

export const publishBodySchema = z.object({
  /** Publish at this time (a scheduled worker job); leave out to publish now. */
  at: isoDateTimeSchema.optional(),
});
export const publicationSchema = z.object({
  competitionId: idSchema,
  /** When results were (last) published; null while nothing is public. */
  resultsPublishedAt: z.string().nullable(),
  /** A scheduled publication, if one is waiting. */
  scheduledFor: z.string().nullable(),
  jobId: z.string().nullable(),
  awards: z.object({ total: z.number().int(), withWinners: z.number().int(), published: z.number().int() }),
  /** Awards this call published (empty when it only scheduled). */
  publishedAwardIds: z.array(z.string()),
});
export type Publication = z.infer<typeof publicationSchema>;
export const publicationResponseSchema = z.object({ publication: publicationSchema });

export const revealBodySchema = z.object({ awardId: idSchema });

export const feedbackBodySchema = z.object({ released: z.boolean() });

/** What the public sees of a winner: never a score, a review or a judge. */
export const publicWinnerSchema = z.object({
  entryId: idSchema,
  title: z.string(),
  team: z.string(),
  country: z.string(),
  track: z.string().nullable(),
  trackZh: z.string().nullable(),
  citation: z.string(),
  citationZh: z.string(),
});
export type PublicWinner = z.infer<typeof publicWinnerSchema>;
export const publicAwardSchema = z.object({
  id: idSchema,
  name: z.string(),
  nameZh: z.string(),
  kind: awardKindSchema,
  level: z.number().int().nullable(),
  description: z.string(),
  descriptionZh: z.string(),
  track: z.string().nullable(),
  trackZh: z.string().nullable(),
  publishedAt: z.string(),
  winners: z.array(publicWinnerSchema),
});
export type PublicAward = z.infer<typeof publicAwardSchema>;
export const publicResultsSchema = z.object({
  competition: z.object({
    id: idSchema,
    name: z.string(),
    nameZh: z.string(),
    slug: z.string(),
    description: z.string(),
    descriptionZh: z.string(),
    /** The competition's IANA time zone, in which its dates are shown. */
    timezone: z.string(),
    resultsPublishedAt: z.string().nullable(),
  }),
  awards: z.array(publicAwardSchema),
  /**
   * The id of the last announcement when these results were read: open the event stream with
   * `?lastEventId=` set to it, so a reveal in between is neither missed nor repeated.
   */
  lastEventId: z.string(),
});
export type PublicResults = z.infer<typeof publicResultsSchema>;

/** A JSON Feed 1.1 (https://jsonfeed.org/version/1.1): one item per published award. */
export const resultsFeedSchema = z.object({
  version: z.literal('https://jsonfeed.org/version/1.1'),
  title: z.string(),
  home_page_url: z.string(),
  feed_url: z.string(),
  description: z.string(),
  language: z.string(),
  items: z.array(
    z.object({
      id: z.string(),
      url: z.string(),
      title: z.string(),
      content_text: z.string(),
      date_published: z.string(),
      tags: z.array(z.string()),
      _wuzhen: z.object({ award: publicAwardSchema }),
    }),
  ),
  _wuzhen: z.object({ competition: publicResultsSchema.shape.competition }),
});
export type ResultsFeed = z.infer<typeof resultsFeedSchema>;

/** SSE event payloads on /public/competitions/:slug/events. */
export const revealEventSchema = z.object({
  awardId: idSchema,
  award: publicAwardSchema,
  revealedAt: z.string(),
});
export type RevealEvent = z.infer<typeof revealEventSchema>;
export const publishedEventSchema = z.object({
  awardIds: z.array(idSchema),
  awards: z.array(publicAwardSchema),
  publishedAt: z.string(),
});
export type PublishedEvent = z.infer<typeof publishedEventSchema>;

/** What a team is told about one round of its entry: whether it went on, and to which round. */
export const roundOutcomeSchema = z.object({
  roundId: idSchema,
  roundName: z.string(),
  outcome: z.enum(['advanced', 'not_advanced']),
  /** The round it went on to; for "not_advanced", the round it did not reach. */
  toRoundId: idSchema,
  toRoundName: z.string(),
  /** When the organizer decided it (ISO 8601). */
  decidedAt: z.string(),
});
export type RoundOutcome = z.infer<typeof roundOutcomeSchema>;

/** A team's own results: published awards of its entries and released feedback, never a judge. */
export const teamResultsSchema = z.object({
  competition: z.object({
    id: idSchema,
    name: z.string(),
    nameZh: z.string(),
    slug: z.string(),
    /** The competition's IANA time zone, in which its dates are shown. */
    timezone: z.string(),
    resultsPublishedAt: z.string().nullable(),
  }),
  entries: z.array(
    z.object({
      entryId: idSchema,
      title: z.string(),
      team: z.string(),
      track: z.string().nullable(),
      trackZh: z.string().nullable(),
      status: z.string(),
      awards: z.array(
        z.object({
          id: idSchema,
          name: z.string(),
          nameZh: z.string(),
          kind: awardKindSchema,
          level: z.number().int().nullable(),
          citation: z.string(),
          citationZh: z.string(),
          publishedAt: z.string(),
        }),
      ),
      feedback: z.array(
        z.object({
          roundId: idSchema,
          roundName: z.string(),
          releasedAt: z.string(),
          /** Judges' comments, anonymous and in no particular order. */
          comments: z.array(z.string()),
        }),
      ),
      /**
       * Whether the entry went on from each round it took part in, once the team may know:
       * "advanced" from the moment of the advancement, "not_advanced" once that round's results
       * are out (feedback released or awards published). Never a rank or a score.
       */
      rounds: z.array(roundOutcomeSchema),
    }),
  ),
});
export type TeamResults = z.infer<typeof teamResultsSchema>;
export const teamResultsQuerySchema = z.object({ competitionId: idSchema });

/**
 * Award eligibility, the one rule for it: whether an entry of this track may win the award. A prize
 * for a track takes only that track's entries (an overall prize takes any); a special award takes
 * the tracks it lists (none listed: every track). The server enforces it, the web offers by it.
 */
export function trackAllowed(
  award: { kind: AwardKind; trackId: string | null; eligibleTrackIds: readonly string[] },
  trackId: string | null,
): boolean {
  if (award.kind === 'prize') return award.trackId === null || award.trackId === trackId;
  return (
    award.eligibleTrackIds.length === 0 || (trackId !== null && award.eligibleTrackIds.includes(trackId))
  );
}
