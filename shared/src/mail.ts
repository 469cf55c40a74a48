import { z } from 'zod';
import { idSchema } from './common.ts';

export const mailStateSchema = z.enum([
  'kept',
  'pending',
  'sending',
  'sent',
  'retrying',
  'failed',
  'unknown',
]);
export type MailState = z.infer<typeof mailStateSchema>;

export const mailKindSchema = z.enum([
  'judge_invitation',
  'judge_reminder',
  'submission_receipt',
  'withdrawal_notice',
  'disqualification_notice',
  'advancement_notice',
  'results_released',
  'password_reset',
  'email_verification',
  'team_invitation',
]);
export type MailKind = z.infer<typeof mailKindSchema>;

/** One outbox row as an organizer sees it: what was sent to whom, and what became of it. */
export const outboxMailSchema = z.object({
  id: idSchema,
  competitionId: idSchema.nullable(),
  kind: mailKindSchema,
  recipient: z.string(),
  language: z.enum(['en', 'zh']),
  subject: z.string(),
  /** The plain-text body (the HTML part says the same). */
  text: z.string(),
  state: mailStateSchema,
  attempts: z.number().int(),
  /** The SMTP server's last answer when delivery failed, or why the outcome is unknown. */
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  createdAt: z.string(),
});
export type OutboxMail = z.infer<typeof outboxMailSchema>;
export const outboxQuerySchema = z.object({
  state: mailStateSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export const outboxResponseSchema = z.object({
  items: z.array(outboxMailSchema),
  /** Whether an SMTP server is configured; without one, mails are kept here instead of sent. */
  delivering: z.boolean(),
});
