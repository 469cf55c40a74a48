import { createTheme } from '@mantine/core';

// System fonts with CJK faces listed, so Chinese renders in a proper Hei face on every platform.
const fontFamily =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif';

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
});
