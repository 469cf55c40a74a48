import { describe, expect, test } from 'vitest';
import { mmss, timerPhase } from './live-timing.ts';
import {
  draftStorageKey,
  initialDraft,
  missingCriteria,
  previewTotal,
  readDraft,
  scoresForRubric,
  writeDraft,
} from './review-draft.ts';

const rubric = [
  { key: 'innovation', weight: 0.4, min: 0, max: 10 },
  { key: 'market', weight: 0.3, min: 0, max: 10 },
  { key: 'team', weight: 0.3, min: 0, max: 10 },
];

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    items,
  };
}

describe('review drafts on this device', () => {
  test('a written draft reads back; garbage reads as nothing', () => {
    const storage = memoryStorage();
    const draft = {
      scores: { innovation: 7 },
      comment: 'Good',
      privateNote: '',
      dirty: true,
      editedAt: '2026-05-01T08:00:00.000Z',
    };
    writeDraft('a1', draft, storage);
    expect(readDraft('a1', storage)).toEqual(draft);
    storage.items.set(draftStorageKey('a2'), '{"scores":{"x":"7"}}');
    expect(readDraft('a2', storage)).toBeNull();
    storage.items.set(draftStorageKey('a3'), 'not json');
    expect(readDraft('a3', storage)).toBeNull();
  });

  test("unsaved edits on this device win over the server's review; saved ones do not", () => {
    const server = { scores: { innovation: 5 }, comment: 'server', privateNote: '' };
    const local = {
      scores: { innovation: 9 },
      comment: 'local',
      privateNote: '',
      dirty: true,
      editedAt: '2026-05-01T08:00:00.000Z',
    };
    expect(initialDraft(server, local)).toEqual({ draft: local, restored: true });
    expect(initialDraft(server, { ...local, dirty: false }).draft.comment).toBe('server');
    expect(initialDraft(null, null).draft).toMatchObject({ scores: {}, comment: '', dirty: false });
  });

  test('scores outside the rubric are never sent; missing ones are named; the total is the weighted mean', () => {
    expect(scoresForRubric(rubric, { innovation: 7, charisma: 9 })).toEqual({ innovation: 7 });
    expect(missingCriteria(rubric, { innovation: 7 }).map((c) => c.key)).toEqual(['market', 'team']);
    expect(previewTotal(rubric, { innovation: 7 })).toBeNull();
    expect(previewTotal(rubric, { innovation: 8, market: 6, team: 5 })).toBeCloseTo(6.5, 10);
  });
});

describe('the 8+7 timer', () => {
  const base = { serverNow: '2026-09-10T09:00:00.000Z', pitchSeconds: 480, questionSeconds: 420 };
  const at = (secondsAfterStart: number, clientSkewMs = 0) =>
    timerPhase({
      ...base,
      startedAt: '2026-09-10T09:00:00.000Z',
      // The tablet's clock is off by `clientSkewMs`; only the time since the answer counts.
      receivedAt: 1_000_000 + clientSkewMs,
      clientNow: 1_000_000 + clientSkewMs + secondsAfterStart * 1000,
    });
  test.each([
    [0, 'pitch', 480],
    [479, 'pitch', 1],
    [480, 'questions', 420],
    [899, 'questions', 1],
    [900, 'over', 0],
  ])('%i s after the start: %s, %i s left', (seconds, phase, remaining) => {
    expect(at(seconds)).toMatchObject({ phase, remaining });
    expect(at(seconds, 3_600_000)).toMatchObject({ phase, remaining });
  });
  test('a timer not started shows the full pitch', () => {
    expect(timerPhase({ ...base, startedAt: null, receivedAt: 0, clientNow: 0 })).toEqual({
      phase: 'idle',
      remaining: 480,
      elapsed: 0,
    });
    expect(mmss(480)).toBe('8:00');
    expect(mmss(61)).toBe('1:01');
  });
});
