import type { Agent } from './app.ts';

export const rubric = [
  { key: 'innovation', label: 'Innovation', weight: 0.4, min: 1, max: 10 },
  { key: 'market', label: 'Market', weight: 0.3, min: 1, max: 10 },
  { key: 'team', label: 'Team', weight: 0.3, min: 1, max: 10 },
];

let counter = 0;

/** A competition with tracks and rounds, made through the API as an organizer would. */
export async function createCompetition(
  organizer: Agent,
  options: {
    tracks?: string[];
    submissionClosesAt?: string;
    rounds?: Array<Record<string, unknown>>;
  } = {},
) {
  counter += 1;
  const slug = `cup-${Date.now().toString(36)}-${counter}`;
  const created = await organizer.post('/api/v1/competitions', {
    name: `Test Cup ${counter}`,
    slug,
    timezone: 'Asia/Shanghai',
    submissionClosesAt: options.submissionClosesAt ?? new Date(Date.now() + 7 * 24 * 3600_000).toISOString(),
  });
  if (created.status !== 201)
    throw new Error(`create competition: ${created.status} ${JSON.stringify(created.body)}`);
  const competition = created.body.competition;
  const tracks = [];
  for (const name of options.tracks ?? ['Artificial Intelligence', 'Digital Medicine']) {
    const reply = await organizer.post(`/api/v1/competitions/${competition.id}/tracks`, { name });
    if (reply.status !== 201) throw new Error(`create track: ${reply.status} ${JSON.stringify(reply.body)}`);
    tracks.push(reply.body.track);
  }
  const rounds = [];
  for (const round of options.rounds ?? [
    { name: 'Online preliminary', kind: 'review', reviewsPerEntry: 3, judgeCapacity: 10, criteria: rubric },
  ]) {
    const reply = await organizer.post(`/api/v1/competitions/${competition.id}/rounds`, round);
    if (reply.status !== 201) throw new Error(`create round: ${reply.status} ${JSON.stringify(reply.body)}`);
    rounds.push(reply.body.round);
  }
  return { competition, tracks, rounds, slug };
}
