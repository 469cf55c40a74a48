// Issue 13's "done when", end to end: a new organizer, in the browser only, sets a competition up
// (tracks, two rounds with their rubric), imports 1,110 entries from an XLSX file and 150 judges
// from a CSV file, runs the assignment, the tally, the advancement, the final, the awards and the
// publication, and opens the public results page in English and in Simplified Chinese. axe runs on
// every page and dialog visited; the timing of each step and the axe counts per page are printed.
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tokenOf } from '../integration/assignment.fixtures.ts';
import { type Agent, organizerEmail, organizerPassword, startTestApp, type TestApp } from '../support/app.ts';
import type { AxeCount } from '../support/axe.ts';
import { artifactsDir, launchBrowser, newPage, screenshot, signIn } from '../support/browser.ts';
import {
  accessible as accessibleStep,
  addCriterion,
  addTracks,
  createCompetitionInBrowser,
  createRound,
  startNewRound,
} from '../support/setup-steps.ts';

let t: TestApp;
let browser: Browser;
/** The organizer's API agent: used only to check what the browser did, never to do it. */
let office: Agent;

const timings: Array<{ step: string; seconds: number }> = [];
const axeCounts: Array<AxeCount & { seconds: number }> = [];

/** axe on what the page shows now (0 critical/serious), with its counts and time kept for the report. */
async function accessible(page: Page, name: string) {
  const started = performance.now();
  const { blocking: _, ...count } = await accessibleStep(page, `pipeline: ${name}`);
  axeCounts.push({ ...count, seconds: (performance.now() - started) / 1000 });
}

/** Runs a step and records how long it took. */
async function timed<T>(step: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await run();
  } finally {
    timings.push({ step, seconds: (performance.now() - started) / 1000 });
  }
}

const shot = (page: Page, name: string) => screenshot(page, `pipeline-${name}`);

// ---- The organizer's files -------------------------------------------------------------------

const tracks = [
  { name: 'Artificial Intelligence', nameZh: '人工智能', code: 'AI' },
  { name: 'Digital Medicine', nameZh: '数字医疗', code: 'DM' },
  { name: 'Connected Vehicles', nameZh: '车联网', code: 'CV' },
  { name: 'New Energy', nameZh: '新能源', code: 'NE' },
];
/** What the organizer writes for the public, in each language; each reader sees only theirs. */
const content = {
  en: {
    competition: 'Wuzhen Innovation Cup 2027',
    award: 'Grand Prize',
    citation: 'For the project the final panel rated highest.',
  },
  zh: {
    competition: '乌镇创新大赛 2027',
    award: '特等奖',
    citation: '决赛评委评分最高的项目。',
  },
};
const countries = [
  'CN', 'DE', 'US', 'SG', 'FR', 'JP', 'KR', 'GB', 'IN', 'BR', 'CA', 'AU',
  'IL', 'NL', 'SE', 'CH', 'IT', 'ES', 'FI', 'DK', 'AE', 'TH', 'MY', 'ID',
]; // biome-ignore format: a table of 24 countries reads better in two lines
const words = [
  ['Edge', 'Quiet', 'Bright', 'Open', 'Swift', 'Clear', 'Deep', 'Green', 'Smart', 'Safe'],
  ['Vision', 'Harvest', 'Pulse', 'Grid', 'Route', 'Cell', 'Signal', 'Wave', 'Scan', 'Chain'],
  ['Labs', 'Robotics', 'Health', 'Mobility', 'Systems', 'Energy', 'Analytics', 'Works', 'AI', 'Bio'],
];
const entryCount = 1110;
const judgeCount = 150;

/** Row i of the entries sheet; every twelfth team brings a second entry on the next row. */
function entryRow(i: number) {
  const team = i - Math.floor(i / 12);
  const name = `${words[0]![team % 10]} ${words[1]![Math.floor(team / 10) % 10]} ${words[2]![Math.floor(team / 100) % 10]} ${team}`;
  const track = tracks[i % tracks.length]!;
  const country = countries[team % countries.length]!;
  return {
    team: name,
    organization: `${name.split(' ').slice(0, 2).join(' ')} Ltd (${country})`,
    country,
    members: `Founder ${team}; Engineer ${team}`,
    emails: `founder${team}@team${team}.example; engineer${team}@team${team}.example`,
    track: track.code,
    title: `${words[1]![i % 10]} ${['platform', 'sensor', 'model', 'service', 'toolkit'][i % 5]} for ${track.name.toLowerCase()} #${i + 1}`,
    summary: `What entry ${i + 1} does, for whom, and why now, in one sentence.`,
  };
}

