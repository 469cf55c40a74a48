import type { FileKind } from '@wuzhen/shared';
import type { Config } from '../../app/config.ts';

export type UploadRule = {
  kind: FileKind;
  /** Largest accepted size in bytes. */
  maxBytes: number;
  /** How many files of this kind one entry may hold. */
  maxFiles: number;
  /** Content types accepted, as sniffed from the first bytes (never the client's word). */
  mimes: ReadonlySet<string>;
  /** For messages: what a person calls this kind (and more than one of it) and its formats. */
  label: string;
  plural: string;
  formats: string;
  /** "a" or "an", as said before the formats ("an MP4 or WebM file"). */
  article: 'a' | 'an';
};
export type UploadLimits = Readonly<Record<FileKind, UploadRule>>;

const mb = 1024 * 1024;

/** The one place upload limits are set: sizes and counts come from the configuration, types are fixed. */
export function uploadLimits(
  config: Pick<
    Config,
    | 'UPLOAD_DECK_MAX_MB'
    | 'UPLOAD_VIDEO_MAX_MB'
    | 'UPLOAD_IMAGE_MAX_MB'
    | 'UPLOAD_MAX_DECKS'
    | 'UPLOAD_MAX_VIDEOS'
    | 'UPLOAD_MAX_IMAGES'
  >,
): UploadLimits {
  return Object.freeze({
    deck: {
      kind: 'deck',
      maxBytes: Math.floor(config.UPLOAD_DECK_MAX_MB * mb),
      maxFiles: config.UPLOAD_MAX_DECKS,
      mimes: new Set(['application/pdf']),
      label: 'pitch deck',
      plural: 'decks',
      formats: 'PDF',
      article: 'a',
    },
    video: {
      kind: 'video',
      maxBytes: Math.floor(config.UPLOAD_VIDEO_MAX_MB * mb),
      maxFiles: config.UPLOAD_MAX_VIDEOS,
      mimes: new Set(['video/mp4', 'video/webm']),
      label: 'video',
      plural: 'videos',
      formats: 'MP4 or WebM',
      article: 'an',
    },
    image: {
      kind: 'image',
      maxBytes: Math.floor(config.UPLOAD_IMAGE_MAX_MB * mb),
      maxFiles: config.UPLOAD_MAX_IMAGES,
      mimes: new Set(['image/png', 'image/jpeg', 'image/webp']),
      label: 'image',
      plural: 'images',
      formats: 'PNG, JPEG or WebP',
      article: 'a',
    },
  });
}

/** "30 MB", "1.5 GB": sizes as people read them in messages. */
export function formatBytes(bytes: number) {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = unit === 0 || Number.isInteger(value) ? String(value) : value.toFixed(1).replace(/\.0$/, '');
  return `${shown} ${units[unit]}`;
}
