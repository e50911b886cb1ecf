import { UploadResponse } from '@messenger/shared';
import { describe, expect, it } from 'vitest';
import { ApiError } from './api.ts';
import { isAbort, uploadReply } from './upload.ts';

const clean = {
  scanStatus: 'clean',
  jobId: null,
  uploadToken: 'tok_0123456789abcdef',
  expiresAt: '2026-01-01T00:05:00.000Z',
  file: {
    id: '0190a3c4-0000-7000-8000-000000000000',
    name: '보고서.pdf',
    size: 1234,
    contentType: 'application/pdf',
    kind: 'file',
    width: null,
    height: null,
    url: '/uploads/0190a3c4-0000-7000-8000-000000000000',
    thumbUrl: null,
    deleted: false,
  },
};

function failure(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('did not throw');
}

describe('uploadReply', () => {
  it('returns the checked response', () => {
    expect(uploadReply(200, clean, UploadResponse).uploadToken).toBe('tok_0123456789abcdef');
  });

  it("turns the error envelope into an ApiError with the server's localized message", () => {
    const err = failure(() =>
      uploadReply(
        415,
        { error: '허용되지 않는 파일 형식입니다.', code: 'upload.type_not_allowed' },
        UploadResponse,
      ),
    );
    expect(err).toMatchObject({
      status: 415,
      code: 'upload.type_not_allowed',
      message: '허용되지 않는 파일 형식입니다.',
    });
  });

  it("reads a proxy's own 413 page as upload.too_large", () => {
    expect(failure(() => uploadReply(413, undefined, UploadResponse)).code).toBe('upload.too_large');
  });

  it('a dropped connection and an unexpected body have their own codes', () => {
    expect(failure(() => uploadReply(0, undefined, UploadResponse)).code).toBe('network.unreachable');
    expect(failure(() => uploadReply(200, { ok: true }, UploadResponse)).code).toBe('response.invalid');
    expect(failure(() => uploadReply(429, undefined, UploadResponse)).code).toBe('rate.limited');
  });
});

describe('isAbort', () => {
  it('tells a cancel from a failure', () => {
    expect(isAbort(new DOMException('x', 'AbortError'))).toBe(true);
    expect(isAbort(new ApiError(500, 'server.internal', 'x'))).toBe(false);
  });
});
