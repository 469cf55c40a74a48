import type { DbOrTx } from '../../app/db.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { lockSubmissionCloses, setSubmissionCloses } from './competitions.repository.ts';

/**
 * Submissions close when the first round starts (its first judges are assigned) or when awards
 * are published, even before the deadline the organizer set: an entry arriving later would join a
 * round already judged, or a competition already decided. The deadline itself moves to that
 * moment, so every check and page that reads it (teams' edits, uploads, the team pages) agrees.
 * Runs in the caller's transaction; audited when it changes anything.
 */
export async function closeSubmissions(
  tx: DbOrTx,
  audit: Pick<AuditService, 'record'>,
  args: {
    competitionId: string;
    at: Date;
    because: 'first_round_started' | 'awards_published';
    actorId: string | null;
    requestId?: string | null;
  },
) {
  const closesAt = await lockSubmissionCloses(tx, args.competitionId);
  if (!closesAt || closesAt.getTime() <= args.at.getTime()) return false;
  await setSubmissionCloses(tx, args.competitionId, args.at);
  await audit.record(tx, {
    competitionId: args.competitionId,
    actorId: args.actorId,
    action: 'competition.submissions_closed',
    entityType: 'competition',
    entityId: args.competitionId,
    before: { submissionClosesAt: closesAt.toISOString() },
    after: { submissionClosesAt: args.at.toISOString(), because: args.because },
    ...(args.requestId ? { requestId: args.requestId } : {}),
  });
  return true;
}
