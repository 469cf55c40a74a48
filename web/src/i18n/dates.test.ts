import { describe, expect, it } from 'vitest';
import { formatDateTime, fromZonedInputValue, timeLeft, toZonedInputValue, utcOffsetLabel } from './dates.ts';

describe('formatDateTime', () => {
  it.each([
    ['2026-06-12T10:00:00.000Z', 'Asia/Shanghai', 'en', '12 Jun 2026, 18:00 (Asia/Shanghai, UTC+08:00)'],
    ['2026-06-12T10:00:00.000Z', 'Asia/Shanghai', 'zh-CN', '2026年6月12日 18:00（Asia/Shanghai，UTC+08:00）'],
    ['2026-06-12T10:00:00.000Z', 'Europe/London', 'en', '12 Jun 2026, 11:00 (Europe/London, UTC+01:00)'],
    ['2026-01-12T10:00:00.000Z', 'Europe/London', 'en', '12 Jan 2026, 10:00 (Europe/London, UTC+00:00)'],
    [
      '2026-06-12T20:30:00.000Z',
      'America/New_York',
      'en',
      '12 Jun 2026, 16:30 (America/New_York, UTC-04:00)',
    ],
  ])('shows %s in %s for %s', (iso, zone, lang, expected) => {
    expect(formatDateTime(iso, zone, lang)).toBe(expected);
  });

  it('falls back to UTC for a zone the runtime does not know, instead of throwing', () => {
    expect(formatDateTime('2026-06-12T10:00:00.000Z', 'Mars/Olympus', 'en')).toContain('10:00');
  });
});

describe('datetime-local values in the competition time zone', () => {
  it('reads wall-clock time in the given zone, not the browser zone', () => {
    expect(fromZonedInputValue('2026-12-31T18:00', 'Asia/Shanghai')).toBe('2026-12-31T10:00:00.000Z');
    expect(fromZonedInputValue('2026-07-01T09:30', 'Europe/Berlin')).toBe('2026-07-01T07:30:00.000Z');
  });

  it('answers null for empty or malformed values', () => {
    expect(fromZonedInputValue('', 'Asia/Shanghai')).toBeNull();
    expect(fromZonedInputValue('31/12/2026 18:00', 'Asia/Shanghai')).toBeNull();
  });

  it('round-trips through the input value', () => {
    const iso = '2026-03-29T01:15:00.000Z';
    for (const zone of ['Asia/Shanghai', 'Europe/Paris', 'America/Los_Angeles', 'UTC']) {
      expect(fromZonedInputValue(toZonedInputValue(iso, zone), zone)).toBe(iso);
    }
  });
});

describe('utcOffsetLabel', () => {
  it('follows daylight saving time', () => {
    expect(utcOffsetLabel('Europe/Paris', '2026-01-15T12:00:00Z')).toBe('UTC+01:00');
    expect(utcOffsetLabel('Europe/Paris', '2026-07-15T12:00:00Z')).toBe('UTC+02:00');
  });
});

describe('timeLeft', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  it('counts whole days, hours and minutes to a future moment', () => {
    expect(timeLeft('2026-06-03T05:07:59Z', now)).toEqual({ past: false, days: 2, hours: 5, minutes: 7 });
  });
  it('counts the time since a past moment', () => {
    expect(timeLeft('2026-05-31T22:30:00Z', now)).toEqual({ past: true, days: 0, hours: 1, minutes: 30 });
  });
});
