import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/** Served files never run: no scripts, no plugins, no same-origin document (FILE-4). */
const FILE_CSP = "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox";

/**
 * Sends stored bytes with the headers every file response needs: the server's content type, its length,
 * `nosniff`, a sandboxing CSP, and an immutable private cache (a file URL never changes content).
 */
export function sendStoredFile(
  reply: FastifyReply,
  file: { stream: Readable; size: number; contentType: string; disposition?: string },
): FastifyReply {
  reply
    .header('content-type', file.contentType)
    .header('content-length', String(file.size))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', FILE_CSP)
    .header('cache-control', 'private, max-age=31536000, immutable');
  if (file.disposition) reply.header('content-disposition', file.disposition);
  return reply.send(file.stream);
}

/**
 * A CSV download streamed from text chunks (pulled one at a time, so a long export never sits whole in
 * memory); the caller has checked access before the first chunk. If the chunks fail once the 200 is out,
 * Fastify logs the error (warn, with the request id) and destroys the response: the chunked body never gets
 * its last chunk, so the browser reports a failed download rather than saving a cut file as if complete.
 * Keep errors propagating out of `chunks` (a test of ADM-6 holds this).
 */
export function sendCsvStream(
  reply: FastifyReply,
  filename: string,
  chunks: AsyncIterable<string>,
  contentType = 'text/csv; charset=utf-8',
): FastifyReply {
  return reply
    .header('content-type', contentType)
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'no-store')
    .send(Readable.from(chunks));
}
