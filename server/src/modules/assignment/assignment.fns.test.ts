import { describe, expect, test } from 'vitest';
import {
  AssignmentInputError,
  affinityOf,
  normalizeOrganization,
  type SolverInput,
  type SolverJudge,
  type SolverResult,
  solveAssignment,
} from './assignment.fns.ts';

// Small rounds whose optimum is worked out by hand in the comments, so every expected value below
// comes from the problem statement, not from running the solver.

const judge = (id: string, organization: string, expertise: string[], capacity: number): SolverJudge => ({
  id,
  organization,
  expertise,
  capacity,
});

function ok(result: SolverResult) {
  if (!result.ok) throw new Error(`expected a solution, got: ${result.diagnosis.message}`);
  return result;
}

function judgesOf(result: ReturnType<typeof ok>, entryId: string): string[] {
  return result.assignments.filter((a) => a.entryId === entryId).map((a) => a.judgeId);
}

describe('affinityOf', () => {
  test.each([
    { expertise: ['ai', 'ml'], trackId: 'ai', expected: 2 },
    { expertise: ['ai', 'ml'], trackId: 'ml', expected: 1 },
    { expertise: ['ai', 'ml', 'iot'], trackId: 'iot', expected: 1 },
    { expertise: ['ai', 'ml'], trackId: 'bio', expected: 0 },
    { expertise: [], trackId: 'ai', expected: 0 },
    { expertise: ['ai', 'ai'], trackId: 'ai', expected: 2 },
    { expertise: ['AI'], trackId: 'ai', expected: 0 }, // track ids are ids: compared exactly
  ])('expertise $expertise, track $trackId → $expected', ({ expertise, trackId, expected }) => {
    expect(affinityOf({ expertise }, { trackId })).toBe(expected);
  });
});

describe('normalizeOrganization', () => {
  test.each([
    ['ACME Inc.', 'acme inc'],
    ['ACME Inc.', ' A.C.M.E  Inc '],
    ['acme inc', 'AcMe-Inc'],
    ['Zhejiang University', 'zhejiang   university'],
    ['AT&T', 'at t'],
    ['ＡＣＭＥ', 'acme'], // full-width letters fold to ASCII
    ['Beta, Ltd.', 'beta ltd'],
  ])('%j ≈ %j', (a, b) => {
    expect(normalizeOrganization(a)).toBe(normalizeOrganization(b));
  });

  test.each([
    ['ACME Inc.', 'ACME Corp.'],
    ['Beta', 'Betta'],
    ['Org 1', 'Org 11'],
  ])('%j ≠ %j', (a, b) => {
    expect(normalizeOrganization(a)).not.toBe(normalizeOrganization(b));
  });

  test('an organization made only of spaces and punctuation normalizes to empty', () => {
    expect(normalizeOrganization(' - . ')).toBe('');
  });
});

