import { fileTypeFromBuffer } from 'file-type';
import { describe, expect, test } from 'vitest';
import {
  contentDisposition,
  makePdfDeck,
  maxFileNameLength,
  parseRange,
  sanitizeFileName,
} from './uploads.fns.ts';
import { formatBytes, uploadLimits } from './uploads.limits.ts';

describe('sanitizeFileName', () => {
  test.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\windows\\system32\\cmd.exe', 'cmd.exe'],
    ['/absolute/path/deck.pdf', 'deck.pdf'],
    ['.hidden.pdf', 'hidden.pdf'],
    ['deck\u0000.pdf', 'deck.pdf'],
    ['evil\u202Efdp.exe', 'evilfdp.exe'],
    ['line\nbreak\t.pdf', 'line break .pdf'],
    ['  spaced   out  .pdf  ', 'spaced out .pdf'],
    ['a<b>c:d|e?f*.pdf', 'a_b_c_d_e_f_.pdf'],
    ['路演 2026.pdf', '路演 2026.pdf'],
    ['', 'file.pdf'],
    ['../..', 'file.pdf'],
    [undefined, 'file.pdf'],
  ])('%j becomes %j', (raw, expected) => {
    expect(sanitizeFileName(raw, 'application/pdf')).toBe(expected);
  });

  test('a long name is cut to the limit with its extension kept', () => {
    const name = sanitizeFileName(`${'长'.repeat(300)}.webm`, 'video/webm');
    expect([...name]).toHaveLength(maxFileNameLength);
    expect(name.endsWith('.webm')).toBe(true);
  });
});

describe('parseRange', () => {
  test.each([
    [undefined, { kind: 'none' }],
    ['bytes=0-99', { kind: 'range', start: 0, end: 99 }],
    ['bytes=100-', { kind: 'range', start: 100, end: 999 }],
    ['bytes=-100', { kind: 'range', start: 900, end: 999 }],
    ['bytes=-5000', { kind: 'range', start: 0, end: 999 }],
    ['bytes=990-5000', { kind: 'range', start: 990, end: 999 }],
    ['bytes=1000-', { kind: 'unsatisfiable' }],
    ['bytes=-0', { kind: 'unsatisfiable' }],
    ['bytes=50-10', { kind: 'none' }],
    ['bytes=0-1,5-9', { kind: 'none' }],
    ['items=0-5', { kind: 'none' }],
    ['bytes=-', { kind: 'none' }],
  ])('%s of 1000 bytes', (header, expected) => {
    expect(parseRange(header, 1000)).toEqual(expected);
  });
});

test('Content-Disposition keeps an ASCII fallback and the exact UTF-8 name', () => {
  expect(contentDisposition('路演 "v2".pdf')).toBe(
    `attachment; filename="__ _v2_.pdf"; filename*=UTF-8''%E8%B7%AF%E6%BC%94%20%22v2%22.pdf`,
  );
  expect(contentDisposition("it's.pdf", 'inline')).toBe(
    `inline; filename="it's.pdf"; filename*=UTF-8''it%27s.pdf`,
  );
});

test('the demo deck is a PDF by its content, with a cross-reference table that points at its objects', async () => {
  const pdf = makePdfDeck({
    title: 'Edge LLM for offline factories (v2) — 路演',
    lines: ['Team Lumen Labs', 'Track: AI'],
  });
  expect(await fileTypeFromBuffer(pdf)).toEqual({ ext: 'pdf', mime: 'application/pdf' });
  const text = pdf.toString('latin1');
  const startxref = Number(/startxref\n(\d+)/.exec(text)?.[1]);
  expect(text.slice(startxref, startxref + 4)).toBe('xref');
  const offsets = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
  expect(offsets).toHaveLength(5);
  expect(offsets.map((offset) => text.slice(offset, offset + 8))).toEqual(
    [1, 2, 3, 4, 5].map((n) => `${n} 0 obj\n`),
  );
  expect(text).toContain('(Edge LLM for offline factories \\(v2\\) - ??) Tj');
});

test('upload limits come from the configuration, in one table', () => {
  const limits = uploadLimits({
    UPLOAD_DECK_MAX_MB: 30,
    UPLOAD_VIDEO_MAX_MB: 500,
    UPLOAD_IMAGE_MAX_MB: 10,
    UPLOAD_MAX_DECKS: 3,
    UPLOAD_MAX_VIDEOS: 2,
    UPLOAD_MAX_IMAGES: 10,
  });
  expect(limits.deck.maxBytes).toBe(30 * 1024 * 1024);
  expect([...limits.video.mimes]).toEqual(['video/mp4', 'video/webm']);
  expect(formatBytes(limits.video.maxBytes)).toBe('500 MB');
  expect(formatBytes(256 * 1024)).toBe('256 KB');
  expect(formatBytes(1.5 * 1024 ** 3)).toBe('1.5 GB');
});
