import { describe, expect, it } from 'vitest';
import { isInlineImage, parseAttachments, thumbSize, viewOf } from './attachments.ts';

const good = {
  fileId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  sid: 'abc',
  name: '보고서.txt',
  mime: 'text/plain',
  size: 12,
  sha256: 'hash',
  key: 'a2V5LWJ5dGVz',
  thumb: { fileId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c', sid: 's', key: 'dGh1bWI', width: 80, height: 60 },
};

describe('encrypted attachments in a message (E2E-75, E2E-76)', () => {
  it('keeps well-formed entries and drops the rest, so a bad entry never hides the message', () => {
    const parsed = parseAttachments([
      good,
      { ...good, fileId: '../../etc/passwd' },
      { ...good, key: 'not base64url!' },
      { ...good, size: -1 },
      'junk',
      { ...good, thumb: { ...good.thumb, width: 0 } },
    ]);
    expect(parsed).toHaveLength(2);
    expect(parsed[0]).toEqual(good);
    // A malformed thumbnail is dropped, the file kept: it shows as a download instead.
    expect(parsed[1]!.thumb).toBeUndefined();
    expect(parseAttachments(undefined)).toEqual([]);
    expect(parseAttachments({ length: 1 })).toEqual([]);
  });

  it('what the page sees carries no key, stream id or hash', () => {
    const view = viewOf(parseAttachments([good])[0]!);
    expect(view).toEqual({
      fileId: good.fileId,
      name: good.name,
      mime: good.mime,
      size: good.size,
      thumb: { fileId: good.thumb.fileId, width: 80, height: 60 },
    });
    expect(JSON.stringify(view)).not.toContain(good.key);
    expect(JSON.stringify(view)).not.toContain(good.thumb.key);
  });

  it('only plain raster images are ever shown inline: never SVG, HTML or an unknown type', () => {
    for (const ok of ['image/png', 'image/JPEG', 'image/gif', 'image/webp'])
      expect(isInlineImage(ok)).toBe(true);
    for (const no of ['image/svg+xml', 'text/html', 'application/xhtml+xml', '', 'image/x-icon'])
      expect(isInlineImage(no), no).toBe(false);
  });

  it('a thumbnail fits in 320 pixels and never grows a small image', () => {
    expect(thumbSize(4000, 3000)).toEqual({ width: 320, height: 240 });
    expect(thumbSize(100, 2000)).toEqual({ width: 16, height: 320 });
    expect(thumbSize(50, 40)).toEqual({ width: 50, height: 40 });
  });
});
