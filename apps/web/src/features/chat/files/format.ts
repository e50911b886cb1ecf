import { fileExtension } from '@messenger/shared';

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** A size for people: `0 B`, `900 B`, `1.5 KB`, `12 MB`, `1.2 GB` (binary steps, one decimal below 10). */
export function formatBytes(bytes: number, locale?: string): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  // 1023.9 KB would print as "1,024 KB": round first, then step up if rounding reached the next unit.
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  let rounded = Number(value.toFixed(digits));
  if (rounded >= 1024 && unit < UNITS.length - 1) {
    rounded = 1;
    unit++;
  }
  const text = new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(rounded);
  return `${text} ${UNITS[unit]}`;
}

/** What a file card's icon shows: a family (its color) and a short label (the extension). */
export type FileFamily =
  'image' | 'pdf' | 'doc' | 'sheet' | 'slides' | 'archive' | 'audio' | 'video' | 'code' | 'text' | 'file';

const FAMILIES: Record<Exclude<FileFamily, 'file'>, string[]> = {
  image: ['png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp', 'svg', 'heic', 'heif', 'tif', 'tiff', 'avif', 'ico'],
  pdf: ['pdf'],
  // HWP/HWPX: the Hangul word processor, the usual document format in Korean offices.
  doc: ['doc', 'docx', 'odt', 'rtf', 'hwp', 'hwpx', 'pages'],
  sheet: ['xls', 'xlsx', 'xlsm', 'ods', 'csv', 'tsv', 'numbers', 'cell'],
  slides: ['ppt', 'pptx', 'odp', 'key', 'show'],
  archive: ['zip', '7z', 'rar', 'tar', 'gz', 'tgz', 'bz2', 'xz', 'alz', 'egg'],
  audio: ['mp3', 'wav', 'm4a', 'aac', 'ogg', 'flac', 'opus'],
  video: ['mp4', 'mov', 'avi', 'mkv', 'webm', 'wmv', 'm4v'],
  code: [
    'js',
    'ts',
    'tsx',
    'jsx',
    'json',
    'py',
    'java',
    'c',
    'cpp',
    'h',
    'cs',
    'go',
    'rs',
    'sql',
    'sh',
    'xml',
    'html',
    'css',
    'yml',
    'yaml',
  ],
  text: ['txt', 'md', 'log'],
};

const BY_EXTENSION = new Map<string, FileFamily>(
  Object.entries(FAMILIES).flatMap(([family, exts]) => exts.map((e) => [e, family as FileFamily])),
);

/** The icon of a file: its family from the extension (the content type when there is none). */
export function fileIcon(name: string, contentType = ''): { family: FileFamily; label: string } {
  const ext = fileExtension(name);
  let family = BY_EXTENSION.get(ext);
  if (!family) {
    const major = contentType.split('/')[0];
    if (major === 'image' || major === 'audio' || major === 'video') family = major;
    else if (contentType === 'application/pdf') family = 'pdf';
    else if (major === 'text') family = 'text';
    else family = 'file';
  }
  // Four letters fit the tile; a long or missing extension shows nothing but the color.
  const label = ext && ext.length <= 4 ? ext.toUpperCase() : '';
  return { family, label };
}

/** The link that always downloads (`Content-Disposition: attachment`), images included. */
export function downloadUrl(url: string): string {
  return url + (url.includes('?') ? '&' : '?') + 'download=1';
}

/**
 * The box a thumbnail takes in the timeline, known before the image loads (no layout jump): the image's
 * aspect ratio, at most `maxWidth` x `maxHeight`, never larger than the image itself.
 */
export function thumbBox(
  width: number | null,
  height: number | null,
  maxWidth = 320,
  maxHeight = 280,
): { width: number; height: number } {
  if (!width || !height || width <= 0 || height <= 0)
    return { width: maxWidth, height: Math.round(maxWidth * 0.75) };
  const scale = Math.min(1, maxWidth / width, maxHeight / height);
  // A sliver (a 10 x 2000 screenshot of a column) stays clickable; object-fit crops it.
  return { width: Math.max(48, Math.round(width * scale)), height: Math.max(48, Math.round(height * scale)) };
}
