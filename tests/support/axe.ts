import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { artifactsDir } from './browser.ts';

export type AxeCount = {
  page: string;
  critical: number;
  serious: number;
  moderate: number;
  minor: number;
  /** How long the scan took, for the test suite's own time budget. */
  ms: number;
};

/**
 * Runs axe-core (WCAG 2.1 A and AA) on what the page shows now, dialogs and drawers included,
 * appends the counts to `tests/.artifacts/axe.jsonl` for the report, and returns them with a
 * readable list of the critical and serious violations (empty when there are none).
 * `include` narrows the scan to those selectors (a page's main region, an open dialog) when the
 * rest of the page was scanned already.
 */
export async function axe(page: Page, name: string, include: string[] = []) {
  // Legacy mode runs axe in the page itself instead of finishing each scan in a new blank page, and
  // only violations are collected in full (passes are what the counts leave out anyway): together a
  // third of the time for the same violations, on a page of 300 rows. The app has no iframes, which
  // are what the non-legacy mode is for.
  const builder = new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .setLegacyMode(true)
    .options({ resultTypes: ['violations'] });
  for (const selector of include) builder.include(selector);
  const started = performance.now();
  const results = await builder.analyze();
  const ms = Math.round(performance.now() - started);
  const count: AxeCount = { page: name, critical: 0, serious: 0, moderate: 0, minor: 0, ms };
  const blocking: string[] = [];
  for (const violation of results.violations) {
    const impact = violation.impact ?? 'minor';
    count[impact] += violation.nodes.length;
    if (impact === 'critical' || impact === 'serious') {
      for (const node of violation.nodes.slice(0, 5)) {
        blocking.push(`${impact} ${violation.id}: ${node.target.join(' ')} — ${node.failureSummary ?? ''}`);
      }
    }
  }
  mkdirSync(artifactsDir, { recursive: true });
  appendFileSync(path.join(artifactsDir, 'axe.jsonl'), `${JSON.stringify(count)}\n`);
  return { ...count, blocking };
}
