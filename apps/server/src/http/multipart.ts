import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../app-error.ts';

/**
 * Reads a multipart form with one file in the field `file`: text fields that come before it are passed to
 * `handle` with the file's stream (so a route can authorize before any byte is read); other files are
 * drained. Resolves with `handle`'s result, or undefined when no file came.
 */
export async function readSingleFile<T>(
  req: FastifyRequest,
  handle: (file: { name: string; stream: Readable }, fields: Map<string, string>) => Promise<T>,
): Promise<T | undefined> {
  if (!req.isMultipart()) throw new AppError('upload.file_required');
  const fields = new Map<string, string>();
  let result: T | undefined;
  let handled = false;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'field') {
        fields.set(part.fieldname, String(part.value).trim());
        continue;
      }
      if (part.fieldname !== 'file' || handled) {
        part.file.resume();
        continue;
      }
      handled = true;
      result = await handle({ name: part.filename, stream: part.file }, fields);
    }
  } catch (err) {
    // The multipart reader's own limit fires when a file passes the configured size.
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('upload.too_large');
    throw err;
  }
  return result;
}
