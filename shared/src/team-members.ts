import { z } from 'zod';
import { emailSchema, languageSchema } from './auth.ts';
import { idSchema } from './common.ts';

/**
 * Team members: accounts that work on a team beside its owner. The owner invites an address; the
 * mailed link (single-use, expiring) makes the account that opens it a member, who then edits the
 * team's entries and reads its results like the owner.
 */
export const teamAccountSchema = z.object({
  id: idSchema,
  email: z.string(),
  /** The member's account name once accepted; null while invited. */
  name: z.string().nullable(),
  status: z.enum(['invited', 'expired', 'member']),
  invitedAt: z.string(),
  /** When the invitation link stops working (null once accepted). */
  expiresAt: z.string().nullable(),
  acceptedAt: z.string().nullable(),
});
export type TeamAccount = z.infer<typeof teamAccountSchema>;

export const teamAccountsResponseSchema = z.object({
  items: z.array(teamAccountSchema),
  owner: z.object({ name: z.string(), email: z.string() }).nullable(),
  /** Whether the caller may invite and remove members (the owner). */
  canManage: z.boolean(),
});

export const inviteTeamAccountBodySchema = z.object({
  email: emailSchema,
  /** The language of the invitation mail; left out, the invitee's account's, else the owner's. */
  language: languageSchema.optional(),
});
export const inviteTeamAccountResponseSchema = z.object({
  member: teamAccountSchema,
  /** Also mailed to the address; ends with its token. */
  invitationUrl: z.string(),
});
export const teamAccountParamsSchema = z.object({ teamId: idSchema, memberId: idSchema });

export const teamInvitationParamsSchema = z.object({ token: z.string().trim().min(16).max(128) });
export const teamInvitationSchema = z.object({
  teamId: idSchema,
  teamName: z.string(),
  competitionId: idSchema,
  competitionName: z.string(),
  /** The competition's IANA time zone: the expiry reads in it, whatever the reader's device says. */
  competitionTimezone: z.string(),
  email: z.string(),
  inviterName: z.string(),
  expiresAt: z.string(),
  /**
   * `open` until accepted or expired. A used link still describes its team, so its page can say
   * so instead of calling the link unknown.
   */
  status: z.enum(['open', 'accepted', 'expired']),
});
export type TeamInvitation = z.infer<typeof teamInvitationSchema>;
export const teamInvitationResponseSchema = z.object({ invitation: teamInvitationSchema });
export const acceptTeamInvitationResponseSchema = z.object({
  team: z.object({ id: idSchema, name: z.string(), competitionId: idSchema }),
});
