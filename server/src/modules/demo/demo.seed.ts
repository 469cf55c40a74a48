import { createHash } from 'node:crypto';
import type { Db } from '../../app/db.ts';
import { createAuditRepository } from '../audit/audit.repository.ts';
import { createAuditService } from '../audit/audit.service.ts';
import { seedDemoAwards } from '../awards/awards.demo.ts';
import { createCompetitionsRepository } from '../competitions/competitions.repository.ts';
import { createEntriesRepository } from '../entries/entries.repository.ts';
import { createJudgesRepository } from '../judges/judges.repository.ts';
import { blobKey, type Storage } from '../uploads/storage.ts';
import { makePdfDeck } from '../uploads/uploads.fns.ts';
import { createUploadsRepository } from '../uploads/uploads.repository.ts';
import { createUsersRepository } from '../users/users.repository.ts';

export const demoPassword = 'wuzhen-demo-2026';
export const demoJudgeEmail = (i: number) => `judge${String(i).padStart(2, '0')}@wuzhen.demo`;
export const demoTeamEmail = 'team@wuzhen.demo';

const trackSeeds = [
  { code: 'AI', name: 'Artificial Intelligence', nameZh: '人工智能' },
  { code: 'MED', name: 'Digital Medicine', nameZh: '数字医疗' },
  { code: 'ICV', name: 'Connected Vehicles', nameZh: '智能网联汽车' },
  { code: 'IIOT', name: 'Industrial Internet', nameZh: '工业互联网' },
  { code: 'SENSE', name: 'Intelligent Sensing', nameZh: '智能传感' },
  { code: 'OSS', name: 'Open Source', nameZh: '开源' },
];
const countries = ['CN', 'US', 'DE', 'GB', 'FR', 'JP', 'KR', 'SG', 'IL', 'IN', 'BR', 'AE'];
const orgStems = [
  'Lumen',
  'Qiantang',
  'Helix',
  'Nimbus',
  'Westlake',
  'Aurora',
  'Kestrel',
  'Jade',
  'Vector',
  'Orbit',
  'Silk',
  'Tidal',
  'Pioneer',
  'Cobalt',
  'Zhiyuan',
];
const orgKinds = ['Labs', 'Robotics', 'Health', 'Systems', 'AI', 'Mobility', 'Sensors', 'Technologies'];
const projectIdeas: Record<string, string[]> = {
  AI: [
    'Multilingual legal assistant for SMEs',
    'Edge LLM for offline factories',
    'Explainable credit scoring',
    'AI tutor for rural schools',
    'Speech model for dialects',
    'Vision QA for textile lines',
    'Agent platform for customs filing',
    'Medical-grade transcription',
    'Small-model code reviewer',
    'Retail demand forecaster',
  ],
  MED: [
    'Retinal scan triage in primary care',
    'Remote cardiac rehab platform',
    'Sepsis early warning',
    'AI pathology slide screening',
    'Elderly fall detection',
    'Hospital bed flow optimizer',
    'Diabetic foot ulcer camera',
    'Digital therapeutics for insomnia',
    'Rare disease genome matching',
    'Smart pill dispenser',
  ],
  ICV: [
    'V2X roadside perception kit',
    'Battery health passport',
    'Autonomous port tractor',
    'Driver fatigue sensing seat',
    'HD map crowd updates',
    'Fleet charging scheduler',
    'Cabin voice copilot',
    'Low-speed delivery robot',
    'Vehicle cybersecurity gateway',
    'Smart parking exchange',
  ],
  IIOT: [
    'Predictive maintenance for pumps',
    'Digital twin for dye houses',
    'Private 5G kit for plants',
    'Energy optimizer for kilns',
    'Worker safety wearables',
    'Supply chain traceability ledger',
    'Low-code PLC analytics',
    'Defect detection for PCBs',
    'Water utility leak finder',
    'Spare parts 3D printing hub',
  ],
  SENSE: [
    'Millimetre-wave vital signs radar',
    'Soil sensing for smallholders',
    'Flexible pressure skin',
    'Air quality mesh network',
    'Gas leak acoustic camera',
    'Bridge strain sensing',
    'Wearable sweat lab',
    'Cold-chain smart label',
    'Underwater acoustic modem',
    'Wildfire smoke sensors',
  ],
  OSS: [
    'Open RISC-V toolchain',
    'Privacy-preserving analytics library',
    'Open medical imaging viewer',
    'Federated learning framework',
    'Open-source EDA flow',
    'Accessible web components',
    'Open robot middleware',
    'Distributed database for IoT',
    'Secure software supply chain scanner',
    'Chinese NLP toolkit',
  ],
};
const givenNames = [
  'Wei',
  'Lena',
  'Amir',
  'Yuki',
  'Priya',
  'Lucas',
  'Mei',
  'Noah',
  'Sara',
  'Jun',
  'Ana',
  'Omar',
  'Hana',
  'Felix',
  'Ravi',
  'Chloe',
];
const familyNames = [
  'Zhang',
  'Müller',
  'Cohen',
  'Tanaka',
  'Sharma',
  'Silva',
  'Chen',
  'Smith',
  'Kim',
  'Dubois',
  'Haddad',
  'Li',
  'Park',
  'Wang',
  'Rossi',
  'Singh',
];
const judgeSeeds = [
  { name: 'Prof. Zhao Min', organization: 'Zhejiang University', country: 'CN', expertise: ['AI', 'OSS'] },
  {
    name: 'Dr. Hannah Weber',
    organization: 'Fraunhofer Institute',
    country: 'DE',
    expertise: ['IIOT', 'SENSE'],
  },
  { name: 'Dr. Rahul Mehta', organization: 'Apollo Hospitals', country: 'IN', expertise: ['MED'] },
  { name: 'Sophie Martin', organization: 'Renault Ventures', country: 'FR', expertise: ['ICV', 'AI'] },
  { name: 'Kenji Sato', organization: 'Toyota Research', country: 'JP', expertise: ['ICV', 'SENSE'] },
  {
    name: 'Dr. Grace Lee',
    organization: 'Seoul National University Hospital',
    country: 'KR',
    expertise: ['MED', 'AI'],
  },
  { name: 'Michael Brown', organization: 'Sequoia Capital', country: 'US', expertise: ['AI', 'MED', 'ICV'] },
  { name: 'Dr. Noa Levi', organization: 'Technion', country: 'IL', expertise: ['SENSE', 'IIOT'] },
  { name: 'Chen Jing', organization: 'Alibaba Cloud', country: 'CN', expertise: ['OSS', 'IIOT'] },
  {
    name: 'Olivia Green',
    organization: 'Imperial College London',
    country: 'GB',
    expertise: ['MED', 'SENSE'],
  },
  { name: 'Tan Wei Ling', organization: 'Singapore EDB', country: 'SG', expertise: ['IIOT', 'ICV', 'OSS'] },
  {
    name: 'Dr. Ahmed Al Mansoori',
    organization: 'Masdar Institute',
    country: 'AE',
    expertise: ['AI', 'SENSE'],
  },
];

