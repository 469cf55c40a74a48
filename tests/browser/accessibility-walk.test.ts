// Every page of the web app, as each role that can see it, in English and in Simplified Chinese,
// with the dialogs, drawers and menus reachable on it opened: axe-core finds no critical or
// serious violation, and no badge cuts its words short at desktop or tablet width. The demo is
// played to its end first (preliminary tallied, final scored and tallied, awards published,
// feedback released), so every page shows what it shows on a finished competition.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { repoRoot } from '../../server/src/app/config.ts';
import { demoJudgeEmail, demoPassword, demoTeamEmail } from '../../server/src/modules/demo/demo.seed.ts';
import { seedDemoOnce } from '../../server/src/modules/demo/demo.service.ts';
import { waitForJob } from '../integration/reviews.fixtures.ts';
import { type Agent, organizerEmail, organizerPassword, startTestApp, type TestApp } from '../support/app.ts';
import { axe } from '../support/axe.ts';
import { artifactsDir, keepStill, launchBrowser } from '../support/browser.ts';

type Language = 'en' | 'zh-CN';
type Role = 'public' | 'organizer' | 'judge' | 'team';
const languages: Language[] = ['en', 'zh-CN'];

/** A string from the web app's catalogues, so a dialog opens by the name the reader sees. */
const catalogues = new Map<string, Record<string, unknown>>();
function tr(language: Language, key: string, values: Record<string, string> = {}): string {
  const [namespace, dotted] = key.includes(':') ? key.split(':') : ['translation', key];
  const file =
    namespace === 'translation'
      ? path.join(repoRoot, 'web/src/i18n', `${language}.json`)
      : path.join(repoRoot, 'web/src/i18n/locales', language, `${namespace}.json`);
  let catalogue = catalogues.get(file);
  if (!catalogue) {
    catalogue = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    catalogues.set(file, catalogue);
  }
  let value: unknown = catalogue;
  for (const part of dotted!.split('.')) value = (value as Record<string, unknown> | undefined)?.[part];
  if (typeof value !== 'string') throw new Error(`No string ${key} in ${language}`);
  return value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name] ?? '');
}

/** A dialog, drawer or menu to open on a page; `open` answers false when the page offers none. */
type Overlay = { name: string; open: (page: Page, language: Language) => Promise<boolean | undefined> };
type Visit = {
  role: Role;
  name: string;
  path: () => string;
  overlays?: Overlay[];
  /** What else the page must show. */
  expects?: (page: Page) => Promise<void>;
};

let t: TestApp;
let browser: Browser;
const demo = {
  competitionId: '',
  setupCompetitionId: '',
  preliminary: '',
  final: '',
  judgeAssignment: '',
  teamId: '',
  entryId: '',
  invitationToken: '',
  firstAwardName: { en: '', 'zh-CN': '' } as Record<Language, string>,
};
const judgeEmail = demoJudgeEmail(1);

type Row = {
  page: string;
  language: Language;
  critical: number;
  serious: number;
  moderate: number;
  minor: number;
};
const table: Row[] = [];
const unreachable: string[] = [];
/** What one role's walk found: critical or serious violations, and badges cut short. */
type Findings = { blocking: string[]; truncated: string[] };

