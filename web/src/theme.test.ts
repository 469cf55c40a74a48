import { DEFAULT_THEME, luminance } from '@mantine/core';
import { describe, expect, test } from 'vitest';
import { cssVariablesResolver, theme } from './theme.ts';

const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};
const resolved = { ...DEFAULT_THEME, ...theme, colors: DEFAULT_THEME.colors } as Parameters<
  typeof cssVariablesResolver
>[0];
const light = cssVariablesResolver(resolved).light as Record<string, string>;

describe('every theme colour reads at 4.5:1 or better', () => {
  test.each(Object.keys(DEFAULT_THEME.colors))(
    '%s: text and filled buttons on white, light badges on shade 0',
    (name) => {
      const filled = light[`--mantine-color-${name}-filled`]!;
      const text = light[`--mantine-color-${name}-text`]!;
      const lightColor = light[`--mantine-color-${name}-light-color`]!;
      expect(contrast(filled, '#ffffff')).toBeGreaterThanOrEqual(4.5);
      expect(contrast(text, '#ffffff')).toBeGreaterThanOrEqual(4.5);
      // A light badge or alert: its text on its colour's lightest shade, and on the next one (hover).
      expect(contrast(lightColor, DEFAULT_THEME.colors[name]![0]!)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(lightColor, DEFAULT_THEME.colors[name]![1]!)).toBeGreaterThanOrEqual(4.5);
    },
  );

  test('dimmed text, placeholders and field errors too', () => {
    for (const key of ['--mantine-color-dimmed', '--mantine-color-placeholder', '--mantine-color-error'])
      expect(contrast(light[key]!, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });
});
