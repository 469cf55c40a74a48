// Judges come from the files organizers have: a CSV and an XLSX, read in the browser, each row
// checked and shown with its problems before anything is stored, then imported all at once.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import { organizerEmail, organizerPassword, startTestApp, type TestApp } from '../support/app.ts';
import { axe } from '../support/axe.ts';
import { artifactsDir, launchBrowser, newPage, screenshot, signIn } from '../support/browser.ts';
import { createCompetition } from '../support/fixtures.ts';

let t: TestApp;
let browser: Browser;
let competitionId: string;

beforeAll(async () => {
  t = await startTestApp({ listen: true });
  const office = t.agent();
  await office.login(organizerEmail, organizerPassword);
  const { competition } = await createCompetition(office, {
    tracks: ['Artificial Intelligence', 'Digital Medicine', 'Open Source'],
  });
  competitionId = competition.id;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function accessible(page: Page, name: string) {
  const result = await axe(page, name);
  expect(result.blocking, `${name}: ${result.blocking.join('\n')}`).toEqual([]);
}

const countries = ['CN', 'DE', 'US', 'SG', 'FR', 'JP', 'KR', 'GB', 'IN', 'BR', 'CA', 'AU'];
const judgeRow = (i: number) => [
  `Judge ${i}`,
  `judge${i}@panel${i % 7}.example`,
  `Institute ${i % 20}`,
  countries[i % countries.length]!,
  ['AI;DM', 'DM', 'OS;AI'][i % 3]!,
  String(10 + (i % 5)),
];
const header = ['Full name', 'E-mail', 'Organisation', 'Country', 'Tracks', 'Capacity'];
const csv = (rows: string[][]) =>
  rows.map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')).join('\n');

describe('judges from a file', () => {
  test('a CSV with a bad row is refused at that row; the fixed file imports 150 judges', async () => {
    const { context, page } = await newPage(browser, t.baseUrl, { width: 1280, height: 900 });
    await signIn(page, organizerEmail, organizerPassword);
    await page.goto(`/organizer/competitions/${competitionId}/judges`);
    await page.getByRole('radiogroup', { name: 'What to do' }).getByText('Import a list').click();
    const fileInput = page.locator('input[type="file"]');

    const rows = Array.from({ length: 150 }, (_, i) => judgeRow(i + 1));
    const broken = rows.map((r) => [...r]);
    broken[4] = ['', 'not-an-email', 'X', 'Germany', 'Quantum', '10'];
    await fileInput.setInputFiles({
      name: 'judges.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv([header, ...broken])),
    });
    const problems = page.getByRole('alert').filter({ hasText: 'of 150 rows has a problem' });
    await problems.waitFor();
    // Row 6 of the file (the header is row 1) carries every problem of that row.
    const text = (await problems.textContent()) ?? '';
    expect(text).toMatch(/Row 6:.*name:.*email:.*country:.*no track "Quantum"/);
    expect(await page.getByRole('button', { name: 'Import 150 judges' }).isDisabled()).toBe(true);
    await accessible(page, 'judges, CSV import with a bad row');
    await screenshot(page, 'import-judges-csv-errors');

    await fileInput.setInputFiles({
      name: 'judges.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv([header, ...rows])),
    });
    await page.getByText('All 150 rows are ready').waitFor();
    await accessible(page, 'judges, CSV import ready');
    await screenshot(page, 'import-judges-csv-ready');
    await page.getByRole('button', { name: 'Import 150 judges' }).click();
    const office = t.agent();
    await office.login(organizerEmail, organizerPassword);
    await expect
      .poll(
        async () => (await office.get(`/api/v1/competitions/${competitionId}/judges`)).body.items.length,
        {
          timeout: 15_000,
        },
      )
      .toBe(150);
    const judges = (await office.get(`/api/v1/competitions/${competitionId}/judges`)).body.items;
    const first = judges.find((j: { email: string }) => j.email === 'judge1@panel1.example');
    expect(first).toMatchObject({ name: 'Judge 1', country: 'DE', organization: 'Institute 1' });
    // The page now lists 150 invitation links and 150 judges: a viewport is enough to look at.
    await page.screenshot({ path: path.join(artifactsDir, 'import-judges-done.png') });
    await context.close();
  });

  test('an XLSX file is read in the browser too', async () => {
    const buffer = await writeXlsxFile([
      header.map((value) => ({ value })),
      ...Array.from({ length: 3 }, (_, i) => judgeRow(500 + i).map((value) => ({ value }))),
    ]).toBuffer();
    const { context, page } = await newPage(browser, t.baseUrl, { width: 1280, height: 900 });
    await signIn(page, organizerEmail, organizerPassword);
    await page.goto(`/organizer/competitions/${competitionId}/judges`);
    await page.getByRole('radiogroup', { name: 'What to do' }).getByText('Import a list').click();
    await page.locator('input[type="file"]').setInputFiles({
      name: 'judges.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer,
    });
    await page.getByText('All 3 rows are ready').waitFor();
    const preview = page.getByRole('table', { name: 'Preview of the rows read' });
    expect(await preview.textContent()).toContain('judge500@panel3.example');
    await accessible(page, 'judges, XLSX import ready');
    await screenshot(page, 'import-judges-xlsx');
    await context.close();
  });
});
