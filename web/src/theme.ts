import {
  Badge,
  type CSSVariablesResolver,
  createTheme,
  Drawer,
  darken,
  defaultVariantColorsResolver,
  FileInput,
  luminance,
  Menu,
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
    // Nor does a row squeeze it: beside a long title, the title wraps, not the badge.
    root: { height: 'auto', minHeight: 'var(--badge-height)', maxWidth: '100%', flexShrink: 0 },
    label: { overflow: 'visible', textOverflow: 'clip', whiteSpace: 'normal', lineHeight: 1.25 },
  },
});

/**
 * Menus a screen reader reads as menus. Mantine puts a focusable placeholder with role
 * "presentation" first in every dropdown, which breaks the menu's list of items (axe:
 * aria-required-children, critical); without it, the arrow keys still lead into the items. A
 * coloured item (Remove, in red) writes in its colour's shade 6, 3.3:1 on white; inside an item,
 * shade 6 is the colour's readable text shade instead.
 */
const ReadableMenu = Menu.extend({
  defaultProps: { withInitialFocusPlaceholder: false },
  styles: (mantine) => ({
    item: Object.fromEntries(
      Object.keys(mantine.colors).map((name) => [
        `--mantine-color-${name}-6`,
        `var(--mantine-color-${name}-text)`,
      ]),
    ),
  }),
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
      Menu: ReadableMenu,
    },
  });

/** WCAG contrast of a colour against a lighter background (white by default). */
const onWhite = (color: string, background = '#ffffff') =>
  (luminance(background) + 0.05) / (luminance(color) + 0.05);
/**
 * 5:1 on white leaves room for the tinted and hovered backgrounds text also sits on (a light
 * badge's shade 0, a striped row) while staying above the 4.5:1 that small text needs.
 */
const readable = 5;
/** The colour, darkened in small steps until it reads on the background. */
const darkenToRead = (color: string, background = '#ffffff', target = readable) => {
  let amount = 0;
  while (onWhite(darken(color, amount), background) < target && amount < 0.9) amount += 0.05;
  return darken(color, amount);
};

/**
 * Each colour's shade for text and for filled buttons (white on it): the first of shades 7–9 that
 * reads at 5:1, or shade 9 darkened until it does. Mantine's shade 7 reads at only 3.8:1 in red,
 * 3.1:1 in teal, 2.8:1 in green and 2.1:1 in yellow; green, lime, yellow and orange have no shade
 * that reads at all, so they turn into darker greens and browns that still look like themselves.
 */
const readableShade = (shades: readonly string[]) =>
  shades.slice(7).find((shade) => onWhite(shade) >= readable) ?? darkenToRead(shades[9]!);

/** Light badges, alerts and buttons sit on their colour's lightest shade (0), not shade 1. */
const variantColorResolver: VariantColorsResolver = (input) => {
  const colors = defaultVariantColorsResolver(input);
  if (input.variant !== 'light') return colors;
  const parsed = parseThemeColor({ color: input.color ?? input.theme.primaryColor, theme: input.theme });
  if (!parsed.isThemeColor || !parsed.color || parsed.shade !== undefined) return colors;
  return {
    ...colors,
    background: `var(--mantine-color-${parsed.color}-0)`,
    hover: `var(--mantine-color-${parsed.color}-1)`,
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
    ...Object.fromEntries(
      Object.entries(resolved.colors).flatMap(([name, shades]) => {
        const shade = readableShade(shades);
        // Light variants write in shade 9 on shade 0, and on shade 1 when hovered.
        const lightText = darkenToRead(shades[9]!, shades[1]!, 4.6);
        return [
          [`--mantine-color-${name}-filled`, shade],
          [`--mantine-color-${name}-filled-hover`, darken(shade, 0.12)],
          [`--mantine-color-${name}-text`, shade],
          [`--mantine-color-${name}-outline`, shade],
          [`--mantine-color-${name}-light-color`, lightText],
        ];
      }),
    ),
    '--mantine-color-dimmed': resolved.colors.gray[7],
    // Field errors in red 6 read at 3.3:1; red 9 at 5.6:1.
    '--mantine-color-error': resolved.colors.red[9],
    // Placeholders (gray 5, 2.07:1) are read by people too, in file pickers and selects.
    '--mantine-color-placeholder': resolved.colors.gray[7],
    // Links in primary 7 read at 4.48:1 on a hovered table row (gray 1); primary 8 at 5.1:1,
    // and at 4.78:1 on gray 2, the darkest row background.
    '--mantine-color-anchor': resolved.colors[resolved.primaryColor]![8]!,
  },
  dark: {},
});
