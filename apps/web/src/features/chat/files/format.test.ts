import { describe, expect, it } from 'vitest';
import { downloadUrl, fileIcon, formatBytes, thumbBox } from './format.ts';

describe('formatBytes', () => {
  it('shows bytes whole, small sizes with one decimal, larger ones whole, in binary steps', () => {
    expect(formatBytes(0, 'en')).toBe('0 B');
    expect(formatBytes(900, 'en')).toBe('900 B');
    expect(formatBytes(1536, 'en')).toBe('1.5 KB');
    expect(formatBytes(1024 * 1024 * 12.4, 'en')).toBe('12 MB');
    expect(formatBytes(1024 ** 3 * 1.25, 'en')).toBe('1.3 GB');
  });

  it('steps up when rounding reaches the next unit instead of printing 1,024 KB', () => {
    expect(formatBytes(1024 * 1024 - 1, 'en')).toBe('1 MB');
    expect(formatBytes(1023, 'en')).toBe('1,023 B');
  });

  it('uses the locale for the number', () => {
    expect(formatBytes(1536, 'de')).toBe('1,5 KB');
  });
});

describe('fileIcon', () => {
  it('chooses the family by extension, case-insensitively, with the extension as label', () => {
    expect(fileIcon('보고서.HWP')).toEqual({ family: 'doc', label: 'HWP' });
    expect(fileIcon('매출.xlsx')).toEqual({ family: 'sheet', label: 'XLSX' });
    expect(fileIcon('slides.pptx')).toEqual({ family: 'slides', label: 'PPTX' });
    expect(fileIcon('backup.tar.gz')).toEqual({ family: 'archive', label: 'GZ' });
    expect(fileIcon('계약서.pdf')).toEqual({ family: 'pdf', label: 'PDF' });
  });

  it('falls back to the content type, then to a plain file', () => {
    expect(fileIcon('clip', 'video/mp4')).toEqual({ family: 'video', label: '' });
    expect(fileIcon('notes', 'text/plain')).toEqual({ family: 'text', label: '' });
    expect(fileIcon('data.bin', 'application/octet-stream')).toEqual({ family: 'file', label: 'BIN' });
  });

  it('leaves out a label that does not fit the tile, and a leading dot is no extension', () => {
    expect(fileIcon('model.safetensors').label).toBe('');
    expect(fileIcon('.env')).toEqual({ family: 'file', label: '' });
  });
});

describe('thumbBox', () => {
  it('keeps the aspect ratio within the box and never enlarges', () => {
    expect(thumbBox(1920, 1080)).toEqual({ width: 320, height: 180 });
    expect(thumbBox(1080, 1920)).toEqual({ width: 158, height: 280 });
    expect(thumbBox(100, 50)).toEqual({ width: 100, height: 50 });
  });

  it('keeps a sliver clickable and reserves a 4:3 box when the size is unknown', () => {
    expect(thumbBox(10, 2000)).toEqual({ width: 48, height: 280 });
    expect(thumbBox(null, null)).toEqual({ width: 320, height: 240 });
  });
});

describe('downloadUrl', () => {
  it('asks for an attachment download', () => {
    expect(downloadUrl('/uploads/abc')).toBe('/uploads/abc?download=1');
    expect(downloadUrl('/uploads/abc?v=2')).toBe('/uploads/abc?v=2&download=1');
  });
});