async function entriesXlsx() {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Entries');
  sheet.addRow(['Team', 'Organization', 'Country', 'Members', 'Member emails', 'Track', 'Title', 'Summary']);
  for (let i = 0; i < entryCount; i++) {
    const r = entryRow(i);
    sheet.addRow([r.team, r.organization, r.country, r.members, r.emails, r.track, r.title, r.summary]);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

const judgesCsv = () => {
  const rows = [['Full name', 'E-mail', 'Organisation', 'Country', 'Tracks', 'Capacity']];
  for (let i = 1; i <= judgeCount; i++) {
    const expertise = [tracks[i % 4]!.code, tracks[(i + 1) % 4]!.code].join(';');
    rows.push([
      `Judge ${i}`,
      `judge${i}@panel${i % 9}.example`,
      `Institute of Studies ${i % 30}`,
      countries[(i * 7) % countries.length]!,
      expertise,
      '30',
    ]);
  }
  return rows.map((r) => r.map((c) => `"${c}"`).join(',')).join('\n');
};

// ---- What the steps share --------------------------------------------------------------------

let competitionId = '';
let slug = '';
const rounds = { preliminary: '', final: '' };
/** Invitation links the browser received when the judges were imported, by email. */
const invitations = new Map<string, string>();
const judgePassword = 'judge-password-1';
let organizer: Page;

beforeAll(async () => {
  t = await startTestApp({ listen: true, worker: true, config: { LOGIN_RATE_LIMIT: 10_000 } });
  office = t.agent();
  await office.login(organizerEmail, organizerPassword);
  browser = await launchBrowser();
  organizer = (await newPage(browser, t.baseUrl, { width: 1280, height: 900 })).page;
  organizer.setDefaultTimeout(30_000);
});
afterAll(async () => {
  const table = timings.map((s) => `${s.seconds.toFixed(1).padStart(7)} s  ${s.step}`).join('\n');
  const total = timings.reduce((sum, s) => sum + s.seconds, 0);
  const axeTable = axeCounts
    .map((c) => `${c.critical}/${c.serious}/${c.moderate}/${c.minor}  ${c.seconds.toFixed(1)} s  ${c.page}`)
    .join('\n');
  const axeTotal = axeCounts.reduce((sum, c) => sum + c.seconds, 0);
  console.log(
    `Organizer pipeline, step timings:\n${table}\n${total.toFixed(1).padStart(7)} s  total\n\n` +
      `axe per page (critical/serious/moderate/minor, time):\n${axeTable}\n` +
      `axe took ${axeTotal.toFixed(1)} s of the total.`,
  );
  await browser?.close();
  await t?.close();
});

/** The API's answer, checked: the pipeline's own checks go through the organizer's eyes. */
async function ok<T = any>(reply: Promise<{ status: number; body: T }>, status = 200): Promise<T> {
  const r = await reply;
  expect(r.status, JSON.stringify(r.body).slice(0, 500)).toBe(status);
  return r.body;
}

/** Runs `work` over `items`, `width` at a time. */
async function inBatches<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(work));
}

/**
 * Every judge with work in `roundId` signs in and submits all of it through the HTTP API, not the
 * browser: 3,000+ reviews typed by hand are not a browser journey. (One judge scores an entry in
 * the browser on a tablet, below.) Scores follow a hidden quality per entry, plus a judge's leaning.
 */
async function reviewThroughApi(roundId: string) {
  const round = (await ok(office.get(`/api/v1/rounds/${roundId}`))).round;
  const criteria: Array<{ key: string; min: number; max: number }> = round.criteria;
  const judges = (await ok(office.get(`/api/v1/competitions/${competitionId}/judges`))).items as Array<{
    email: string;
  }>;
  let submitted = 0;
  await inBatches(judges, 15, async (judge) => {
    const agent = t.agent();
    await agent.login(judge.email, judgePassword);
    const mine = (await ok(agent.get(`/api/v1/me/assignments?roundId=${roundId}`))).items as Array<{
      id: string;
      entry: { id: string };
      status: string;
    }>;
    const leaning = (Number(/judge(\d+)@/.exec(judge.email)![1]) % 3) - 1;
    for (const a of mine) {
      if (a.status === 'submitted' || a.status === 'recused') continue;
      const quality = Number.parseInt(a.entry.id.replace(/-/g, '').slice(-4), 16) % 7;
      const scores = Object.fromEntries(
        criteria.map((c) => [c.key, Math.max(c.min, Math.min(c.max, c.min + 2 + quality + leaning))]),
      );
      await ok(
        agent.put(`/api/v1/assignments/${a.id}/review`, {
          scores,
          comment: 'Clear and solid.',
          submit: true,
        }),
      );
      submitted += 1;
    }
  });
  return submitted;
}

