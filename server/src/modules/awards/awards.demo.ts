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
      nameZh: '数字医疗专项奖',
      description: 'For the project that brings better care to the most patients.',
      descriptionZh: '授予为最多患者带来更好医疗的项目。',
      eligibleTrackIds: only('MED'),
    },
    {
      name: 'Artificial Intelligence Breakthrough Award',
      nameZh: '人工智能突破奖',
      description: 'For the boldest use of AI that already works in the field.',
      descriptionZh: '授予已在实际场景中落地、最大胆的人工智能应用。',
      eligibleTrackIds: only('AI'),
    },
    {
      name: 'Open Source Contribution Award',
      nameZh: '开源贡献奖',
      description: 'For a project that makes the commons richer.',
      descriptionZh: '授予让开源社区更加丰富的项目。',
      eligibleTrackIds: only('OSS'),
    },
    {
      name: 'Rising Star Award',
      nameZh: '新锐之星奖',
      description: 'For a young team with an unusual idea, whatever its track.',
      descriptionZh: '授予创意独特的年轻团队，不限赛道。',
      eligibleTrackIds: [],
    },
  ];
  const ladder = [
    {
      name: 'Third Prize',
      nameZh: '三等奖',
      level: 4,
      slots: 4,
      description: 'Third prizes of the final roadshow.',
      descriptionZh: '决赛路演三等奖。',
    },
    {
      name: 'Second Prize',
      nameZh: '二等奖',
      level: 3,
      slots: 3,
      description: 'Second prizes of the final roadshow.',
      descriptionZh: '决赛路演二等奖。',
    },
    {
      name: 'First Prize',
      nameZh: '一等奖',
      level: 2,
      slots: 2,
      description: 'First prizes of the final roadshow.',
      descriptionZh: '决赛路演一等奖。',
    },
    {
      name: 'Grand Prize',
      nameZh: '特等奖',
      level: 1,
      slots: 1,
      description: 'The best project of the competition.',
      descriptionZh: '本届大赛的最佳项目。',
    },
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