/** Plays the demo to its end through the API, as its organizer and judges would. */
async function finishDemo(office: Agent) {
  const rounds = await t.db.execute<{ id: string }>(
    sql`select id from rounds where competition_id = ${demo.competitionId} order by position`,
  );
  [demo.preliminary, demo.final] = [rounds[0]!.id, rounds[1]!.id];
  const rubric = await t.db.execute<{ key: string; max: number }>(
    sql`select key, max from criteria where round_id = ${demo.final} order by position`,
  );
  const panel = await t.db.execute<{ email: string }>(sql`
    select distinct j.email from assignments a join judges j on j.id = a.judge_id
     where a.round_id = ${demo.final} order by j.email`);
  const judges: Agent[] = [];
  for (const { email } of panel) {
    const agent = t.agent();
    await agent.login(email, demoPassword);
    judges.push(agent);
  }
  const liveUrl = `/api/v1/rounds/${demo.final}/live`;
  const lineup = (await office.get(liveUrl)).body.live.lineup as Array<{ id: string }>;
  for (const [position, entry] of lineup.entries()) {
    expect((await office.post(liveUrl, { action: 'next', entryId: entry.id })).status).toBe(200);
    expect((await office.post(liveUrl, { action: 'start' })).status).toBe(200);
    for (const [k, judge] of judges.entries()) {
      const mine = (await judge.get(liveUrl)).body.live.mine;
      if (!mine) continue;
      const score = (c: { max: number }) => Math.max(1, c.max - ((position + k) % 4) - (position % 3));
      const reply = await judge.put(`/api/v1/assignments/${mine.assignmentId}/review`, {
        scores: Object.fromEntries(rubric.map((c) => [c.key, score(c)])),
        comment: 'A clear pitch; the questions were answered well.',
        submit: true,
      });
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    }
    await office.post(liveUrl, { action: 'close' });
  }
  const tally = await office.post(`/api/v1/rounds/${demo.final}/tally`, {});
  expect(tally.status, JSON.stringify(tally.body)).toBe(202);
  expect((await waitForJob(office, tally.body.jobId, 60_000)).state).toBe('completed');

  const awards = (await office.get(`/api/v1/competitions/${demo.competitionId}/awards`)).body.items as Array<{
    id: string;
    name: string;
    nameZh: string | null;
    kind: 'prize' | 'special';
    slots: number;
  }>;
  const prized = new Set<string>();
  for (const award of awards) {
    const suggestions = (await office.get(`/api/v1/awards/${award.id}/suggestions`)).body.items as Array<{
      entryId: string;
    }>;
    const winners = suggestions
      .filter((s) => award.kind === 'special' || !prized.has(s.entryId))
      .slice(0, award.slots)
      .map((s) => ({
        entryId: s.entryId,
        citation: 'For a product that people already rely on.',
        citationZh: '为人们已经依赖的产品。',
      }));
    if (winners.length === 0) continue;
    const chosen = await office.put(`/api/v1/awards/${award.id}/winners`, winners);
    expect(chosen.status, JSON.stringify(chosen.body)).toBe(200);
    if (award.kind === 'prize') for (const w of winners) prized.add(w.entryId);
  }
  demo.firstAwardName = { en: awards[0]!.name, 'zh-CN': awards[0]!.nameZh ?? awards[0]!.name };
  expect((await office.post(`/api/v1/competitions/${demo.competitionId}/publish`, {})).status).toBe(200);
  const released = await office.post(`/api/v1/rounds/${demo.preliminary}/feedback`, { released: true });
  expect(released.status, JSON.stringify(released.body)).toBeLessThan(300);
}

beforeAll(async () => {
  rmSync(path.join(artifactsDir, 'accessibility-walk-blocking.txt'), { force: true });
  const storageDir = mkdtempSync(path.join(tmpdir(), 'wz-axe-'));
  t = await startTestApp({
    listen: true,
    worker: true,
    config: { LOGIN_RATE_LIMIT: 1000, STORAGE_DIR: storageDir },
  });
  const seeded = await seedDemoOnce({ db: t.db, organizerEmail, storageDir });
  demo.competitionId = seeded!.competitionId;
  demo.setupCompetitionId = seeded!.setupCompetitionId;
  const office = t.agent();
  await office.login(organizerEmail, organizerPassword);
  await finishDemo(office);

  // A co-organizer (the remove dialog needs one) and a judge still invited (the invitation page).
  await office.post(`/api/v1/competitions/${demo.competitionId}/organizers`, { email: 'co@wuzhen.test' });
  const [track] = await t.db.execute<{ id: string }>(
    sql`select id from tracks where competition_id = ${demo.competitionId} order by position limit 1`,
  );
  const invited = await office.post(`/api/v1/competitions/${demo.competitionId}/judges`, {
    name: 'Ingrid Invited',
    email: 'ingrid@judges.example',
    organization: 'Nordic Health Lab',
    country: 'NO',
    expertise: [track!.id],
  });
  expect(invited.status, JSON.stringify(invited.body)).toBe(201);
  demo.invitationToken = String(invited.body.invitationUrl).split('/').pop()!;

  const [assignment] = await t.db.execute<{ id: string }>(sql`
    select a.id from assignments a join judges j on j.id = a.judge_id
     where a.round_id = ${demo.preliminary} and j.email = ${judgeEmail} order by a.id limit 1`);
  demo.judgeAssignment = assignment!.id;
  const [entry] = await t.db.execute<{ id: string; team_id: string }>(sql`
    select e.id, e.team_id from entries e join teams tm on tm.id = e.team_id
      join users u on u.id = tm.owner_id where u.email = ${demoTeamEmail} limit 1`);
  [demo.entryId, demo.teamId] = [entry!.id, entry!.team_id];
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
  const lines = [
    '| page | language | critical | serious | moderate | minor |',
    '|---|---|---|---|---|---|',
    // The walks run side by side: each page once, its languages together.
    ...table
      .map((row, i) => ({ row, first: table.findIndex((r) => r.page === row.page), i }))
      .sort((a, b) => a.first - b.first || a.row.language.localeCompare(b.row.language) || a.i - b.i)
      .map(({ row }) => row)
      .map(
        (r) => `| ${r.page} | ${r.language} | ${r.critical} | ${r.serious} | ${r.moderate} | ${r.minor} |`,
      ),
  ];
  writeFileSync(path.join(artifactsDir, 'accessibility-walk.md'), `${lines.join('\n')}\n`);
  console.log(`axe counts per page and language:\n${lines.join('\n')}`);
  if (unreachable.length) console.log(`Not offered in the finished demo:\n${unreachable.join('\n')}`);
});

