import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { repoRoot } from '../../server/src/app/config.ts';

export const artifactsDir = path.join(repoRoot, 'tests', '.artifacts');

/** Debian's Chromium, headless, with the flags this closed network needs. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

const stillCss = '*, *::before, *::after { transition: none !important; animation: none !important; }';

/**
 * No transition or animation in the context's pages: a scan or a picture never catches a dialog
 * or a drawer half way (the context also asks for reduced motion, which Mantine honours).
 */
export async function keepStill(context: BrowserContext) {
  await context.addInitScript((css) => {
    document.addEventListener('DOMContentLoaded', () => {
      const style = document.createElement('style');
      style.textContent = css;
      document.head.append(style);
    });
  }, stillCss);
}

/**
 * A tablet-sized page by default: judges score on tablets. The reader prefers reduced motion and
 * nothing moves: an axe scan of a modal that is still fading out read its title at 1.09:1.
 */
export async function newPage(
  browser: Browser,
  baseURL: string,
  options: { width?: number; height?: number; locale?: string; timezoneId?: string } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: options.width ?? 1024, height: options.height ?? 768 },
    locale: options.locale ?? 'en-US',
    reducedMotion: 'reduce',
    // The device's own zone (the machine's when unset): a page must not read dates in it.
    ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
  });
  await keepStill(context);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/signin');
  await page.getByLabel(/email/i).fill(email);
  await page.getByLabel(/^password/i).fill(password);
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}