describe('solveAssignment: lexicographic objective on hand-checked rounds', () => {
  test('affinity first: each entry gets the best expert still free', () => {
    // Two AI entries, one review each. j1 has AI first (2), j2 has AI second (1), j3 none (0);
    // j1 and j2 take one review each. Best: one entry gets j1, the other j2 → affinity 3.
    const result = ok(
      solveAssignment({
        entries: [
          { id: 'e1', trackId: 'ai' },
          { id: 'e2', trackId: 'ai' },
        ],
        judges: [
          judge('j1', 'A', ['ai'], 1),
          judge('j2', 'B', ['bio', 'ai'], 1),
          judge('j3', 'C', ['bio'], 2),
        ],
        reviewsPerEntry: 1,
        conflicts: [],
      }),
    );
    expect(result.objective.totalAffinity).toBe(3);
    expect(result.assignments.map((a) => a.judgeId).sort()).toEqual(['j1', 'j2']);
    expect(result.assignments.every((a) => !a.locked)).toBe(true);
  });

  test('affinity beats organization diversity', () => {
    // One entry, two reviews. a1 and a2 ("ACME Inc." / "acme inc": one organization) are AI-first
    // experts; b1 has AI as second track. {a1, a2} scores 4 with one same-organization surplus,
    // {a?, b1} scores 3 with none: affinity wins.
    const result = ok(
      solveAssignment({
        entries: [{ id: 'e', trackId: 'ai' }],
        judges: [
          judge('a1', 'ACME Inc.', ['ai'], 1),
          judge('a2', 'acme inc', ['ai'], 1),
          judge('b1', 'Beta', ['x', 'ai'], 1),
        ],
        reviewsPerEntry: 2,
        conflicts: [],
      }),
    );
    expect(judgesOf(result, 'e')).toEqual(['a1', 'a2']);
    expect(result.objective).toEqual({ totalAffinity: 4, sameOrganizationEntries: 1, sumSquaredLoads: 2 });
  });

  test('organization diversity beats load balance', () => {
    // Three entries × two reviews, same affinity everywhere. a1, a2 share an organization; b1 is
    // alone. Loads (2, 2, 2) would force one entry onto {a1, a2}. Avoiding that needs b1 on all
    // three entries, leaving three reviews for a1 + a2: loads (b1 3, a 2, a 1) → 9 + 4 + 1 = 14.
    const result = ok(
      solveAssignment({
        entries: ['e1', 'e2', 'e3'].map((id) => ({ id, trackId: 'ai' })),
        judges: [
          judge('a1', 'ACME Inc.', ['ai'], 4),
          judge('a2', ' A.C.M.E  Inc ', ['ai'], 4),
          judge('b1', 'Beta', ['ai'], 4),
        ],
        reviewsPerEntry: 2,
        conflicts: [],
      }),
    );
    expect(result.objective).toEqual({ totalAffinity: 12, sameOrganizationEntries: 0, sumSquaredLoads: 14 });
    for (const e of ['e1', 'e2', 'e3']) expect(judgesOf(result, e)).toContain('b1');
  });

  test('load balance decides among equals', () => {
    // Four entries, one review each, two equal judges: loads 2 + 2 → 8 (3 + 1 would give 10).
    const result = ok(
      solveAssignment({
        entries: ['e1', 'e2', 'e3', 'e4'].map((id) => ({ id, trackId: 'ai' })),
        judges: [judge('j1', 'A', ['ai'], 4), judge('j2', 'B', ['ai'], 4)],
        reviewsPerEntry: 1,
        conflicts: [],
      }),
    );
    expect(result.objective.sumSquaredLoads).toBe(8);
  });

  test('a third judge from one organization costs a second surplus', () => {
    // One entry, three reviews, three judges, all from one organization: the only solution has
    // surplus 2 (definition: Σ over organizations of (judges of it at the entry − 1)).
    const result = ok(
      solveAssignment({
        entries: [{ id: 'e', trackId: 'ai' }],
        judges: [judge('a', 'X', ['ai'], 1), judge('b', 'x.', ['ai'], 1), judge('c', ' X ', ['ai'], 1)],
        reviewsPerEntry: 3,
        conflicts: [],
      }),
    );
    expect(result.objective.sameOrganizationEntries).toBe(2);
  });

  test('judges without an organization never share one', () => {
    const result = ok(
      solveAssignment({
        entries: [{ id: 'e', trackId: 'ai' }],
        judges: [judge('a', '', ['ai'], 1), judge('b', '  ', ['ai'], 1)],
        reviewsPerEntry: 2,
        conflicts: [],
      }),
    );
    expect(result.objective.sameOrganizationEntries).toBe(0);
  });

  test('conflicts are never assigned, even when they would be best', () => {
    // e's only AI expert is conflicted; the solution must use the two others (affinity 0 each).
    const result = ok(
      solveAssignment({
        entries: [{ id: 'e', trackId: 'ai' }],
        judges: [judge('expert', 'A', ['ai'], 5), judge('x', 'B', ['bio'], 5), judge('y', 'C', ['bio'], 5)],
        reviewsPerEntry: 2,
        conflicts: [{ entryId: 'e', judgeId: 'expert' }],
      }),
    );
    expect(judgesOf(result, 'e')).toEqual(['x', 'y']);
    expect(result.objective.totalAffinity).toBe(0);
  });

  test('assignments are sorted by entry id, then judge id', () => {
    const result = ok(
      solveAssignment({
        entries: ['c', 'a', 'b'].map((id) => ({ id, trackId: 't' })),
        judges: ['z', 'y', 'x'].map((id) => judge(id, id, ['t'], 3)),
        reviewsPerEntry: 2,
        conflicts: [],
      }),
    );
    const keys = result.assignments.map((a) => `${a.entryId}/${a.judgeId}`);
    expect(keys).toEqual([...keys].sort());
    expect(keys).toHaveLength(6);
  });

  test('an empty round is trivially solved', () => {
    const result = ok(solveAssignment({ entries: [], judges: [], reviewsPerEntry: 3, conflicts: [] }));
    expect(result.assignments).toEqual([]);
    expect(result.objective).toEqual({ totalAffinity: 0, sameOrganizationEntries: 0, sumSquaredLoads: 0 });
  });

  test('progress is reported from 0 to 1 in order', () => {
    const seen: number[] = [];
    solveAssignment({
      entries: [{ id: 'e', trackId: 't' }],
      judges: [judge('j', 'A', ['t'], 1)],
      reviewsPerEntry: 1,
      conflicts: [],
      onProgress: (f) => seen.push(f),
    });
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(1);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });
});