// ── Helpers ──

const reducedMotion = { reducedMotion: 'reduce' as const };

async function contextFor(role: Role): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: t.baseUrl,
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
    timezoneId: 'America/New_York',
    ...reducedMotion,
  });
  await keepStill(context);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const credentials: Record<Role, [string, string] | null> = {
    public: null,
    organizer: [organizerEmail, organizerPassword],
    judge: [judgeEmail, demoPassword],
    team: [demoTeamEmail, demoPassword],
  };
  const login = credentials[role];
  if (login) {
    const reply = await page.request.post('/api/v1/auth/login', {
      data: { email: login[0], password: login[1] },
    });
    expect(reply.status()).toBe(200);
  }
  return { context, page };
}

/**
 * Two frames: what React rendered last is laid out and painted. A page the compositor skips
 * meanwhile gets no frame at all, so a tenth of a second stands in for them then.
 */
const painted = (page: Page) =>
  page.evaluate(
    () =>
      new Promise((done) => {
        requestAnimationFrame(() => requestAnimationFrame(done));
        setTimeout(done, 100);
      }),
  );

/** Waits until the page has its heading and no region is still loading. */
async function settle(page: Page) {
  await page.locator('h1, h2').first().waitFor();
  await page.waitForFunction(() => !document.querySelector('[role="status"] .mantine-Loader-root'), null, {
    timeout: 30_000,
  });
  await painted(page);
}

/** Badges whose words do not fit: their text is wider than the badge shows. */
async function cutBadges(page: Page) {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('.mantine-Badge-root, .mantine-Badge-label'))
      .filter((el) => el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1)
      .map((el) => el.textContent ?? ''),
  );
}

async function check(page: Page, label: string, language: Language, found: Findings, include: string[] = []) {
  const result = await axe(page, `${label} [${language}]`, include);
  table.push({ page: label, language, ...pick(result) });
  for (const line of result.blocking) {
    found.blocking.push(`${label} [${language}] ${line}`);
    // Written as found, so a walk cut short still says what it saw.
    appendFileSync(
      path.join(artifactsDir, 'accessibility-walk-blocking.txt'),
      `${label} [${language}] ${line}\n`,
    );
  }
  for (const text of await cutBadges(page)) found.truncated.push(`${label} [${language}] 1280px: ${text}`);
}

const pick = ({ critical, serious, moderate, minor }: Omit<Row, 'language'>) => ({
  critical,
  serious,
  moderate,
  minor,
});

async function setLanguage(page: Page, language: Language) {
  await page.goto('/signin');
  await page.evaluate((l) => localStorage.setItem('wuzhen.language', l), language);
}

const overlaySelector = '[role="dialog"], [role="menu"]';

/**
 * Walks the pages in each language. The first page is scanned whole, header and navigation
 * included; after it, only what changes from page to page (its main region) and then only the
 * open dialog, drawer or menu, which is closed with Escape as a reader would.
 */
