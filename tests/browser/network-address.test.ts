// The web app from another device on the hall's network: served over plain http on an address that
// is not loopback. Browsers treat localhost as secure whatever the scheme; any other address shows
// what a judge's tablet sees.
import { networkInterfaces } from 'node:os';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { organizerEmail, organizerPassword, startTestApp, type TestApp } from '../support/app.ts';
import { launchBrowser, newPage, screenshot, signIn } from '../support/browser.ts';

/** This machine's first IPv4 address that is not loopback (eth0 on most machines). */
function lanAddress() {
  for (const addresses of Object.values(networkInterfaces()))
    for (const a of addresses ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return undefined;
}

const address = lanAddress();
let t: TestApp;
let browser: Browser;
let baseUrl = '';

beforeAll(async () => {
  if (!address)
    throw new Error(
      'This machine has no IPv4 address besides loopback; add one (ip link add lan0 type dummy; ip addr add 192.0.2.2/24 dev lan0; ip link set lan0 up).',
    );
  t = await startTestApp();
  baseUrl = await t.app.listen({ port: 0, host: address });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the web app over plain http from another address', () => {
  test('renders and signs in: no asset is sent to https', async () => {
    expect(new URL(baseUrl).hostname).not.toMatch(/^(127\.|localhost)/);
    const { context, page } = await newPage(browser, baseUrl);
    // Every request the page makes stays on plain http (signing in aborts a pending /auth/me, so
    // failures alone would not say it).
    const upgraded: string[] = [];
    page.on('request', (request) => {
      if (request.url().startsWith('https:')) upgraded.push(request.url());
    });
    await page.goto('/signin');
    await expect.poll(() => page.getByRole('button', { name: /sign in/i }).count()).toBeGreaterThan(0);
    await signIn(page, organizerEmail, organizerPassword);
    await expect.poll(() => page.getByRole('button', { name: /sign out/i }).count()).toBeGreaterThan(0);
    await screenshot(page, 'ops-lan-address-signed-in');
    expect(upgraded).toEqual([]);
    await context.close();
  });
});
