import type { Criterion, Review } from '@wuzhen/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { useSaveReview } from '../../api/reviews.ts';
import {
  initialDraft,
  missingCriteria,
  type ReviewDraft,
  readDraft,
  scoresForRubric,
  writeDraft,
} from './review-draft.ts';

/** How long typing must pause before a draft goes to the server. */
const autosaveDelayMs = 1_200;

export type SaveState = 'idle' | 'saving' | 'saved' | 'local' | 'error';

/**
 * The state of one review being written: the draft (kept on this device at every keystroke and
 * autosaved to the server while the review is a draft), submitting, and what has been saved.
 * A submitted review is not autosaved (it cannot go back to a draft): its changes stay on this
 * device until the judge saves them, which resubmits.
 */
export function useReviewEditor({
  assignmentId,
  rubric,
  review,
  editable,
}: {
  assignmentId: string;
  rubric: Criterion[];
  review: Review | null;
  editable: boolean;
}) {
  const [{ draft, restored }, setState] = useState(() => initialDraft(review, readDraft(assignmentId)));
  const [saveState, setSaveState] = useState<SaveState>(() =>
    restored ? 'local' : review ? 'saved' : 'idle',
  );
  const [savedAt, setSavedAt] = useState<string | null>(review?.updatedAt ?? null);
  const autosave = useSaveReview(assignmentId);
  const submitter = useSaveReview(assignmentId);
  const inFlight = useRef<Promise<unknown> | null>(null);
  const latest = useRef(draft);
  latest.current = draft;
  // Submitted once here, or already on the server: either way it can no longer go back to a draft.
  const [submittedHere, setSubmittedHere] = useState(false);
  const submitted = submittedHere || review?.status === 'submitted';

  const update = useCallback(
    (patch: Partial<Pick<ReviewDraft, 'scores' | 'comment' | 'privateNote'>>) => {
      setState((current) => {
        const next: ReviewDraft = {
          ...current.draft,
          ...patch,
          dirty: true,
          editedAt: new Date().toISOString(),
        };
        writeDraft(assignmentId, next);
        return { draft: next, restored: current.restored };
      });
      setSaveState('local');
    },
    [assignmentId],
  );

  const markSaved = useCallback(
    (sent: ReviewDraft, updatedAt: string) => {
      setSavedAt(updatedAt);
      // Only if nothing was typed meanwhile; otherwise the newer edits still wait for their save.
      if (latest.current.editedAt !== sent.editedAt) return;
      const clean = { ...sent, dirty: false };
      writeDraft(assignmentId, clean);
      setState((current) => ({
        draft: current.draft.editedAt === sent.editedAt ? clean : current.draft,
        restored: current.restored,
      }));
      setSaveState('saved');
    },
    [assignmentId],
  );

  // Autosave: a pause in typing sends the draft.
  useEffect(() => {
    if (!editable || submitted || !draft.dirty) return;
    const timer = window.setTimeout(() => {
      const sent = latest.current;
      setSaveState('saving');
      const promise = autosave
        .mutateAsync({
          scores: scoresForRubric(rubric, sent.scores),
          comment: sent.comment,
          privateNote: sent.privateNote,
          submit: false,
        })
        .then((saved) => markSaved(sent, saved.review.updatedAt))
        .catch(() => setSaveState('error'));
      inFlight.current = promise;
    }, autosaveDelayMs);
    return () => window.clearTimeout(timer);
  }, [draft, editable, submitted, rubric, markSaved]);

  const submit = useCallback(async () => {
    await inFlight.current?.catch(() => undefined);
    const sent = latest.current;
    setSaveState('saving');
    try {
      const saved = await submitter.mutateAsync({
        scores: scoresForRubric(rubric, sent.scores),
        comment: sent.comment,
        privateNote: sent.privateNote,
        submit: true,
      });
      setSubmittedHere(true);
      markSaved(sent, saved.review.updatedAt);
      return saved;
    } catch (error) {
      setSaveState('error');
      throw error;
    }
  }, [markSaved, rubric, submitter]);

  const autosaveError = autosave.error instanceof ApiError ? autosave.error : null;
  return {
    draft,
    restored,
    update,
    submit,
    saveState,
    savedAt,
    submitted,
    missing: missingCriteria(rubric, draft.scores),
    /** The error to show: a failed submission first, then a failed autosave. */
    error: submitter.error ?? (saveState === 'error' ? autosaveError : null),
    submitting: submitter.isPending,
  };
}
