const extensionOf: Record<string, string> = {
  'application/pdf': 'pdf',
  'video/mp4': 'mp4',
  'video/webm': 'webm',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
};

export const maxFileNameLength = 120;

/**
 * The one place an uploaded file's name is made safe to keep and show: only the last path segment
 * ("../../etc/passwd" becomes "passwd"), no control or bidirectional-override characters, no
 * leading dots, at most 120 characters with the extension kept. The name is for display only;
 * storage uses the content's hash.
 */
export function sanitizeFileName(raw: string | undefined, mime?: string): string {
  const fallback = `file${mime && extensionOf[mime] ? `.${extensionOf[mime]}` : ''}`;
  if (!raw) return fallback;
  const lastSegment = raw.normalize('NFC').split(/[/\\]/).pop() ?? '';
  const cleaned = lastSegment
    .replace(/[\t\n\r\v\f]/g, ' ')
    // C0/C1 controls, DEL, and the bidi controls that can disguise an extension.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (!cleaned) return fallback;
  const chars = [...cleaned];
  if (chars.length <= maxFileNameLength) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const ext = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  const stem = [...cleaned.slice(0, cleaned.length - ext.length)].slice(
    0,
    maxFileNameLength - [...ext].length,
  );
  return `${stem.join('').trimEnd()}${ext}`;
}

/**
 * `Content-Disposition` with an ASCII fallback and the exact name in RFC 5987 form, so every
 * browser saves "路演.pdf" as 路演.pdf and no name can break out of the header.
 */
export function contentDisposition(name: string, disposition: 'attachment' | 'inline' = 'attachment') {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export type RangeRequest =
  | { kind: 'none' }
  | { kind: 'range'; start: number; end: number }
  | { kind: 'unsatisfiable' };

/**
 * Reads a `Range` header for a file of `size` bytes (RFC 9110 §14). A header that is not a single
 * byte range is ignored (the whole file is sent, as the RFC allows); a range that starts past the
 * end cannot be satisfied (416).
 */
export function parseRange(header: string | undefined, size: number): RangeRequest {
  if (!header) return { kind: 'none' };
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match) return { kind: 'none' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'none' };
  if (first === '') {
    // A suffix: the last N bytes.
    const length = Number(last);
    if (length === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'range', start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return { kind: 'none' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'range', start, end };
}

/** A one-page PDF with a title and a few lines of text: the demo's pitch decks. */
export function makePdfDeck({ title, lines }: { title: string; lines: string[] }): Buffer {
  // The standard Helvetica font speaks Latin-1; anything else becomes "?".
  const latin1 = (s: string) =>
    s
      .replace(/[\u2013\u2014]/g, '-')
      .replace(/[^\x20-\x7e\xa0-\xff]/g, '?')
      .replace(/[\\()]/g, (c) => `\\${c}`);
  const wrap = (s: string, width: number) => {
    const out: string[] = [];
    let line = '';
    for (const word of s.split(/\s+/)) {
      if (line && line.length + word.length + 1 > width) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    if (line) out.push(line);
    return out;
  };
  const text = [
    'BT',
    '/F1 26 Tf',
    '60 470 Td',
    ...wrap(title, 44)
      .flatMap((l, i) => [i === 0 ? '' : '0 -32 Td', `(${latin1(l)}) Tj`])
      .filter(Boolean),
    '/F1 14 Tf',
    '0 -44 Td',
    ...lines.flatMap((l) => wrap(l, 90)).flatMap((l) => [`(${latin1(l)}) Tj`, '0 -22 Td']),
    'ET',
  ].join('\n');
  const stream = Buffer.from(text, 'latin1');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    null, // the content stream, written below with its length
  ];
  const chunks: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = chunks[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    const part =
      body === null
        ? Buffer.concat([
            Buffer.from(`${i + 1} 0 obj\n<< /Length ${stream.length} >>\nstream\n`, 'latin1'),
            stream,
            Buffer.from('\nendstream\nendobj\n', 'latin1'),
          ])
        : Buffer.from(`${i + 1} 0 obj\n${body}\nendobj\n`, 'latin1');
    chunks.push(part);
    offset += part.length;
  });
  const xref = [
    'xref',
    `0 ${objects.length + 1}`,
    '0000000000 65535 f ',
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `),
    'trailer',
    `<< /Size ${objects.length + 1} /Root 1 0 R >>`,
    'startxref',
    String(offset),
    '%%EOF',
    '',
  ].join('\n');
  chunks.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(chunks);
}