const slugify = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

/**
 * A fixed id for a demo row, shaped like the platform's random UUIDs. The solver and the tally
 * break ties by id, so fixed ids make the demo's assignment, scores and tally the same on every
 * machine. Unique per database: the demo is seeded once (its slug is unique).
 */
export const demoId = (...parts: Array<string | number>) => {
  const hex = createHash('sha256')
    .update(`wuzhen-demo:${parts.join(':')}`)
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

/**
 * The demo competition, modeled on Straight to Wuzhen: six tracks, an online preliminary and a
 * live final roadshow, sixty teams from a dozen countries with submitted entries, twelve judges.
 * Deterministic: the same call makes the same competition (up to ids and timestamps).
 */
export async function seedDemo({
  db,
  organizerId,
  passwordHash,
  now = new Date(),
  storage,
}: {
  db: Db;
  organizerId: string;
  passwordHash: string;
  now?: Date;
  /** Where each entry's generated pitch deck is written, so judges in the demo can open decks. */
  storage?: Pick<Storage, 'put'>;
}) {
  const users = createUsersRepository({ db });
  const audit = createAuditService({ log: createAuditRepository({ db }), users });
  const competitions = createCompetitionsRepository({ db });
  const judges = createJudgesRepository({ db });
  const entries = createEntriesRepository({ db });
  const files = createUploadsRepository({ db });
  // A whole competition in a few bulk statements, each through the repository of the table's owner.
  return db.transaction(async (tx) => {
    const day = 24 * 3600_000;
    const competition = await competitions.insert(
      {
        slug: 'wuzhen-2026',
        name: 'Straight to Wuzhen 2026 — Global Internet Competition',
        nameZh: '2026“直通乌镇”全球互联网大赛',
        description:
          'An innovation competition for startups worldwide: online preliminaries per track, then a live 8+7 roadshow final in Wuzhen. Grand, first, second and third prizes, and special awards.',
        descriptionZh:
          '面向全球初创企业的创新大赛：各赛道线上初赛，随后在乌镇举行“8+7”现场路演决赛。设特等奖、一等奖、二等奖、三等奖及专项奖。',
        timezone: 'Asia/Shanghai',
        submissionClosesAt: new Date(now.getTime() + 30 * day),
        createdBy: organizerId,
      },
      tx,
    );
    const competitionId = competition.id;
    await competitions.addMember({ competitionId, userId: organizerId, role: 'organizer' }, tx);
    const trackRows = await competitions.insertTracks(
      trackSeeds.map((t, i) => ({
        id: demoId('track', t.code),
        competitionId,
        name: t.name,
        nameZh: t.nameZh,
        code: t.code,
        position: i + 1,
      })),
      tx,
    );
    const trackByCode = new Map(trackRows.map((t) => [t.code, t]));

    const rubric = [
      {
        key: 'innovation',
        label: 'Innovation',
        labelZh: '创新性',
        description: 'How new is the idea or the technology, and how well is it protected?',
        descriptionZh: '创意或技术有多新颖？知识产权保护得如何？',
        weight: 0.3,
      },
      {
        key: 'technology',
        label: 'Technology',
        labelZh: '技术',
        description: 'Is the technology sound, working and hard to copy?',
        descriptionZh: '技术是否可靠、可用且难以复制？',
        weight: 0.25,
      },
      {
        key: 'market',
        label: 'Market',
        labelZh: '市场',
        description: 'Is there a real market, with customers who pay, and a plan to reach them?',
        descriptionZh: '是否有真实的市场、付费客户，以及触达他们的计划？',
        weight: 0.25,
      },
      {
        key: 'team',
        label: 'Team',
        labelZh: '团队',
        description: 'Can this team deliver: skills, commitment and track record?',
        descriptionZh: '团队能否交付：能力、投入与过往业绩？',
        weight: 0.2,
      },
    ];
    // Positions follow the order of insertion: the preliminary 1, the final 2.
    const criteriaOf = (position: number) =>
      rubric.map((c) => ({ ...c, id: demoId('criterion', position, c.key), min: 1, max: 10 }));
    await competitions.insertRound(
      {
        id: demoId('round', 1),
        competitionId,
        name: 'Online preliminary',
        kind: 'review',
        reviewsPerEntry: 3,
        judgeCapacity: 20,
        normalization: 'bias',
        closesAt: new Date(now.getTime() + 45 * day),
      },
      criteriaOf(1),
      tx,
    );
    await competitions.insertRound(
      {
        id: demoId('round', 2),
        competitionId,
        name: 'Final roadshow in Wuzhen',
        kind: 'live',
        reviewsPerEntry: 5,
        judgeCapacity: 1000,
        normalization: 'none',
        closesAt: new Date(now.getTime() + 60 * day),
      },
      criteriaOf(2),
      tx,
    );

    // Judges: accounts that can sign in with the demo password, and their profiles; and the
    // demo team's account, in the same statement.
    const judgeUsers = judgeSeeds.map((j, i) => ({
      id: demoId('user', demoJudgeEmail(i + 1)),
      email: demoJudgeEmail(i + 1),
      name: j.name,
      passwordHash,
      emailVerifiedAt: now,
    }));
    const teamUser = {
      id: demoId('user', demoTeamEmail),
      email: demoTeamEmail,
      name: 'Lin Xiaoyu',
      passwordHash,
      emailVerifiedAt: now,
    };
    await users.insertMany([...judgeUsers, teamUser], tx);
    await competitions.addJudgeMembers(
      competitionId,
      judgeUsers.map((u) => u.id),
      tx,
    );
    await judges.insertMany(
      judgeSeeds.map((j, i) => ({
        id: demoId('judge', i + 1),
        competitionId,
        userId: judgeUsers[i]!.id,
        name: j.name,
        email: judgeUsers[i]!.email,
        organization: j.organization,
        country: j.country,
        expertise: j.expertise.map((code) => trackByCode.get(code)!.id),
        capacity: 20,
        invitationAcceptedAt: now,
      })),
      tx,
    );

    // Sixty teams: ten per track, spread over twelve countries.
    const teamRows = Array.from({ length: 60 }, (_, i) => {
      const stem = orgStems[i % orgStems.length]!;
      const kind = orgKinds[(i * 7) % orgKinds.length]!;
      // Two teams share an organization with a judge, so the demo shows a detected conflict.
      const organization = i === 3 ? 'Zhejiang University' : i === 17 ? 'Alibaba Cloud' : `${stem} ${kind}`;
      return {
        id: demoId('team', i),
        competitionId,
        ownerId: i === 0 ? teamUser.id : null,
        name: `${stem} ${kind}${i >= orgStems.length ? ` ${Math.floor(i / orgStems.length) + 1}` : ''}`,
        organization,
        country: countries[i % countries.length]!,
      };
    });
    await entries.insertTeamsInBulk(teamRows, tx);
    await entries.insertMembersInBulk(
      teamRows.flatMap((team, i) =>
        [0, 1, 2].slice(0, 2 + (i % 2)).map((m) => {
          const given = givenNames[(i + m * 5) % givenNames.length]!;
          const family = familyNames[(i * 3 + m) % familyNames.length]!;
          return {
            teamId: team.id,
            name: `${given} ${family}`,
            email: `${slugify(given)}.${slugify(family)}@${slugify(team.organization)}.example`,
            position: m + 1,
          };
        }),
      ),
      tx,
    );
    const entryRows = teamRows.map((team, i) => {
      const code = trackSeeds[i % trackSeeds.length]!.code;
      const idea = projectIdeas[code]![Math.floor(i / trackSeeds.length) % 10]!;
      return {
        id: demoId('entry', i),
        competitionId,
        teamId: team.id,
        trackId: trackByCode.get(code)!.id,
        title: idea,
        summary: `${team.name} builds ${idea.toLowerCase()}: piloted with customers in ${team.country}, raising a seed round to scale across Asia and Europe.`,
        description: `## Problem\n${idea} addresses a need our customers feel every day.\n\n## Solution\nOur product combines domain know-how with modern software.\n\n## Traction\nPilots with paying customers.`,
        status: 'submitted' as const,
        // Two weeks ago, an hour apart, in the order of the teams.
        submittedAt: new Date(now.getTime() - 14 * day - (60 - i) * 3600_000),
      };
    });
    await entries.insertEntriesInBulk(entryRows, tx);

    if (storage) {
      const trackById = new Map(trackRows.map((t) => [t.id, t]));
      const teamById = new Map(teamRows.map((t) => [t.id, t]));
      const decks = entryRows.map((entry) => {
        const team = teamById.get(entry.teamId)!;
        const bytes = makePdfDeck({
          title: entry.title,
          lines: [
            `${team.name} (${team.organization}, ${team.country})`,
            `Track: ${trackById.get(entry.trackId)?.name ?? ''}`,
            '',
            entry.summary,
            '',
            'Straight to Wuzhen 2026 - demo pitch deck',
          ],
        });
        return { entry, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
      });
      for (const deck of decks) await storage.put(blobKey(deck.sha256), deck.bytes);
      await files.insertMany(
        decks.map(({ entry, bytes, sha256 }) => ({
          entryId: entry.id,
          kind: 'deck' as const,
          name: `${entry.title.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}-deck.pdf`,
          size: bytes.length,
          mime: 'application/pdf',
          sha256,
          storageKey: blobKey(sha256),
        })),
        tx,
      );
    }

    await seedDemoAwards(tx, competitionId, (code) => trackByCode.get(code)?.id);

    await audit.record(tx, {
      competitionId,
      actorId: organizerId,
      action: 'demo.seeded',
      entityType: 'competition',
      entityId: competitionId,
      after: {
        tracks: trackRows.length,
        teams: teamRows.length,
        entries: entryRows.length,
        judges: judgeUsers.length,
      },
    });
    return {
      competitionId,
      tracks: trackRows.length,
      teams: teamRows.length,
      entries: entryRows.length,
      judges: judgeUsers.length,
    };
  });
}
