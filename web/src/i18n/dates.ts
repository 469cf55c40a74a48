import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

const dayjsLocale = (lang: string) => (lang.toLowerCase().startsWith('zh') ? 'zh-cn' : 'en');

export function setDayjsLanguage(lang: string): void {
  dayjs.locale(dayjsLocale(lang));
}

/** Falls back to UTC for a zone the browser does not know, so a bad value never breaks a page. */
function inZone(iso: string, timeZone: string) {
  try {
    return dayjs(iso).tz(timeZone);
  } catch {
    return dayjs(iso).utc();
  }
}

/** `UTC+08:00` for Asia/Shanghai: the zone's offset at a given moment (DST changes it). */
export function utcOffsetLabel(timeZone: string, at: string | Date = new Date()): string {
  return `UTC${inZone(dayjs(at).toISOString(), timeZone).format('Z')}`;
}

/**
 * A moment as a person in the competition's time zone reads it, with the zone named so nobody
 * mistakes it for their own local time: `12 Jun 2026, 18:00 (Asia/Shanghai, UTC+08:00)`.
 */
export function formatDateTime(iso: string, timeZone: string, lang: string): string {
  const local = inZone(iso, timeZone).locale(dayjsLocale(lang));
  const pattern = dayjsLocale(lang) === 'zh-cn' ? 'YYYY年M月D日 HH:mm' : 'D MMM YYYY, HH:mm';
  const separator = dayjsLocale(lang) === 'zh-cn' ? '，' : ', ';
  const open = dayjsLocale(lang) === 'zh-cn' ? '（' : ' (';
  const close = dayjsLocale(lang) === 'zh-cn' ? '）' : ')';
  return `${local.format(pattern)}${open}${timeZone}${separator}UTC${local.format('Z')}${close}`;
}

/** The value of an `<input type="datetime-local">` showing this moment in the given zone. */
export function toZonedInputValue(iso: string, timeZone: string): string {
  return inZone(iso, timeZone).format('YYYY-MM-DDTHH:mm');
}

/**
 * Reads a `datetime-local` value as wall-clock time in the competition's zone (not the browser's)
 * and answers the ISO 8601 UTC instant, or null when the value is empty or not a date.
 */
export function fromZonedInputValue(value: string, timeZone: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  try {
    const instant = dayjs.tz(value, timeZone);
    return instant.isValid() ? instant.toISOString() : null;
  } catch {
    return null;
  }
}

export type TimeLeft = { past: boolean; days: number; hours: number; minutes: number };

/** Whole days, hours and minutes between now and a moment, and whether it has passed. */
export function timeLeft(iso: string, now: Date = new Date()): TimeLeft {
  const diff = new Date(iso).getTime() - now.getTime();
  const minutesTotal = Math.floor(Math.abs(diff) / 60_000);
  return {
    past: diff <= 0,
    days: Math.floor(minutesTotal / 1440),
    hours: Math.floor((minutesTotal % 1440) / 60),
    minutes: minutesTotal % 60,
  };
}

/** The reader's own time zone, for moments that belong to no competition (or whose zone is not at hand). */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}