async function walk(role: Role, visits: Visit[], walkLanguages: Language[] = languages): Promise<Findings> {
  const found: Findings = { blocking: [], truncated: [] };
  const { context, page } = await contextFor(role);
  for (const language of walkLanguages) {
    await setLanguage(page, language);
    let shellScanned = false;
    for (const visit of visits) {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(visit.path());
      await settle(page);
      await visit.expects?.(page);
      const hasMain = (await page.locator('main').count()) === 1;
      await check(page, `${role} ${visit.name}`, language, found, shellScanned && hasMain ? ['main'] : []);
      shellScanned ||= hasMain;
      // The tablet: badges still whole, and a picture to look at.
      await page.setViewportSize({ width: 768, height: 1024 });
      await painted(page);
      for (const text of await cutBadges(page))
        found.truncated.push(`${role} ${visit.name} [${language}] 768px: ${text}`);
      // What a tablet shows first (a full-page picture of a 60-row table costs more than it tells).
      await page.screenshot({
        path: path.join(
          artifactsDir,
          `walk-${role}-${visit.name.replace(/[^a-z0-9]+/gi, '-')}-${language}-768.png`,
        ),
      });
      await page.setViewportSize({ width: 1280, height: 900 });
      await painted(page);
      for (const overlay of visit.overlays ?? []) {
        const opened = await overlay.open(page, language);
        if (opened === false) {
          if (language === 'en') unreachable.push(`${role} ${visit.name}: ${overlay.name}`);
          continue;
        }
        await painted(page);
        const open = (await page.locator(overlaySelector).count()) > 0;
        await check(
          page,
          `${role} ${visit.name} › ${overlay.name}`,
          language,
          found,
          open ? [overlaySelector] : hasMain ? ['main'] : [],
        );
        if (language === 'zh-CN' || overlay.name.includes('drawer'))
          // What the reader sees with it open: the window, not the page scrolled out behind it.
          await page.screenshot({
            path: path.join(
              artifactsDir,
              `walk-${role}-${visit.name}-${overlay.name}-${language}.png`.replace(/[^a-z0-9.-]+/gi, '-'),
            ),
          });
        await page.keyboard.press('Escape');
        const closed = await page
          .locator(overlaySelector)
          .first()
          .waitFor({ state: 'detached', timeout: 5_000 })
          .then(
            () => true,
            () => false,
          );
        if (!closed) {
          await page.goto(visit.path());
          await settle(page);
        }
      }
    }
  }
  await context.close();
  return found;
}

/** Clicks a button by its accessible name if the page offers it; answers whether it did. */
const clickIf = async (page: Page, name: string | RegExp, nth = 0) => {
  const button = page.getByRole('button', { name, exact: typeof name === 'string' }).nth(nth);
  if (!(await button.isVisible().catch(() => false)) || !(await button.isEnabled())) return false;
  await button.click();
  return true;
};
const dialogOpen = async (page: Page) => {
  await page.getByRole('dialog').last().waitFor();
  return true;
};
const menuOpen = async (page: Page) => {
  await page.getByRole('menu').waitFor();
  return true;
};
const menuItem = async (page: Page, name: string) => {
  const item = page.getByRole('menuitem', { name, exact: true });
  if (!(await item.isEnabled())) return false;
  await item.click();
  return dialogOpen(page);
};

const judgeActions = (page: Page, l: Language) =>
  page
    .getByRole('button', { name: new RegExp(`^${tr(l, 'judges:table.actionsFor', { name: '.+' })}$`) })
    .first();
const org = (tab = '') => `/organizer/competitions/${demo.competitionId}${tab ? `/${tab}` : ''}`;

/**
 * The browser sits in New York; the demo competition is in Shanghai. Its dates read in Shanghai
 * time, with the zone named, and never in the reader's own.
 */
const inCompetitionZone = async (page: Page) => {
  await page.locator('main').getByText('Asia/Shanghai').first().waitFor();
  expect(await page.locator('main').textContent()).not.toContain('America/New_York');
};

