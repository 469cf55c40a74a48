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

export const registerBodySchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: personNameSchema,
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
