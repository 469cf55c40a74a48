// The demo's public results read in Chinese: a reader whose browser asks for Chinese sees the
// competition, award, track names and citations in Chinese, with no English name where a Chinese
// one was written, and English readers see the English ones.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedDemoOnce } from '../../server/src/modules/demo/demo.service.ts';
import { organizerEmail, organizerPassword, startTestApp, type TestApp } from '../support/app.ts';
import { axe } from '../support/axe.ts';
import { launchBrowser, newPage, screenshot } from '../support/browser.ts';

let t: TestApp;
let browser: Browser;

/** English names of the demo's awards and tracks, each of which has a Chinese version. */
const englishNames = [
  'Straight to Wuzhen 2026',
  'Grand Prize',
  'Digital Medical Care Award',
  'Artificial Intelligence',
  'Digital Medicine',
];

beforeAll(async () => {
  const storageDir = mkdtempSync(path.join(tmpdir(), 'wz-bilingual-'));
  t = await startTestApp({ listen: true, config: { STORAGE_DIR: storageDir } });
  await seedDemoOnce({ db: t.db, organizerEmail, storageDir });
  const office = t.agent();
  await office.login(organizerEmail, organizerPassword);
  const [competition] = await t.db.execute<{ id: string }>(
    sql`select id from competitions where slug = 'wuzhen-2026'`,
  );
  const awards = (await office.get(`/api/v1/competitions/${competition!.id}/awards`)).body.items as Array<{
    id: string;
    name: string;
  }>;
  // One submitted entry in Digital Medicine wins both the grand prize and the medical award.
  const [entry] = await t.db.execute<{ id: string }>(sql`
    select e.id from entries e join tracks t on t.id = e.track_id
     where e.competition_id = ${competition!.id} and e.status = 'submitted' and t.code = 'MED'
     order by e.id limit 1`);
  for (const [name, citation, citationZh] of [
    ['Grand Prize', 'For triage that reaches every village clinic.', '让每一个乡村诊所都能分诊。'],
    ['Digital Medical Care Award', 'Better care for the most patients.', '为最多的患者带来更好的医疗。'],
  ] as const) {
    const award = awards.find((a) => a.name === name)!;
    const chosen = await office.put(`/api/v1/awards/${award.id}/winners`, [
      { entryId: entry!.id, citation, citationZh },
    ]);
    expect(chosen.status, JSON.stringify(chosen.body)).toBe(200);
  }
  expect((await office.post(`/api/v1/competitions/${competition!.id}/publish`, {})).status).toBe(200);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('public results in the reader’s language', () => {
  test('a Chinese reader sees Chinese names and citations, and no English name that has a Chinese one', async () => {
    const { context, page } = await newPage(browser, t.baseUrl, {
      locale: 'zh-CN',
      width: 1280,
      height: 900,
    });
    await page.goto('/c/wuzhen-2026/results');
    await page.getByRole('heading', { level: 1, name: '2026“直通乌镇”全球互联网大赛' }).waitFor();
    const main = page.getByRole('main');
    await expect.poll(() => main.textContent()).toContain('特等奖');
    const text = (await main.textContent()) ?? '';
    expect(text).toContain('数字医疗专项奖');
    expect(text).toContain('数字医疗');
    expect(text).toContain('让每一个乡村诊所都能分诊。');
    for (const english of englishNames)
      expect(text, `“${english}” on the Chinese page`).not.toContain(english);
    const result = await axe(page, 'public results (zh-CN, bilingual)');
    expect(result.blocking).toEqual([]);
    await screenshot(page, 'bilingual-results-zh');
    await context.close();
  });

  test('an English reader sees the English names', async () => {
    const { context, page } = await newPage(browser, t.baseUrl, {
      locale: 'en-US',
      width: 768,
      height: 1000,
    });
    await page.goto('/c/wuzhen-2026/results');
    const main = page.getByRole('main');
    await expect.poll(() => main.textContent()).toContain('Grand Prize');
    const text = (await main.textContent()) ?? '';
    expect(text).toContain('For triage that reaches every village clinic.');
    expect(text).not.toContain('特等奖');
    await screenshot(page, 'bilingual-results-en-tablet');
    await context.close();
  });
});
