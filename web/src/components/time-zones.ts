import { utcOffsetLabel } from '../i18n/dates.ts';

export const defaultTimeZone = 'Asia/Shanghai';

/** Time zones organizers commonly run competitions in; any other IANA zone already set is kept. */
export const commonTimeZones = [
  'Asia/Shanghai',
  'Asia/Hong_Kong',
  'Asia/Taipei',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Asia/Seoul',
  'Asia/Bangkok',
  'Asia/Jakarta',
  'Asia/Kolkata',
  'Asia/Dubai',
  'Asia/Riyadh',
  'Europe/Moscow',
  'Europe/Istanbul',
  'Europe/Berlin',
  'Europe/Paris',
  'Europe/London',
  'Africa/Cairo',
  'Africa/Lagos',
  'Africa/Nairobi',
  'Africa/Johannesburg',
  'America/Sao_Paulo',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Mexico_City',
  'Australia/Sydney',
  'Pacific/Auckland',
  'UTC',
] as const;

/** Select options: `Asia/Shanghai (UTC+08:00)`, with `current` added when it is not a common one. */
export function timeZoneOptions(current?: string): { value: string; label: string }[] {
  const zones: string[] = [...commonTimeZones];
  if (current && !zones.includes(current)) zones.unshift(current);
  return zones.map((zone) => ({ value: zone, label: `${zone} (${utcOffsetLabel(zone)})` }));
}
