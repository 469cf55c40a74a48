import { type Criterion, reviewTotalOrNull, type ScoredCriterion } from '@wuzhen/shared';

/**
 * What a judge has typed into a review. It is written to this device's storage on every change,
 * before the autosave reaches the server, so a reload, a crash or a dropped connection never
 * loses it. `dirty` says the server has not got this version yet.
 */
export type ReviewDraft = {
  scores: Record<string, number>;
  comment: string;
  privateNote: string;
  dirty: boolean;
  /** When this device last changed it (ISO). */
  editedAt: string;
};

type ServerReview = { scores: Record<string, number>; comment: string; privateNote: string } | null;

export const draftStorageKey = (assignmentId: string) => `wuzhen.review.${assignmentId}`;

const isDraft = (value: unknown): value is ReviewDraft => {
  const d = value as ReviewDraft | null;
  return (
    typeof d === 'object' &&
    d !== null &&
    typeof d.scores === 'object' &&
    d.scores !== null &&
    Object.values(d.scores).every((v) => typeof v === 'number' && Number.isFinite(v)) &&
    typeof d.comment === 'string' &&
    typeof d.privateNote === 'string' &&
    typeof d.dirty === 'boolean'
  );
};

export function readDraft(
  assignmentId: string,
  storage: Pick<Storage, 'getItem'> | null = safeStorage(),
): ReviewDraft | null {
  try {
    const raw = storage?.getItem(draftStorageKey(assignmentId));
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    return isDraft(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

export function writeDraft(
  assignmentId: string,
  draft: ReviewDraft,
  storage: Pick<Storage, 'setItem'> | null = safeStorage(),
) {
  try {
    storage?.setItem(draftStorageKey(assignmentId), JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the server autosave still keeps the draft.
  }
}

/**
 * The version to show when the page opens: this device's unsaved edits win (they are newer than
 * anything the server has); otherwise the server's review; otherwise an empty form.
 */
export function initialDraft(
  server: ServerReview,
  local: ReviewDraft | null,
  now = new Date(),
): { draft: ReviewDraft; restored: boolean } {
  if (local?.dirty) return { draft: local, restored: true };
  if (server) {
    return {
      draft: {
        scores: { ...server.scores },
        comment: server.comment,
        privateNote: server.privateNote,
        dirty: false,
        editedAt: now.toISOString(),
      },
      restored: false,
    };
  }
  return {
    draft: { scores: {}, comment: '', privateNote: '', dirty: false, editedAt: now.toISOString() },
    restored: false,
  };
}

/** Only the rubric's criteria, so a stale draft from an older rubric cannot send unknown keys. */
export function scoresForRubric(rubric: Pick<Criterion, 'key'>[], scores: Record<string, number>) {
  const out: Record<string, number> = {};
  for (const c of rubric) if (scores[c.key] !== undefined) out[c.key] = scores[c.key]!;
  return out;
}

export function missingCriteria<C extends Pick<Criterion, 'key'>>(
  rubric: C[],
  scores: Record<string, number>,
): C[] {
  return rubric.filter((c) => scores[c.key] === undefined);
}

/** The weighted mean the server will store, for the judge to see while scoring; null until complete. */
export function previewTotal(rubric: ScoredCriterion[], scores: Record<string, number>): number | null {
  return reviewTotalOrNull(rubric, scores);
}

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