/** The organizer's pages, the longest walk: each language is a test of its own. */
const organizerVisits = (): Visit[] => [
  { role: 'organizer', name: 'home', path: () => '/' },
  { role: 'organizer', name: 'competitions', path: () => '/organizer' },
  { role: 'organizer', name: 'new competition', path: () => '/organizer/competitions/new' },
  {
    role: 'organizer',
    name: 'overview',
    path: () => org(),
    overlays: [
      {
        name: 'remove co-organizer dialog',
        open: async (page, l) =>
          (await clickIf(
            page,
            tr(l, 'setup:organizers.removeNamed', {
              action: tr(l, 'setup:organizers.remove'),
              email: 'co@wuzhen.test',
            }),
          )) && dialogOpen(page),
      },
    ],
  },
  {
    role: 'organizer',
    name: 'overview in setup',
    path: () => `/organizer/competitions/${demo.setupCompetitionId}`,
    overlays: [
      {
        name: 'remove track dialog',
        open: async (page, l) =>
          (await clickIf(page, new RegExp(`^${tr(l, 'setup:tracks.removeNamed', { name: '.+' })}$`))) &&
          dialogOpen(page),
      },
    ],
  },
  { role: 'organizer', name: 'rounds', path: () => org('rounds') },
  {
    role: 'organizer',
    name: 'entries',
    path: () => org('entries'),
    overlays: [
      {
        name: 'entry drawer',
        open: async (page) => {
          await page.locator('table tbody tr button').first().click();
          return dialogOpen(page);
        },
      },
    ],
  },
  {
    role: 'organizer',
    name: 'judges',
    path: () => org('judges'),
    overlays: [
      {
        name: 'judge menu',
        open: async (page, l) => {
          await judgeActions(page, l).click();
          return menuOpen(page);
        },
      },
      {
        name: 'edit judge dialog',
        open: async (page, l) => {
          await judgeActions(page, l).click();
          return menuItem(page, tr(l, 'judges:actions.edit'));
        },
      },
      {
        name: 'remove judge dialog',
        open: async (page, l) => {
          await judgeActions(page, l).click();
          return menuItem(page, tr(l, 'judges:actions.remove'));
        },
      },
    ],
  },
  { role: 'organizer', name: 'assignment', path: () => org('assignment') },
  { role: 'organizer', name: 'reviews', path: () => org('reviews') },
  {
    role: 'organizer',
    name: 'results',
    path: () => org('results'),
    overlays: [
      {
        name: 'advance dialog',
        open: async (page, l) => (await clickIf(page, tr(l, 'tally:snapshot.advance'))) && dialogOpen(page),
      },
    ],
  },
  {
    role: 'organizer',
    name: 'awards',
    path: () => org('awards'),
    overlays: [
      {
        name: 'new award dialog',
        open: async (page, l) => (await clickIf(page, tr(l, 'awards:actions.new'))) && dialogOpen(page),
      },
      {
        name: 'winners drawer',
        open: async (page, l) =>
          (await clickIf(page, tr(l, 'awards:actions.chooseNamed', { name: demo.firstAwardName[l] }))) &&
          dialogOpen(page),
      },
      {
        name: 'award menu',
        open: async (page, l) =>
          (await clickIf(page, tr(l, 'awards:actions.moreNamed', { name: demo.firstAwardName[l] }))) &&
          menuOpen(page),
      },
      {
        name: 'citations dialog',
        open: async (page, l) =>
          (await clickIf(page, tr(l, 'awards:actions.moreNamed', { name: demo.firstAwardName[l] }))) &&
          menuItem(page, tr(l, 'awards:citations.open')),
      },
    ],
  },
  { role: 'organizer', name: 'audit', path: () => org('audit') },
  { role: 'organizer', name: 'ceremony', path: () => org('ceremony') },
  { role: 'organizer', name: 'competition outbox', path: () => org('outbox') },
  { role: 'organizer', name: 'outbox', path: () => '/outbox' },
  { role: 'organizer', name: 'profile', path: () => '/profile' },
];

// ── The walk ──

/**
 * A walk visits dozens of pages, side by side with the others, on a machine other suites share:
 * each organizer walk took 400 s in one such run.
 */
const walkTimeout = 600_000;

