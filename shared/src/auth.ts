import { z } from 'zod';
import { idSchema } from './common.ts';

export const emailSchema = z
  .string({ message: 'Enter an email address.' })
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'Enter a valid email address, like name@example.org.' }));
export const passwordSchema = z
  .string()
  .min(10, 'Use a password of at least 10 characters.')
  .max(200, 'Use a password of at most 200 characters.');
export const personNameSchema = z.string().trim().min(1, 'Enter a name.').max(120);

export const languageSchema = z.enum(['en', 'zh']);
export type Language = z.infer<typeof languageSchema>;

export const registerBodySchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: personNameSchema,
  /** The language of this person's mails; English unless given. */
  language: languageSchema.optional(),
});
export const loginBodySchema = z.object({
  email: emailSchema,
  password: z.string().min(1, 'Enter your password.').max(200),
});

export const membershipRoleSchema = z.enum(['organizer', 'judge']);
export type MembershipRole = z.infer<typeof membershipRoleSchema>;

export const userSchema = z.object({
  id: idSchema,
  email: z.string(),
  name: z.string(),
  /** May create competitions (the ORGANIZER_EMAIL user). */
  canCreateCompetitions: z.boolean(),
  /** Whether the person proved, by a mailed link, that they read mail at `email`. */
  emailVerified: z.boolean(),
  language: languageSchema,
  /** Organizer and judge memberships, and `team` where the user owns a team. */
  memberships: z.array(
    z.object({
      competitionId: idSchema,
      competitionName: z.string(),
      role: z.enum(['organizer', 'judge', 'team']),
    }),
  ),
});
export type User = z.infer<typeof userSchema>;
export const userResponseSchema = z.object({ user: userSchema });

/** A single-use link's token (verification, password reset): 256 random bits, base64url. */
export const accountTokenSchema = z.string().trim().min(16).max(128);
export const forgotPasswordBodySchema = z.object({ email: emailSchema });
export const resetPasswordBodySchema = z.object({ token: accountTokenSchema, password: passwordSchema });
export const verifyEmailBodySchema = z.object({ token: accountTokenSchema });
export const changePasswordBodySchema = z.object({
  currentPassword: z.string().min(1, 'Enter your current password.').max(200),
  password: passwordSchema,
});
export const updateProfileBodySchema = z
  .object({ name: personNameSchema.optional(), language: languageSchema.optional() })
  .refine((v) => v.name !== undefined || v.language !== undefined, {
    message: 'Name a field to change: name or language.',
  });
