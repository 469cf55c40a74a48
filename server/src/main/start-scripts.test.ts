import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nodeFlagsOf } from '../../../tests/bench/support/bench-kit.ts';

const scriptsOf = (file: string) =>
  (JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as { scripts: Record<string, string> })
    .scripts;

describe('the start scripts', () => {
  const root = scriptsOf('../../../package.json');
  const server = scriptsOf('../../package.json');

  it('start every API process with the same Node flags, the young generation sized for load', () => {
    // A 64 MB semi-space: with 200 judges saving at once the default 16 MB one was scavenged so
    // often that the collector took 12% of the API's CPU (tests/bench/review-load.ts).
    const flags = nodeFlagsOf(server.api!);
    expect(flags).toContain('--max-semi-space-size=64');
    expect(nodeFlagsOf(server.start!)).toEqual(flags);
    expect(nodeFlagsOf(root.start!)).toEqual(flags);
  });
});
