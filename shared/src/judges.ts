import { z } from 'zod';
import { emailSchema, languageSchema, passwordSchema, personNameSchema, userSchema } from './auth.ts';
import { countryCodeSchema, idSchema, patchBodyOf } from './common.ts';

/**
 * A judge's expertise: track ids (or track codes, for imports typed by hand), most expert first.
 * The first earns affinity 2 on its track's entries, the others 1.
 */
export const expertiseSchema = z
  .array(z.string().trim().min(1).max(64))
  .max(20, 'Name at most 20 expertise tracks.')
  .refine((list) => new Set(list.map((t) => t.toLowerCase())).size === list.length, {
    message: 'Name each expertise track once.',
  });

export const organizationSchema = z
  .string()
  .trim()
  .max(200, 'Use an organization name of at most 200 characters.');
export const judgeCapacitySchema = z.number().int().min(0).max(100000);

export const judgeInputSchema = z.object({
  name: personNameSchema,
  email: emailSchema,
  organization: organizationSchema.default(''),
  country: countryCodeSchema,
  expertise: expertiseSchema.default([]),
  /** Left out: the round's judge capacity applies. */
  capacity: judgeCapacitySchema.nullable().optional(),
  /**
   * The language of the invitation mail. Left out: the language of the judge's account when there
   * is one, else Chinese for a judge from CN, TW, HK or MO and English otherwise.
   */
  language: languageSchema.optional(),
});
export type JudgeInput = z.input<typeof judgeInputSchema>;

export const importJudgesBodySchema = z.object({
  judges: z
    .array(judgeInputSchema)
    .min(1, 'Send at least one judge.')
    .max(2000, 'Import at most 2,000 judges at once.'),
});

/** What an organizer may change; the email stays, since it names the linked account. */
const ownJudgeFields = {
  name: personNameSchema,
  organization: organizationSchema,
  country: countryCodeSchema,
  expertise: expertiseSchema,
};
export const updateJudgeBodySchema = patchBodyOf({
  ...ownJudgeFields,
  capacity: judgeCapacitySchema.nullable(),
});
/** What judges change on their own profile: the capacity is the organizers' to set. */
export const updateOwnJudgeBodySchema = patchBodyOf(ownJudgeFields);

export const invitationStatusSchema = z.enum(['pending', 'accepted', 'revoked']);

export const judgeSchema = z.object({
  id: idSchema,
  competitionId: idSchema,
  /** The account that claimed this profile (by its invitation or a verified address); null before. */
  userId: idSchema.nullable(),
  name: z.string(),
  email: z.string(),
  organization: z.string(),
  country: z.string(),
  /** Track ids, most expert first. */
  expertise: z.array(idSchema),
  capacity: z.number().int().nullable(),
  invitationStatus: invitationStatusSchema,
  invitationAcceptedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Judge = z.infer<typeof judgeSchema>;

export const judgeListItemSchema = judgeSchema.extend({
  /** Active (not recused) assignments over every round. */
  assignments: z.number().int(),
  /** Entries this judge may not review: declared and detected conflicts together. */
  conflicts: z.number().int(),
});
export type JudgeListItem = z.infer<typeof judgeListItemSchema>;

export const judgeResponseSchema = z.object({ judge: judgeSchema });
export const createdJudgeSchema = z.object({ judge: judgeSchema, invitationUrl: z.string() });
export type CreatedJudge = z.infer<typeof createdJudgeSchema>;
export const importJudgesResponseSchema = z.object({ items: z.array(createdJudgeSchema) });
export const judgeParamsSchema = z.object({ competitionId: idSchema, judgeId: idSchema });

export const invitationTokenParamsSchema = z.object({ token: z.string().trim().min(16).max(128) });
export const invitationSchema = z.object({
  judgeName: z.string(),
  email: z.string(),
  competitionId: idSchema,
  competitionName: z.string(),
  /**
   * The account already has a password: accepting asks for that password instead of a new one,
   * so an invitation link can never take over or reset an existing account.
   */
  hasPassword: z.boolean(),
});
export type Invitation = z.infer<typeof invitationSchema>;
export const acceptInvitationBodySchema = z.object({ password: passwordSchema });
export const acceptInvitationResponseSchema = z.object({ user: userSchema, competitionId: idSchema });

// Conflicts of interest.
export const declaredConflictSourceSchema = z.enum(['judge', 'organizer', 'recusal']);
export const conflictSourceSchema = z.enum([
  /** Declared by the judge. */
  'judge',
  /** Declared by an organizer. */
  'organizer',
  /** The judge recused themself from an assigned entry. */
  'recusal',
  /** Detected: the judge's own address is on the team (its owner's or a listed member's). */
  'member',
  /** The team named the judge's organization among those to avoid. */
  'team',
  /** Detected: the team and the judge belong to one organization. */
  'organization',
  /** Detected: the judge and a team member share a (non-public) email domain. */
  'email_domain',
  /** Detected: same country, when the round's conflict policy asks. */
  'country',
]);
export type ConflictSource = z.infer<typeof conflictSourceSchema>;

/** What kind of tie a declared conflict is; it leads the reason kept on record. */
export const conflictKinds = ['organization', 'relationship', 'financial', 'other'] as const;
export type ConflictKind = (typeof conflictKinds)[number];
export const conflictKindLabels: Record<ConflictKind, string> = {
  organization: 'Works or worked with the team',
  relationship: 'Personal relationship',
  financial: 'Financial interest',
  other: 'Other',
};

export const createConflictBodySchema = z.object({
  judgeId: idSchema,
  entryId: idSchema,
  kind: z.enum(conflictKinds).optional(),
  reason: z.string().trim().max(500, 'Keep the reason under 500 characters.').default(''),
});

export const conflictSchema = z.object({
  judgeId: idSchema,
  entryId: idSchema,
  judgeName: z.string(),
  entryTitle: z.string(),
  /** Every reason this pair may not be assigned; declared ones carry the id to remove them by. */
  sources: z.array(
    z.object({
      source: conflictSourceSchema,
      reason: z.string(),
      conflictId: idSchema.nullable(),
    }),
  ),
});
export type Conflict = z.infer<typeof conflictSchema>;
export const declaredConflictSchema = z.object({
  id: idSchema,
  judgeId: idSchema,
  entryId: idSchema,
  source: declaredConflictSourceSchema,
  reason: z.string(),
  createdAt: z.string(),
});
export const conflictResponseSchema = z.object({ conflict: declaredConflictSchema });
export const conflictsQuerySchema = z.object({
  /** The round whose conflict policy (same country) applies; by default any round that asks for it. */
  roundId: idSchema.optional(),
  judgeId: idSchema.optional(),
  entryId: idSchema.optional(),
});
export const conflictParamsSchema = z.object({ competitionId: idSchema, conflictId: idSchema });