describe.concurrent('every page reads to a screen reader and at 4.5:1, in both languages', () => {
  test(
    'signed out: home, accounts, invitation, public results, big screen, print, not found',
    async () => {
      const { blocking, truncated } = await walk('public', [
        { role: 'public', name: 'home', path: () => '/' },
        {
          role: 'public',
          name: 'sign in',
          path: () => '/signin',
          overlays: [
            {
              // Not an overlay, a state: a wrong password reads as a sentence in the reader's language.
              name: 'wrong password',
              open: async (page, l) => {
                await page.getByLabel(new RegExp(`^${tr(l, 'auth.fields.email')}`)).fill(organizerEmail);
                await page
                  .getByLabel(new RegExp(`^${tr(l, 'auth.fields.password')}`))
                  .fill('not the password');
                await page.getByRole('button', { name: tr(l, 'auth.signIn.submit'), exact: true }).click();
                const alert = page
                  .getByRole('alert')
                  .filter({ hasText: tr(l, 'apiErrors.invalidCredentials') })
                  .first();
                await alert.waitFor();
                const text = (await alert.textContent()) ?? '';
                expect(text).not.toMatch(/something went wrong|support|request id|requestId/i);
                return true;
              },
            },
          ],
        },
        { role: 'public', name: 'register', path: () => '/register' },
        { role: 'public', name: 'forgot password', path: () => '/forgot-password' },
        { role: 'public', name: 'reset password', path: () => '/reset-password?token=not-a-real-token' },
        { role: 'public', name: 'verify email', path: () => '/verify-email?token=not-a-real-token' },
        { role: 'public', name: 'invitation', path: () => `/invite/${demo.invitationToken}` },
        { role: 'public', name: 'public competitions', path: () => '/public' },
        { role: 'public', name: 'results', path: () => '/c/wuzhen-2026/results', expects: inCompetitionZone },
        { role: 'public', name: 'big screen', path: () => '/c/wuzhen-2026/screen' },
        { role: 'public', name: 'results print', path: () => '/c/wuzhen-2026/results/print' },
        { role: 'public', name: 'not found', path: () => '/no-such-page' },
      ]);
      expect(blocking).toEqual([]);
      expect(truncated).toEqual([]);
    },
    walkTimeout,
  );

  test.for(languages)(
    'organizer in %s: competitions, every tab with its dialogs and drawers, ceremony, outbox, profile',
    { timeout: walkTimeout },
    async (language) => {
      const { blocking, truncated } = await walk('organizer', organizerVisits(), [language]);
      expect(blocking).toEqual([]);
      expect(truncated).toEqual([]);
    },
  );

  test(
    'judge: assignments with their dialogs, a review, the live panel, profile',
    async () => {
      const { blocking, truncated } = await walk('judge', [
        { role: 'judge', name: 'home', path: () => '/' },
        {
          role: 'judge',
          name: 'assignments',
          path: () => '/judge',
          overlays: [
            {
              name: 'conflict dialog',
              open: async (page, l) =>
                (await clickIf(page, tr(l, 'assignment:mine.conflict'))) && dialogOpen(page),
            },
          ],
        },
        {
          role: 'judge',
          name: 'review',
          path: () => `/judge/assignments/${demo.judgeAssignment}`,
          expects: inCompetitionZone,
        },
        { role: 'judge', name: 'live panel', path: () => `/judge/live/${demo.final}` },
        { role: 'judge', name: 'profile', path: () => '/profile' },
      ]);
      expect(blocking).toEqual([]);
      expect(truncated).toEqual([]);
    },
    walkTimeout,
  );

  test(
    'team: home, team, entries, results, profile',
    async () => {
      const { blocking, truncated } = await walk('team', [
        { role: 'team', name: 'home', path: () => '/team' },
        { role: 'team', name: 'new team', path: () => '/team/new' },
        { role: 'team', name: 'edit team', path: () => `/team/teams/${demo.teamId}` },
        { role: 'team', name: 'new entry', path: () => `/team/teams/${demo.teamId}/entries/new` },
        { role: 'team', name: 'entry', path: () => `/team/entries/${demo.entryId}` },
        { role: 'team', name: 'results', path: () => '/my/results', expects: inCompetitionZone },
        { role: 'team', name: 'profile', path: () => '/profile' },
      ]);
      expect(blocking).toEqual([]);
      expect(truncated).toEqual([]);
    },
    walkTimeout,
  );
});
