/**
 * What a file is, decided from its first bytes (magic numbers), and which extensions may claim which
 * content (FILE-3). The browser's Content-Type is never trusted.
 */

/** Content families recognised from the first bytes. */
export type Family =
  | 'png'
  | 'jpeg'
  | 'gif'
  | 'webp'
  | 'bmp'
  | 'ico'
  | 'tiff'
  | 'heif'
  | 'isobmff'
  | 'pdf'
  | 'zip'
  | 'ole'
  | 'rar'
  | '7z'
  | 'mp3'
  | 'wav'
  | 'executable'
  | 'svg'
  | 'text'
  | 'unknown';

/** What an allowed extension may contain and how it is served. */
export interface TypeRule {
  families: Family[];
  contentType: string;
  /** Served with `Content-Disposition: inline` (raster images browsers show safely). */
  inline: boolean;
  /** The server tries to make a thumbnail. */
  preview: boolean;
}

const image = (family: Family, contentType: string, inline = true): TypeRule => ({
  families: [family],
  contentType,
  inline,
  preview: true,
});
const doc = (families: Family[], contentType: string): TypeRule => ({
  families,
  contentType,
  inline: false,
  preview: false,
});

// A text file may well mention "<svg>"; it is still served as plain text.
const TEXT: Family[] = ['text', 'svg'];

/** Every extension the server knows; the allowlist in the config picks from these. */
export const TYPE_RULES: Record<string, TypeRule> = {
  png: image('png', 'image/png'),
  jpg: image('jpeg', 'image/jpeg'),
  jpeg: image('jpeg', 'image/jpeg'),
  gif: image('gif', 'image/gif'),
  webp: image('webp', 'image/webp'),
  tif: image('tiff', 'image/tiff', false),
  tiff: image('tiff', 'image/tiff', false),
  heic: image('heif', 'image/heic', false),
  heif: image('heif', 'image/heif', false),
  bmp: doc(['bmp'], 'image/bmp'),
  ico: doc(['ico'], 'image/x-icon'),
  // Active content: stored, but only ever served as an attachment, never previewed (FILE-4).
  svg: doc(['svg'], 'image/svg+xml'),
  pdf: doc(['pdf'], 'application/pdf'),
  txt: doc(TEXT, 'text/plain'),
  log: doc(TEXT, 'text/plain'),
  md: doc(TEXT, 'text/markdown'),
  csv: doc(TEXT, 'text/csv'),
  json: doc(TEXT, 'application/json'),
  doc: doc(['ole'], 'application/msword'),
  xls: doc(['ole'], 'application/vnd.ms-excel'),
  ppt: doc(['ole'], 'application/vnd.ms-powerpoint'),
  hwp: doc(['ole'], 'application/x-hwp'),
  docx: doc(['zip'], 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
  xlsx: doc(['zip'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
  pptx: doc(['zip'], 'application/vnd.openxmlformats-officedocument.presentationml.presentation'),
  hwpx: doc(['zip'], 'application/hwp+zip'),
  zip: doc(['zip'], 'application/zip'),
  '7z': doc(['7z'], 'application/x-7z-compressed'),
  rar: doc(['rar'], 'application/vnd.rar'),
  mp4: doc(['isobmff'], 'video/mp4'),
  mov: doc(['isobmff'], 'video/quicktime'),
  m4a: doc(['isobmff'], 'audio/mp4'),
  mp3: doc(['mp3'], 'audio/mpeg'),
  wav: doc(['wav'], 'audio/wav'),
};

/** The default allowlist (config `UPLOAD_ALLOWED_EXTENSIONS`). */
export const DEFAULT_ALLOWED_EXTENSIONS = Object.keys(TYPE_RULES);

/** Bytes of the file's start that `sniff` looks at. */
export const SNIFF_BYTES = 4096;

const MACH_O = new Set([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe]);
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1', 'avif']);

function startsWith(buf: Buffer, bytes: number[], offset = 0): boolean {
  if (buf.length < offset + bytes.length) return false;
  return bytes.every((b, i) => buf[offset + i] === b);
}

function ascii(buf: Buffer, start: number, end: number): string {
  return buf.subarray(start, end).toString('latin1');
}

/** Text: no NUL and no control bytes other than tab, newlines, form feed and escape (UTF-8 or EUC-KR). */
function looksLikeText(buf: Buffer): boolean {
  if (startsWith(buf, [0xff, 0xfe]) || startsWith(buf, [0xfe, 0xff])) return true; // UTF-16 with BOM
  for (const b of buf) {
    if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b) || b === 0x7f) return false;
  }
  return true;
}

/** The content family of a file from its first bytes. */
export function sniff(head: Buffer): Family {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return 'webp';
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WAVE') return 'wav';
  if (ascii(head, 4, 8) === 'ftyp') return HEIF_BRANDS.has(ascii(head, 8, 12)) ? 'heif' : 'isobmff';
  if (['moov', 'mdat', 'wide', 'free'].includes(ascii(head, 4, 8))) return 'isobmff';
  if (ascii(head, 0, 5) === '%PDF-') return 'pdf';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole';
  if (ascii(head, 0, 6) === 'Rar!\x1a\x07') return 'rar';
  if (startsWith(head, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return '7z';
  if (ascii(head, 0, 3) === 'ID3' || (head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0)) return 'mp3';
  if (ascii(head, 0, 4) === 'II*\x00' || ascii(head, 0, 4) === 'MM\x00*') return 'tiff';
  if (startsWith(head, [0x00, 0x00, 0x01, 0x00])) return 'ico';
  // Programs: Windows PE, ELF, Mach-O (both byte orders, and fat binaries).
  if (ascii(head, 0, 2) === 'MZ' || ascii(head, 0, 4) === '\x7fELF') return 'executable';
  if (head.length >= 4 && MACH_O.has(head.readUInt32BE(0))) return 'executable';
  if (ascii(head, 0, 2) === 'BM' && head.length >= 14) return 'bmp';
  if (looksLikeText(head)) {
    return /<svg[\s>]/i.test(head.toString('utf8')) ? 'svg' : 'text';
  }
  return 'unknown';
}

/** Why a file was refused, or its rule when accepted. */
export type TypeCheck =
  { ok: true; rule: TypeRule } | { ok: false; code: 'upload.type_not_allowed' | 'upload.content_mismatch' };

/** Checks an extension against the allowlist and the content against the extension (FILE-3). */
export function checkType(extension: string, head: Buffer, allowed: ReadonlySet<string>): TypeCheck {
  const rule = TYPE_RULES[extension];
  if (!rule || !allowed.has(extension)) return { ok: false, code: 'upload.type_not_allowed' };
  const family = head.length === 0 ? 'text' : sniff(head);
  if (!rule.families.includes(family)) return { ok: false, code: 'upload.content_mismatch' };
  return { ok: true, rule };
}
