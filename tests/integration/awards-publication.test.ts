// Publication at a set time: a delayed worker job, one per competition, replaced when rescheduled,
// gone when cancelled, and harmless if it fires after its schedule was moved.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createJobProcessors } from '../../server/src/app/processors.ts';
import { countRows, startTestApp, type TestApp } from '../support/app.ts';
import { type Setup, setupAwards } from './awards.fixtures.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ worker: true, listen: true });
});
afterAll(async () => t?.close());

async function withWinners(s: Setup, names: string[]) {
  const ids: string[] = [];
  for (const [i, name] of names.entries()) {
    const created = await s.organizer.post(`/api/v1/competitions/${s.competition.id}/awards`, {
      name,
      kind: 'prize',
      level: i + 1,
      slots: 1,
    });
    await s.organizer.put(`/api/v1/awards/${created.body.award.id}/winners`, [
      { entryId: s.entries[i]!.id, citation: `For ${name}` },
    ]);
    ids.push(created.body.award.id);
  }
  return ids;
}

async function waitForJob(s: Setup, jobId: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reply = await s.organizer.get(`/api/v1/jobs/${jobId}`);
    if (reply.status === 200 && (reply.body.state === 'completed' || reply.body.state === 'failed'))
      return reply.body;
    if (Date.now() > deadline) throw new Error(`job ${jobId} did not finish: ${JSON.stringify(reply.body)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const delayedJobs = () => t.app.deps.queues.queues.get('publication')!.getDelayedCount();

describe('scheduled publication', () => {
  test('a scheduled publication shows, is replaced by a reschedule, and publishes when its time comes', async () => {
    const s = await setupAwards(t, { perTrack: 2 });
    const ids = await withWinners(s, ['Grand Prize', 'First Prize']);
    const url = `/api/v1/competitions/${s.competition.id}/publish`;
    const delayedBefore = await delayedJobs();

    const far = new Date(Date.now() + 3600_000).toISOString();
    const scheduled = await s.organizer.post(url, { at: far });
    expect(scheduled.status).toBe(202);
    expect(scheduled.body.publication).toMatchObject({
      scheduledFor: far,
      jobId: `publication-${s.competition.id}`,
      resultsPublishedAt: null,
      publishedAwardIds: [],
    });
    const job = await s.organizer.get(`/api/v1/jobs/${scheduled.body.publication.jobId}`);
    expect(job.body).toMatchObject({ state: 'delayed', phase: 'Waiting for a worker', phaseKey: 'waiting' });
    expect(await delayedJobs()).toBe(delayedBefore + 1);

    // Rescheduling replaces the job: still one, now for the new time.
    const later = new Date(Date.now() + 7200_000).toISOString();
    const replaced = await s.organizer.post(url, { at: later });
    expect(replaced.body.publication).toMatchObject({
      scheduledFor: later,
      jobId: scheduled.body.publication.jobId,
    });
    expect(await delayedJobs()).toBe(delayedBefore + 1);
    const replacedJob = await t.app.deps.queues.getJob(scheduled.body.publication.jobId);
    expect(replacedJob?.payload.scheduledFor).toBe(later);

    const soon = new Date(Date.now() + 1_500).toISOString();
    const moved = await s.organizer.post(url, { at: soon });
    expect(moved.status).toBe(202);
    expect(moved.body.publication.scheduledFor).toBe(soon);
    expect(moved.body.publication.jobId).toBe(scheduled.body.publication.jobId);
    const shown = await s.organizer.get(url);
    expect(shown.body.publication).toMatchObject({
      scheduledFor: soon,
      awards: { total: 2, withWinners: 2, published: 0 },
    });

    // Until then, nothing is public.
    expect((await t.agent().get(`/api/v1/public/competitions/${s.slug}/results`)).body.awards).toEqual([]);

    // A viewer already watching hears of it from the worker.
    const controller = new AbortController();
    const stream = await fetch(`${t.baseUrl}/api/v1/public/competitions/${s.slug}/events`, {
      signal: controller.signal,
    });
    const reader = stream.body!.getReader();
    let text = '';
    const heard = (async () => {
      while (!text.includes('event: published')) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
    })();

    const finished = await waitForJob(s, moved.body.publication.jobId);
    expect(finished.state).toBe('completed');
    expect(finished.result.published.sort()).toEqual([...ids].sort());
    // The step names itself for a translation, with its numbers; the sentence is English.
    expect(finished).toMatchObject({
      phase: 'Published 2 awards',
      phaseKey: 'published',
      phaseValues: { count: 2 },
    });
    await heard;
    controller.abort();
    expect(text).toContain('event: published');

    const results = await t.agent().get(`/api/v1/public/competitions/${s.slug}/results`);
    expect(results.body.awards.map((a: { id: string }) => a.id)).toEqual(ids);
    expect(results.body.competition.resultsPublishedAt).not.toBeNull();
    const after = await s.organizer.get(url);
    expect(after.body.publication).toMatchObject({
      scheduledFor: null,
      jobId: null,
      awards: { published: 2 },
    });
    const audit = await s.organizer.get(`/api/v1/competitions/${s.competition.id}/audit?limit=10`);
    const actions = audit.body.items.map((a: { action: string }) => a.action);
    expect(actions.filter((a: string) => a === 'results.publication_scheduled')).toHaveLength(3);
    const published = audit.body.items.find((a: { action: string }) => a.action === 'results.published');
    expect(published.actorId).toBe((await s.organizer.get('/api/v1/auth/me')).body.user.id);
    expect(published.after.awardIds.sort()).toEqual([...ids].sort());
  });

  test('a cancelled schedule removes its job and publishes nothing', async () => {
    const s = await setupAwards(t, { perTrack: 1 });
    await withWinners(s, ['Only Prize']);
    const url = `/api/v1/competitions/${s.competition.id}/publish`;
    const scheduled = await s.organizer.post(url, { at: new Date(Date.now() + 3600_000).toISOString() });
    const jobId = scheduled.body.publication.jobId;
    const cancelled = await s.organizer.delete(url);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.publication).toMatchObject({ scheduledFor: null, jobId: null });
    expect((await s.organizer.get(`/api/v1/jobs/${jobId}`)).status).toBe(404);
    expect((await s.organizer.delete(url)).status).toBe(409);
    const audit = await s.organizer.get(`/api/v1/competitions/${s.competition.id}/audit?limit=3`);
    expect(audit.body.items[0].action).toBe('results.publication_cancelled');
    expect((await t.agent().get(`/api/v1/public/competitions/${s.slug}/results`)).body.awards).toEqual([]);
  });

  test('publishing now drops a pending schedule', async () => {
    const s = await setupAwards(t, { perTrack: 1 });
    await withWinners(s, ['Now Prize']);
    const url = `/api/v1/competitions/${s.competition.id}/publish`;
    const scheduled = await s.organizer.post(url, { at: new Date(Date.now() + 3600_000).toISOString() });
    const now = await s.organizer.post(url, {});
    expect(now.status).toBe(200);
    expect(now.body.publication).toMatchObject({ scheduledFor: null, awards: { published: 1 } });
    expect((await s.organizer.get(`/api/v1/jobs/${scheduled.body.publication.jobId}`)).status).toBe(404);
  });

  test('a job whose schedule was moved or cancelled since it was queued publishes nothing', async () => {
    const s = await setupAwards(t, { perTrack: 1 });
    await withWinners(s, ['Moved Prize']);
    const processor = createJobProcessors(t.app.services).publication!;
    const me = (await s.organizer.get('/api/v1/auth/me')).body.user.id;
    const events = await countRows(t, 'announcement_events');
    const result = (await processor(
      { competitionId: s.competition.id, requestedBy: me, scheduledFor: new Date().toISOString() },
      { progress: async () => {}, jobId: 'publication-test', attempt: 1 },
    )) as { published: string[]; skipped?: string };
    expect(result.published).toEqual([]);
    expect(result.skipped).toContain('rescheduled or cancelled');
    expect(
      (await s.organizer.get(`/api/v1/competitions/${s.competition.id}/publish`)).body.publication.awards
        .published,
    ).toBe(0);
    expect(await countRows(t, 'announcement_events')).toBe(events);
  });

  test('only the competition’s organizers may schedule, see or cancel', async () => {
    const s = await setupAwards(t, { perTrack: 1 });
    const url = `/api/v1/competitions/${s.competition.id}/publish`;
    const at = new Date(Date.now() + 3600_000).toISOString();
    for (const agent of [s.judgeAgent, s.teamAgent]) {
      expect((await agent.post(url, { at })).status).toBe(403);
      expect((await agent.get(url)).status).toBe(403);
      expect((await agent.delete(url)).status).toBe(403);
    }
    expect((await s.organizer.get(url)).body.publication.scheduledFor).toBeNull();
  });
});
