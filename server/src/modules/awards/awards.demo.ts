import type { DbOrTx } from '../../app/db.ts';
import { awards } from './awards.table.ts';

/**
 * The demo's awards, modeled on Straight to Wuzhen: a ladder of grand, first, second and third
 * prizes and four special awards, in the order a ceremony would reveal them (special awards first,
 * then the ladder from third to grand). No winners: choosing them is the organizer's part.
 */
export async function seedDemoAwards(
  tx: DbOrTx,
  competitionId: string,
  trackIdOf: (code: string) => string | undefined,
) {
  const only = (...codes: string[]) => codes.map(trackIdOf).filter((id): id is string => Boolean(id));
  const special = [
    {
      name: 'Digital Medical Care Award',
      description: 'For the project that brings better care to the most patients.',
      eligibleTrackIds: only('MED'),
    },
    {
      name: 'Artificial Intelligence Breakthrough Award',
      description: 'For the boldest use of AI that already works in the field.',
      eligibleTrackIds: only('AI'),
    },
    {
      name: 'Open Source Contribution Award',
      description: 'For a project that makes the commons richer.',
      eligibleTrackIds: only('OSS'),
    },
    {
      name: 'Rising Star Award',
      description: 'For a young team with an unusual idea, whatever its track.',
      eligibleTrackIds: [],
    },
  ];
  const ladder = [
    { name: 'Third Prize', level: 4, slots: 4, description: 'Third prizes of the final roadshow.' },
    { name: 'Second Prize', level: 3, slots: 3, description: 'Second prizes of the final roadshow.' },
    { name: 'First Prize', level: 2, slots: 2, description: 'First prizes of the final roadshow.' },
    { name: 'Grand Prize', level: 1, slots: 1, description: 'The best project of the competition.' },
  ];
  await tx.insert(awards).values([
    ...special.map((a, i) => ({
      competitionId,
      kind: 'special' as const,
      slots: 1,
      position: i + 1,
      ...a,
    })),
    ...ladder.map((a, i) => ({
      competitionId,
      kind: 'prize' as const,
      position: special.length + i + 1,
      ...a,
    })),
  ]);
}
