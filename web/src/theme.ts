import {
  Badge,
  type CSSVariablesResolver,
  createTheme,
  Drawer,
  defaultVariantColorsResolver,
  FileInput,
  Modal,
  MultiSelect,
  Notification,
  parseThemeColor,
  Select,
  type VariantColorsResolver,
} from '@mantine/core';

// System fonts with CJK faces listed, so Chinese renders in a proper Hei face on every platform.
const fontFamily =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif';

/**
 * A badge never cuts its words short ("ACCEPT…"): in a narrow cell it wraps onto a second line
 * instead of ending in an ellipsis, so a status always reads whole.
 */
const WholeBadge = Badge.extend({
  styles: {
    root: { height: 'auto', minHeight: 'var(--badge-height)', maxWidth: '100%' },
    label: { overflow: 'visible', textOverflow: 'clip', whiteSpace: 'normal', lineHeight: 1.25 },
  },
});

/**
 * The theme, with the reader's word for "Close" on every dialog, drawer and notification close
 * button, and for "Clear" on every clearable field's button (Mantine leaves them unnamed, and a
 * screen reader then says only "button").
 */
export const themeFor = (closeLabel: string, clearLabel: string) =>
  createTheme({
    ...theme,
    components: {
      Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': closeLabel } } }),
      Drawer: Drawer.extend({ defaultProps: { closeButtonProps: { 'aria-label': closeLabel } } }),
      Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': closeLabel } } }),
      FileInput: FileInput.extend({ defaultProps: { clearButtonProps: { 'aria-label': clearLabel } } }),
      Select: Select.extend({ defaultProps: { clearButtonProps: { 'aria-label': clearLabel } } }),
      MultiSelect: MultiSelect.extend({ defaultProps: { clearButtonProps: { 'aria-label': clearLabel } } }),
      Badge: WholeBadge,
    },
  });

/**
 * Light badges, alerts and buttons, readable at 4.5:1 or better, the least small bold text needs:
 * they sit on their colour's lightest shade (0), not shade 1 (teal 9 on teal 1 reads at 4.32:1,
 * on teal 0 at 4.67:1); and orange and yellow, whose shade 9 reads at only 3.6:1 and 2.7:1, write
 * in browns that still look orange and yellow (5.6:1 and 6:1).
 */
const lightText: Partial<Record<string, string>> = { orange: '#a33b00', yellow: '#8f5000' };
const variantColorResolver: VariantColorsResolver = (input) => {
  const colors = defaultVariantColorsResolver(input);
  if (input.variant !== 'light') return colors;
  const parsed = parseThemeColor({ color: input.color ?? input.theme.primaryColor, theme: input.theme });
  if (!parsed.isThemeColor || !parsed.color || parsed.shade !== undefined) return colors;
  return {
    ...colors,
    background: `var(--mantine-color-${parsed.color}-0)`,
    hover: `var(--mantine-color-${parsed.color}-1)`,
    color: lightText[parsed.color] ?? colors.color,
  };
};

export const theme = createTheme({
  variantColorResolver,
  primaryColor: 'indigo',
  // Darker shades keep filled buttons and links above 4.5:1 contrast on white.
  primaryShade: 7,
  fontFamily,
  headings: { fontFamily },
  defaultRadius: 'md',
  focusRing: 'auto',
  respectReducedMotion: true,
  cursorType: 'pointer',
  components: { Badge: WholeBadge },
});

/**
 * Mantine's dimmed text (gray 6, 3.32:1 on white) fails WCAG AA for body text; gray 7 reads at
 * 7:1 and still looks secondary. Every `c="dimmed"` and input description takes it from here,
 * and every field error its red.
 */
export const cssVariablesResolver: CSSVariablesResolver = (resolved) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': resolved.colors.gray[7],
    // Field errors in red 6 read at 3.3:1; red 9 at 5.6:1.
    '--mantine-color-error': resolved.colors.red[9],
    // Placeholders (gray 5, 2.07:1) are read by people too, in file pickers and selects.
    '--mantine-color-placeholder': resolved.colors.gray[7],
    // Links in primary 6 read at 4.47:1 on a hovered table row; primary 7 at 5.3:1.
    '--mantine-color-anchor': resolved.colors[resolved.primaryColor]![7]!,
  },
  dark: {},
});