// Steps share one competition and run in order; each gets room for a busy machine.
// Passed end to end on 6 December 2026 (13:01 UTC, 379 s of steps, axe 195 s of that): all ten
// steps, axe 0 critical/serious on all 27 pages and dialogs visited. Screenshots looked at: the
// invitation links (10 of 150 listed), the final's results, the winners drawer (the 9 finalists),
// and the public page in English (no Chinese text) and in Chinese (特等奖, 乌镇创新大赛 2027, the
// Chinese citation and track name; entry titles stay as the teams wrote them).
describe('a new organizer runs the whole competition in the browser', { timeout: 600_000 }, () => {
  test('1. creates the competition with its tracks and two rounds with a rubric', async () => {
    const page = organizer;
    await timed('sign in', () => signIn(page, organizerEmail, organizerPassword));
    await timed('create the competition', async () => {
      competitionId = await createCompetitionInBrowser(
        page,
        {
          name: content.en.competition,
          nameZh: content.zh.competition,
          submissionDeadline: '2030-06-30T23:59',
        },
        accessible,
      );
      await accessible(page, 'overview, new competition');
    });
    await timed('add 4 tracks', async () => {
      await addTracks(page, tracks);
      await accessible(page, 'overview, with tracks');
      await shot(page, '1-tracks');
    });
    await timed('add the preliminary with its rubric', async () => {
      await startNewRound(page, { name: 'Online preliminary', reviewsPerEntry: 3, judgeCapacity: 30 });
      await addCriterion(page, {
        label: 'Social impact',
        key: 'social_impact',
        description: 'Who is better off, and how many.',
        weight: '0.2',
      });
      await accessible(page, 'rounds, new round form');
      await shot(page, '1-round-form');
      await createRound(page, 1, 'Online preliminary');
    });
    await timed('add the final', async () => {
      await startNewRound(page, { name: 'Final in Wuzhen', reviewsPerEntry: 3, judgeCapacity: 10 });
      await createRound(page, 2, 'Final in Wuzhen');
      await accessible(page, 'rounds, two rounds');
      await shot(page, '1-rounds');
    });
    const { competition } = await ok(office.get(`/api/v1/competitions/${competitionId}`));
    slug = competition.slug;
    const listed = (await ok(office.get(`/api/v1/competitions/${competitionId}/rounds`))).items;
    [rounds.preliminary, rounds.final] = listed.map((r: { id: string }) => r.id);
    expect(listed.map((r: { criteria: unknown[] }) => r.criteria.length)).toEqual([4, 3]);
  });

  test('2. imports 150 judges from a CSV file, checked and previewed first', async () => {
    const page = organizer;
    await timed('import 150 judges (CSV)', async () => {
      await page.goto(`/organizer/competitions/${competitionId}/judges`);
      await page.getByRole('radiogroup', { name: 'What to do' }).getByText('Import a list').click();
      await page.locator('input[type="file"]').setInputFiles({
        name: 'judges.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(judgesCsv()),
      });
      await page.getByText(`All ${judgeCount} rows are ready`).waitFor();
      await accessible(page, 'judges, CSV preview');
      await shot(page, '2-judges-preview');
      // The links are shown once, to the browser that imported: keep them to hand out.
      const imported = page.waitForResponse(
        (r) => r.url().endsWith('/judges/import') && r.request().method() === 'POST',
      );
      await page.getByRole('button', { name: `Import ${judgeCount} judges` }).click();
      const body = (await (await imported).json()) as {
        items: Array<{ judge: { email: string }; invitationUrl: string }>;
      };
      for (const item of body.items) invitations.set(item.judge.email, item.invitationUrl);
      await page.getByRole('region', { name: /invitation links/i }).waitFor();
      await accessible(page, 'judges, imported with invitation links');
      await page.screenshot({ path: path.join(artifactsDir, 'pipeline-2-judges-imported.png') });
      // The first 10 links are listed; the rest on request ("Copy all" copies all 150 either way).
      const links = page.getByRole('region', { name: /invitation links/i });
      expect(await links.getByRole('button', { name: /^Copy the invitation link for / }).count()).toBe(10);
      await links.getByRole('button', { name: `Show all ${judgeCount} links` }).click();
      await expect
        .poll(() => links.getByRole('button', { name: /^Copy the invitation link for / }).count())
        .toBe(judgeCount);
    });
    expect(invitations.size).toBe(judgeCount);
  });

  test('3. imports 1,110 entries from an XLSX file, checked and previewed first', async () => {
    const page = organizer;
    await timed('import 1,110 entries', async () => {
      await page.goto(`/organizer/competitions/${competitionId}/entries`);
      await page.getByRole('button', { name: 'Import entries' }).click();
      await page
        .locator('input[type="file"]')
        .first()
        .setInputFiles({
          name: 'entries.xlsx',
          mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          buffer: await entriesXlsx(),
        });
      await page.getByText(`All ${entryCount} rows are ready`).waitFor({ timeout: 60_000 });
      await accessible(page, 'entries, XLSX preview');
      await page.getByRole('button', { name: `Import ${entryCount} entries` }).click();
      await page
        .getByText(new RegExp(`Imported \\d+ teams with ${entryCount} entries\\.`))
        .waitFor({ timeout: 60_000 });
      await accessible(page, 'entries, 1,110 imported');
      await page.screenshot({ path: path.join(artifactsDir, 'pipeline-3-entries.png') });
    });
    // Submissions are open until the deadline the organizer set, years away.
    await page.getByRole('tab', { name: 'Overview' }).click();
    await page.getByText(/^Submissions close in \d+ days/).waitFor();
  });

  test('4. runs the assignment of the preliminary', async () => {
    const page = organizer;
    await timed('assign the preliminary (3,330 reviews)', async () => {
      await page.goto(`/organizer/competitions/${competitionId}/assignment`);
      await page.getByRole('button', { name: 'Run assignment' }).click();
      // The deadline is years away: the first round's judges close submissions, and it asks first.
      const closing = page.getByRole('dialog', { name: 'Close submissions now?' });
      await closing.waitFor();
      await accessible(page, 'assignment, close-submissions dialog');
      await closing.getByRole('button', { name: 'Run and close submissions' }).click();
      await page.getByText('The assignment is done.').waitFor({ timeout: 120_000 });
      await page.getByText(`${entryCount} of ${entryCount} entries have all their judges`).waitFor();
      await accessible(page, 'assignment, preliminary done');
      await shot(page, '4-assignment');
    });
    await timed('submissions closed', async () => {
      await page.getByRole('tab', { name: 'Overview' }).click();
      await page.getByText(/^Submissions closed .* ago$/).waitFor();
      await accessible(page, 'overview, submissions closed');
    });
  });

  let tabletAssignment = '';
  test('5. a judge accepts the invitation and scores an entry on a tablet', async () => {
    await timed('judge 1: invitation and one review on a tablet', async () => {
      const { context, page } = await newPage(browser, t.baseUrl, { width: 768, height: 1024 });
      page.setDefaultTimeout(30_000);
      await page.goto(new URL(invitations.get('judge1@panel1.example')!).pathname);
      await page.getByRole('heading', { name: 'Welcome, Judge 1' }).waitFor();
      await accessible(page, 'judge invitation (tablet)');
      await page.getByLabel('Choose a password').fill(judgePassword);
      await page.getByLabel('Repeat the password').fill(judgePassword);
      await page.getByRole('button', { name: 'Accept and sign in' }).click();
      await page.waitForURL((url) => url.pathname === '/judge');
      await page.getByRole('heading', { name: 'Online preliminary' }).waitFor();
      await accessible(page, 'judge list (tablet)');
      await shot(page, '5-judge-list-tablet');
      const first = page.locator('a[href^="/judge/assignments/"]').first();
      tabletAssignment = (await first.getAttribute('href'))!.split('/').pop()!;
      await first.click();
      await page.getByRole('heading', { name: 'Your review' }).waitFor();
      for (const [label, value] of [
        ['Innovation', 8],
        ['Market potential', 7],
        ['Team', 9],
        ['Social impact', 6],
      ] as const) {
        await page
          .getByRole('radiogroup', { name: label, exact: true })
          .getByRole('radio', { name: String(value), exact: true })
          .check();
      }
      await page.getByLabel('Comment to the team').fill('A working prototype and a clear first market.');
      await accessible(page, 'judge review form (tablet)');
      await page.getByRole('button', { name: 'Submit review' }).click();
      await page.getByText('Review submitted. Thank you!').waitFor();
      await shot(page, '5-judge-review-tablet');
      await context.close();
    });
    expect(tabletAssignment).not.toBe('');
  });

  test('6. the other judges accept and submit their reviews (through the API)', async () => {
    const accepted = await timed('149 judges accept their invitations (API)', async () => {
      const others = [...invitations.entries()].filter(([email]) => email !== 'judge1@panel1.example');
      await inBatches(others, 10, async ([, url]) => {
        await ok(t.agent().post(`/api/v1/invitations/${tokenOf(url)}/accept`, { password: judgePassword }));
      });
      return others.length;
    });
    expect(accepted).toBe(judgeCount - 1);
    const submitted = await timed('reviews of the preliminary submitted (API)', () =>
      reviewThroughApi(rounds.preliminary),
    );
    // All but the one judge 1 submitted in the browser.
    expect(submitted).toBe(entryCount * 3 - 1);
  });

  test('7. reads the progress, runs the tally and reads the results', async () => {
    const page = organizer;
    await timed('reviews tab', async () => {
      await page.goto(`/organizer/competitions/${competitionId}/reviews`);
      await page.getByRole('heading', { name: 'Overall progress' }).waitFor();
      await accessible(page, 'reviews, preliminary complete');
      await shot(page, '7-reviews');
    });
    await timed('tally the preliminary', async () => {
      await page.goto(`/organizer/competitions/${competitionId}/results`);
      await page.getByRole('button', { name: 'Run the tally' }).click();
      // The worker's job: seconds alone (tests/bench/tally.ts), longer on a machine this shared.
      await page.getByRole('heading', { name: 'Latest tally' }).waitFor({ timeout: 240_000 });
      await page.getByText(`of ${entryCount} entries`).first().waitFor();
      // The ranking draws 100 rows at a time, not 1,110 at once.
      await page.getByText(`Showing 100 of ${entryCount} entries`).waitFor();
      expect(await page.getByTestId('result-row').count()).toBe(100);
      await accessible(page, 'results, preliminary tallied');
      await shot(page, '7-results');
      await page.getByRole('button', { name: 'Show 100 more (1010 not shown)' }).click();
      await page.getByText(`Showing 200 of ${entryCount} entries`).waitFor();
      expect(await page.getByTestId('result-row').count()).toBe(200);
    });
    await timed('advance the top 2 of each track', async () => {
      await page.getByRole('button', { name: 'Advance entries…' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Top entries per track').fill('2');
      await dialog.getByRole('button', { name: 'Preview' }).click();
      const heading = dialog.getByRole('heading', { name: /entries would advance to Final in Wuzhen/ });
      await heading.waitFor();
      await accessible(page, 'results, advance dialog');
      await shot(page, '7-advance');
      const count = Number(/^(\d+)/.exec((await heading.textContent()) ?? '')![1]);
      expect(count).toBeGreaterThanOrEqual(8);
      await dialog.getByRole('button', { name: `Advance ${count} entries` }).click();
      await page.getByText(`${count} entries advanced to Final in Wuzhen.`).waitFor();
    });
  });

  test('8. the final: assignment, reviews (API), tally', async () => {
    const page = organizer;
    const chooseFinal = async () => {
      await page.getByRole('combobox', { name: 'Round', exact: true }).click();
      await page.getByRole('option', { name: '2. Final in Wuzhen' }).click();
    };
    await timed('assign the final', async () => {
      await page.goto(`/organizer/competitions/${competitionId}/assignment`);
      await chooseFinal();
      await page.getByRole('button', { name: 'Run assignment' }).click();
      await page.getByText('The assignment is done.').waitFor({ timeout: 60_000 });
      await accessible(page, 'assignment, final done');
    });
    await timed('reviews of the final submitted (API)', () => reviewThroughApi(rounds.final));
    await timed('tally the final', async () => {
      await page.goto(`/organizer/competitions/${competitionId}/results`);
      await chooseFinal();
      await page.getByRole('button', { name: 'Run the tally' }).click();
      await page.getByRole('heading', { name: 'Latest tally' }).waitFor({ timeout: 180_000 });
      await accessible(page, 'results, final tallied');
      await shot(page, '8-final-results');
    });
  });

  let winner = '';
  test('9. creates an award, picks its winner from the suggestions, and publishes', async () => {
    const page = organizer;
    await timed('create the Grand Prize', async () => {
      await page.goto(`/organizer/competitions/${competitionId}/awards`);
      await page.getByRole('button', { name: 'New award' }).first().click();
      const form = page.getByRole('dialog', { name: 'New award' });
      await form.getByRole('textbox', { name: 'Name · English' }).fill(content.en.award);
      await form.getByRole('textbox', { name: 'Name · 中文' }).fill(content.zh.award);
      await form.getByRole('textbox', { name: 'Slots' }).fill('1');
      await accessible(page, 'awards, new award dialog');
      await shot(page, '9-award-form');
      await form.getByRole('button', { name: 'Add award' }).click();
      await page.getByText('Grand Prize was added.').waitFor();
      await form.waitFor({ state: 'detached' });
      await accessible(page, 'awards, one award');
    });
    await timed('choose the winner', async () => {
      await page.getByRole('button', { name: 'Choose winners: Grand Prize' }).click();
      const drawer = page.getByRole('dialog');
      await drawer.getByRole('heading', { name: 'Suggestions' }).waitFor();
      const choose = drawer.getByRole('button', { name: /^Choose / }).first();
      winner = ((await choose.getAttribute('aria-label')) ?? (await choose.textContent()) ?? '').replace(
        /^Choose /,
        '',
      );
      await choose.click();
      await drawer.getByText('1 of 1 slots filled').first().waitFor();
      await drawer
        .getByRole('textbox', { name: /^Citation · English/ })
        .first()
        .fill(content.en.citation);
      await drawer
        .getByRole('textbox', { name: /^Citation · 中文/ })
        .first()
        .fill(content.zh.citation);
      await accessible(page, 'awards, winners drawer');
      await shot(page, '9-winners');
      await drawer.getByRole('button', { name: 'Save winners' }).click();
      await page.getByText('The winners of Grand Prize were saved.').waitFor();
    });
    await timed('publish', async () => {
      await page.getByRole('button', { name: 'Publish now' }).click();
      const confirm = page.getByRole('dialog', { name: 'Publish now?' });
      await confirm.waitFor();
      await accessible(page, 'awards, publish dialog');
      await confirm.getByRole('button', { name: 'Publish now' }).click();
      await page.getByText('1 award is public.').waitFor();
      await accessible(page, 'awards, published');
      await shot(page, '9-published');
    });
    expect(winner).not.toBe('');
  });

  test('10. the public results page in English and in Simplified Chinese', async () => {
    const zhTexts = [
      content.zh.competition,
      content.zh.award,
      content.zh.citation,
      ...tracks.map((t) => t.nameZh),
    ];
    const enTexts = [
      content.en.competition,
      content.en.award,
      content.en.citation,
      ...tracks.map((t) => t.name),
    ];
    /** The page's text, and which of the other language's texts it shows (none, when right). */
    const strays = async (page: Page, others: string[]) => {
      const text = (await page.locator('main').textContent()) ?? '';
      return others.filter((o) => text.includes(o));
    };
    await timed('public page, English', async () => {
      const { context, page } = await newPage(browser, t.baseUrl, { width: 1280, height: 900 });
      await page.goto(`/c/${slug}/results`);
      await page.getByRole('heading', { name: content.en.award }).waitFor();
      await page.getByText(winner).first().waitFor();
      await page.getByText(content.en.citation).waitFor();
      await page.getByText(content.en.competition).first().waitFor();
      expect(await strays(page, zhTexts)).toEqual([]);
      await accessible(page, 'public results, English');
      await shot(page, '10-public-en');
      await context.close();
    });
    await timed('public page, Simplified Chinese', async () => {
      const { context, page } = await newPage(browser, t.baseUrl, {
        width: 1280,
        height: 900,
        locale: 'zh-CN',
      });
      await page.goto(`/c/${slug}/results`);
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
      await page.getByRole('heading', { name: content.zh.award }).waitFor();
      await page.getByText(winner).first().waitFor();
      await page.getByText(content.zh.citation).waitFor();
      await page.getByText(content.zh.competition).first().waitFor();
      expect(await strays(page, enTexts)).toEqual([]);
      await accessible(page, 'public results, Chinese');
      await shot(page, '10-public-zh');
      await context.close();
    });
  });
});