describe('solveAssignment: locked pairs', () => {
  const base: SolverInput = {
    entries: [
      { id: 'e1', trackId: 'ai' },
      { id: 'e2', trackId: 'ai' },
    ],
    judges: [judge('j1', 'A', ['ai'], 2), judge('j2', 'B', ['ai'], 2), judge('j3', 'C', ['bio'], 2)],
    reviewsPerEntry: 2,
    conflicts: [],
  };

  test('locked pairs are kept even when worse, and count toward k and capacity', () => {
    // j3 (affinity 0) is locked on e1. e1 needs one more judge; j1 and j2 (affinity 2) share the
    // other three reviews: e2 = {j1, j2} and e1 = {j3, one of j1/j2}. Total affinity 2 + 4 = 6.
    const result = ok(solveAssignment({ ...base, locked: [{ entryId: 'e1', judgeId: 'j3' }] }));
    expect(result.assignments).toContainEqual({ entryId: 'e1', judgeId: 'j3', affinity: 0, locked: true });
    expect(judgesOf(result, 'e1')).toHaveLength(2);
    expect(judgesOf(result, 'e2').sort()).toEqual(['j1', 'j2']);
    expect(result.objective.totalAffinity).toBe(6);
    expect(result.assignments.filter((a) => a.locked)).toHaveLength(1);
  });

  test('a locked judge from an organization makes a second one from it a surplus', () => {
    // e is locked to a1 (ACME). Adding a2 (ACME, affinity 2) gives affinity 4 with a surplus;
    // b (affinity 2, other organization) gives 4 without one → b.
    const result = ok(
      solveAssignment({
        entries: [{ id: 'e', trackId: 'ai' }],
        judges: [
          judge('a1', 'ACME', ['ai'], 1),
          judge('a2', 'acme', ['ai'], 1),
          judge('b', 'Beta', ['ai'], 1),
        ],
        reviewsPerEntry: 2,
        conflicts: [],
        locked: [{ entryId: 'e', judgeId: 'a1' }],
      }),
    );
    expect(judgesOf(result, 'e')).toEqual(['a1', 'b']);
    expect(result.objective.sameOrganizationEntries).toBe(0);
  });

  test('a conflicted locked pair stays and is counted in stats', () => {
    const result = ok(
      solveAssignment({
        ...base,
        conflicts: [{ entryId: 'e1', judgeId: 'j1' }],
        locked: [{ entryId: 'e1', judgeId: 'j1' }],
      }),
    );
    expect(result.assignments).toContainEqual({ entryId: 'e1', judgeId: 'j1', affinity: 2, locked: true });
    expect(result.stats.lockedConflicts).toBe(1);
  });

  test('an entry with k or more locked judges keeps them and gets no new ones', () => {
    const result = ok(
      solveAssignment({
        ...base,
        reviewsPerEntry: 1,
        locked: [
          { entryId: 'e1', judgeId: 'j1' },
          { entryId: 'e1', judgeId: 'j3' },
        ],
      }),
    );
    expect(judgesOf(result, 'e1')).toEqual(['j1', 'j3']);
    expect(judgesOf(result, 'e2')).toHaveLength(1);
  });

  test('duplicate locked pairs count once', () => {
    const lock = { entryId: 'e1', judgeId: 'j1' };
    const result = ok(solveAssignment({ ...base, locked: [lock, lock] }));
    expect(result.assignments.filter((a) => a.locked)).toHaveLength(1);
    expect(judgesOf(result, 'e1')).toHaveLength(2);
  });
});

