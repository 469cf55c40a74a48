/**
 * A moment as a competition's people read it in a sentence: "7 December 2026 at 02:28
 * (Asia/Shanghai time)". Every date a refusal names is in the competition's own zone, as the pages
 * show them, never in UTC or the server's zone.
 */
export const inZone = (at: Date, timezone: string) =>
  `${new Intl.DateTimeFormat('en-GB', { timeZone: timezone, dateStyle: 'long', timeStyle: 'short' }).format(at)} (${timezone} time)`;
