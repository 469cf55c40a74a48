import { Badge, type CSSVariablesResolver, createTheme, Drawer, Modal, Notification } from '@mantine/core';

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
 * button (Mantine leaves them unnamed, and a screen reader then says only "button").
 */
export const themeFor = (closeLabel: string) =>
  createTheme({
    ...theme,
    components: {
      Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': closeLabel } } }),
      Drawer: Drawer.extend({ defaultProps: { closeButtonProps: { 'aria-label': closeLabel } } }),
      Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': closeLabel } } }),
      Badge: WholeBadge,
    },
  });

export const theme = createTheme({
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
  },
  dark: {},
});
