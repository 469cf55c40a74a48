import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// mantine-first.css and mantine-later.css split @mantine/core's styles between the first pages and
// the rest. Together they must hold every component's styles once, in Mantine's own order (a
// component's rules may override the ones of a component before it).
const here = path.dirname(fileURLToPath(import.meta.url));
const mantineCore = path.dirname(createRequire(import.meta.url).resolve('@mantine/core/styles.css'));
const stylesDir = path.join(mantineCore, 'styles');
const whole = readFileSync(path.join(mantineCore, 'styles.css'), 'utf8');

const imported = (file: string) =>
  [
    ...readFileSync(path.join(here, file), 'utf8').matchAll(
      /@import "@mantine\/core\/styles\/([^"]+)\.css";/g,
    ),
  ].map((m) => m[1]!);
/** Where a component's rules start in styles.css, Mantine's order. */
const positionOf = (name: string) =>
  whole.indexOf(
    readFileSync(path.join(stylesDir, `${name}.css`), 'utf8')
      .trim()
      .slice(0, 120),
  );

describe("Mantine's styles, split in two", () => {
  const first = imported('mantine-first.css');
  const later = imported('mantine-later.css');
  const components = readdirSync(stylesDir)
    .filter((f) => f.endsWith('.css') && !f.endsWith('.layer.css'))
    .map((f) => f.replace(/\.css$/, ''));

  it('hold every component once', () => {
    expect([...first, ...later].sort()).toEqual([...components].sort());
  });

  it("keep Mantine's order in each file", () => {
    for (const list of [first, later]) {
      const positions = list.map(positionOf);
      expect(positions.every((p) => p >= 0)).toBe(true);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    }
  });

  it('start with the base styles the components build on', () => {
    expect(first.slice(0, 3)).toEqual(['baseline', 'default-css-variables', 'global']);
  });
});
