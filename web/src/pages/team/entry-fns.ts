import { countryCodes, type EntryStatus, type FileKind, summaryMaxLength } from '@wuzhen/shared';

export { summaryMaxLength };

/** Characters as the server counts them (an emoji or a Chinese character is one). */
export const countCharacters = (s: string) => [...s].length;

/** Countries and regions by name in the reader's language, sorted the way that reader sorts. */
export function countryOptions(language: string): { value: string; label: string }[] {
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([language], { type: 'region' });
  } catch {
    names = null;
  }
  return countryCodes
    .map((code) => ({ value: code, label: `${names?.of(code) ?? code} (${code})` }))
    .sort((a, b) => a.label.localeCompare(b.label, language));
}

/** "12.5 MB": a size as people read it, in their language's number format. */
export function formatSize(bytes: number, language: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const number = new Intl.NumberFormat(language, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value);
  return `${number} ${units[unit]}`;
}

export const statusColors: Record<EntryStatus, string> = {
  draft: 'gray',
  submitted: 'teal',
  withdrawn: 'orange',
  disqualified: 'red',
};

/** What the file chooser offers for each kind (the server checks the content anyway). */
export const acceptOf: Record<FileKind, string> = {
  deck: 'application/pdf,.pdf',
  video: 'video/mp4,video/webm,.mp4,.webm',
  image: 'image/png,image/jpeg,image/webp,.png,.jpg,.jpeg,.webp',
};

/** A file larger than the limit is refused before a byte is sent; returns the limit when it is. */
export function tooLarge(file: { size: number }, limit: { maxBytes: number } | undefined): number | null {
  return limit && file.size > limit.maxBytes ? limit.maxBytes : null;
}