describe('solveAssignment: infeasible rounds', () => {
  test('a track with too few judges without a conflict is diagnosed by track and entry', () => {
    // AI entries need 3 judges each; of the 5 judges, 3 have a conflict with both AI entries,
    // so only 2 remain. The ML entry is fine (all 5 judges are free for it).
    const judges = ['j1', 'j2', 'j3', 'j4', 'j5'].map((id, i) => judge(id, `Org ${i}`, ['ai', 'ml'], 10));
    const conflicts = ['j1', 'j2', 'j3'].flatMap((j) => [
      { entryId: 'ai-1', judgeId: j },
      { entryId: 'ai-2', judgeId: j },
    ]);
    const result = solveAssignment({
      entries: [
        { id: 'ai-1', trackId: 'ai', title: 'Smart Farming' },
        { id: 'ai-2', trackId: 'ai', title: 'Robot Chef' },
        { id: 'ml-1', trackId: 'ml', title: 'Ocean Data' },
      ],
      judges,
      reviewsPerEntry: 3,
      conflicts,
      trackNames: { ai: 'Artificial Intelligence', ml: 'Machine Learning' },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const { diagnosis } = result;
    expect(diagnosis.entries.map((e) => e.entryId).sort()).toEqual(['ai-1', 'ai-2']);
    for (const e of diagnosis.entries) {
      expect(e).toMatchObject({ trackId: 'ai', needed: 3, available: 2 });
      expect(e.reason).toMatch(/needs 3 judges but only 2 judges without a conflict have capacity/);
      expect(e.reason).toContain('Artificial Intelligence');
    }
    expect(diagnosis.entries.find((e) => e.entryId === 'ai-1')!.reason).toContain('"Smart Farming"');
    expect(diagnosis.tracks).toHaveLength(1);
    expect(diagnosis.tracks[0]!.trackId).toBe('ai');
    expect(diagnosis.tracks[0]!.message).toContain(
      'only 2 judges without a conflict have capacity for track Artificial Intelligence',
    );
    expect(diagnosis.message).toContain('2 entries of 3 cannot get 3 judges');
  });

  test('too little total capacity is reported globally', () => {
    // 4 entries × 2 reviews = 8 needed; capacities 3 + 3 = 6.
    const result = solveAssignment({
      entries: ['a', 'b', 'c', 'd'].map((id) => ({ id, trackId: 't' })),
      judges: [judge('j1', 'A', ['t'], 3), judge('j2', 'B', ['t'], 3)],
      reviewsPerEntry: 2,
      conflicts: [],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnosis.message).toContain(
      'The judges can take 6 more reviews in total but 8 are needed',
    );
    // A maximum flow covers 6 of the 8 reviews, so exactly two reviews are missing: one or two entries.
    expect(result.diagnosis.entries.length).toBeGreaterThanOrEqual(1);
    expect(result.diagnosis.entries.length).toBeLessThanOrEqual(2);
  });

  test('entries competing for the same booked judges are explained by the cut', () => {
    // Two entries, one review each, one judge with capacity 1: each entry on its own has a
    // judge available, but not both.
    const result = solveAssignment({
      entries: [
        { id: 'a', trackId: 't' },
        { id: 'b', trackId: 't' },
      ],
      judges: [judge('j', 'A', ['t'], 1), judge('k', 'B', ['t'], 0)],
      reviewsPerEntry: 1,
      conflicts: [],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnosis.entries).toHaveLength(1);
    expect(result.diagnosis.entries[0]).toMatchObject({ needed: 1, available: 1 });
    expect(result.diagnosis.entries[0]!.reason).toContain('booked by other entries');
    expect(result.diagnosis.entries[0]!.reason).toContain(
      '1 review of capacity left for the 2 reviews that 2 entries need',
    );
  });

  test('more reviews per entry than judges', () => {
    const result = solveAssignment({
      entries: [{ id: 'a', trackId: 't' }],
      judges: [judge('j', 'A', ['t'], 9)],
      reviewsPerEntry: 2,
      conflicts: [],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnosis.message).toContain('only 1 judge');
    expect(result.diagnosis.entries[0]).toMatchObject({ entryId: 'a', needed: 2, available: 1 });
  });
});

describe('solveAssignment: input validation', () => {
  const valid: SolverInput = {
    entries: [{ id: 'e', trackId: 't' }],
    judges: [judge('j', 'A', ['t'], 1)],
    reviewsPerEntry: 1,
    conflicts: [],
  };
  test.each([
    ['duplicate entry ids', { ...valid, entries: [...valid.entries, ...valid.entries] }],
    ['duplicate judge ids', { ...valid, judges: [...valid.judges, ...valid.judges] }],
    ['negative reviewsPerEntry', { ...valid, reviewsPerEntry: -1 }],
    ['fractional reviewsPerEntry', { ...valid, reviewsPerEntry: 1.5 }],
    ['fractional capacity', { ...valid, judges: [judge('j', 'A', ['t'], 0.5)] }],
    ['locked pair with an unknown judge', { ...valid, locked: [{ entryId: 'e', judgeId: 'nobody' }] }],
  ])('%s throws AssignmentInputError', (_, input) => {
    expect(() => solveAssignment(input)).toThrow(AssignmentInputError);
  });

  test('conflicts naming unknown ids are ignored', () => {
    const result = solveAssignment({ ...valid, conflicts: [{ entryId: 'ghost', judgeId: 'j' }] });
    expect(result.ok).toBe(true);
  });
});
