import { describe, expect, test } from 'vitest';
import { type OutcomeAdvancement, type OutcomeRound, teamRoundOutcomes } from './advancement.outcomes.fns.ts';

const day = (d: number) => new Date(Date.UTC(2027, 0, d, 4));
const rounds = (released: { prelim?: Date; semi?: Date } = {}): OutcomeRound[] => [
  // Listed out of order: positions decide.
  { id: 'final', name: 'Final', position: 3, feedbackReleasedAt: null },
  { id: 'prelim', name: 'Preliminary', position: 1, feedbackReleasedAt: released.prelim ?? null },
  { id: 'semi', name: 'Semi-final', position: 2, feedbackReleasedAt: released.semi ?? null },
];
const entry = { id: 'e1', status: 'submitted' as const, submittedAt: day(1) };
const toSemi: OutcomeAdvancement = {
  fromRoundId: 'prelim',
  toRoundId: 'semi',
  entryIds: ['e2', 'e1'],
  createdAt: day(10),
};
const othersToSemi: OutcomeAdvancement = { ...toSemi, entryIds: ['e2', 'e3'] };
const toFinal: OutcomeAdvancement = {
  fromRoundId: 'semi',
  toRoundId: 'final',
  entryIds: ['e1'],
  createdAt: day(20),
};

const outcomes = (over: Partial<Parameters<typeof teamRoundOutcomes>[0]>) =>
  teamRoundOutcomes({
    entry,
    rounds: rounds(),
    advancements: [],
    inRounds: new Set(),
    resultsPublishedAt: null,
    ...over,
  }).map((o) => `${o.roundId}:${o.outcome}:${o.toRoundId}:${o.decidedAt.getUTCDate()}`);

describe('teamRoundOutcomes', () => {
  test.each([
    ['nothing before any advancement', {}, []],
    [
      'advanced: at once, with the round it went on to',
      { advancements: [toSemi] },
      ['prelim:advanced:semi:10'],
    ],
    [
      'advanced twice, round by round',
      { advancements: [toFinal, toSemi], inRounds: new Set(['semi']) },
      ['prelim:advanced:semi:10', 'semi:advanced:final:20'],
    ],
    ['not advanced: hidden while the results are not out', { advancements: [othersToSemi] }, []],
    [
      'not advanced: shown once the round’s feedback is released',
      { advancements: [othersToSemi], rounds: rounds({ prelim: day(12) }) },
      ['prelim:not_advanced:semi:10'],
    ],
    [
      'not advanced: shown once the awards are published',
      { advancements: [othersToSemi], resultsPublishedAt: day(30) },
      ['prelim:not_advanced:semi:10'],
    ],
    [
      'a wildcard added later: advanced, dated by the advancement that took it',
      {
        advancements: [othersToSemi, { ...othersToSemi, entryIds: ['e1'], createdAt: day(11) }],
        rounds: rounds({ prelim: day(12) }),
      },
      ['prelim:advanced:semi:11'],
    ],
    [
      'a round the entry never reached says nothing',
      { advancements: [othersToSemi, { ...toFinal, entryIds: ['e2'] }], resultsPublishedAt: day(30) },
      ['prelim:not_advanced:semi:10'],
    ],
    [
      'a draft never took part',
      {
        entry: { ...entry, status: 'draft' as const, submittedAt: null },
        advancements: [othersToSemi],
        resultsPublishedAt: day(30),
      },
      [],
    ],
    [
      'a withdrawn entry is not told it did not advance',
      {
        entry: { ...entry, status: 'withdrawn' as const },
        advancements: [othersToSemi],
        resultsPublishedAt: day(30),
      },
      [],
    ],
    [
      'an advancement to a round of another competition is ignored',
      { advancements: [{ ...toSemi, toRoundId: 'elsewhere' }], resultsPublishedAt: day(30) },
      [],
    ],
  ])('%s', (_, over, expected) => {
    expect(outcomes(over)).toEqual(expected);
  });

  test('names the rounds as the organizer wrote them', () => {
    const [only] = teamRoundOutcomes({
      entry,
      rounds: rounds(),
      advancements: [toSemi],
      inRounds: new Set(),
      resultsPublishedAt: null,
    });
    expect(only).toMatchObject({ roundName: 'Preliminary', toRoundName: 'Semi-final' });
  });
});
