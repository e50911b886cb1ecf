import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { finished } from 'node:stream/promises';
import { ZipFile } from 'yazl';

/** Characters never kept in a name inside the ZIP: path separators, drive colons, shell ones. */
const UNSAFE = /[/\\:*?"<>|]+/g;
/** Control characters (C0 and DEL) become `_` too. */
const isControl = (ch: string): boolean => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f;
const NAME_MAX = 120;

/**
 * A stored file's display name as the last part of a ZIP entry: no path parts, no leading dots, spaces or
 * underscores (so never `.` or `..`), at most 120 characters; `file` when nothing is left (ADMIN-6).
 */
export function safeEntryName(name: string): string {
  const cleaned = [...name.normalize('NFC')]
    .map((ch) => (isControl(ch) ? '_' : ch))
    .join('')
    .replace(UNSAFE, '_')
    .replace(/^[.\s_]+/, '')
    .trim();
  const short = [...cleaned].slice(0, NAME_MAX).join('');
  return short || 'file';
}

/**
 * A transform that passes bytes through and resolves their SHA-256 once they have all gone by; it rejects
 * when the stream fails (yazl does not listen for errors of the streams it is given).
 */
function hashing(): { stream: Transform; digest: Promise<string> } {
  const hash = createHash('sha256');
  let resolve!: (hex: string) => void;
  let reject!: (err: unknown) => void;
  const digest = new Promise<string>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  digest.catch(() => {}); // observed by whoever awaits the entries
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      done(null, chunk);
    },
    flush(done) {
      resolve(hash.digest('hex'));
      done();
    },
  });
  stream.on('error', reject);
  return { stream, digest };
}

/**
 * A ZIP written entry by entry to a file (owner-only), streaming: an entry's bytes are pulled only when it is
 * its turn, so memory holds one page of messages and the list of entry names with their SHA-256 (for the
 * manifest), never the content.
 */
export class ExportZipWriter {
  private readonly zip = new ZipFile();
  private readonly out: WriteStream;
  private readonly written: Promise<void>;
  private readonly failed: Promise<never>;
  private readonly hashes: { name: string; digest: Promise<string> }[] = [];

  constructor(target: string) {
    const out = (this.out = createWriteStream(target, { flags: 'wx', mode: 0o600 }));
    this.failed = new Promise<never>((_, reject) => {
      this.zip.on('error', reject);
      out.on('error', reject);
    });
    this.failed.catch(() => {}); // observed through `guard`
    (this.zip.outputStream as Readable).pipe(out);
    this.written = finished(out);
    this.written.catch(() => {}); // awaited by `end`; an abort's early close is expected
  }

  /** Waits for `p`, or fails as soon as the ZIP or the file does. */
  private guard<T>(p: Promise<T>): Promise<T> {
    return Promise.race([p, this.failed]);
  }

  /** Adds an entry of text chunks pulled one at a time; resolves once they are all in the ZIP. */
  async addChunks(name: string, chunks: AsyncIterable<string>): Promise<void> {
    const h = hashing();
    this.hashes.push({ name, digest: h.digest });
    const source = Readable.from(chunks);
    source.on('error', (err) => h.stream.destroy(err));
    this.zip.addReadStream(source.pipe(h.stream), name);
    await this.guard(h.digest);
  }

  /** Adds a stored file, opened only when its turn comes. */
  addFile(name: string, source: string): void {
    const h = hashing();
    this.hashes.push({ name, digest: h.digest });
    this.zip.addReadStreamLazy(name, (cb) => {
      const input = createReadStream(source);
      input.on('error', (err) => h.stream.destroy(err));
      cb(null, input.pipe(h.stream));
    });
  }

  /** Adds a JSON document. */
  addJson(name: string, value: unknown): void {
    const bytes = Buffer.from(`${JSON.stringify(value, null, 2)}\n`);
    this.hashes.push({ name, digest: Promise.resolve(createHash('sha256').update(bytes).digest('hex')) });
    this.zip.addBuffer(bytes, name);
  }

  /** Every entry so far with its SHA-256, once all of them are written. */
  async entries(): Promise<{ name: string; sha256: string }[]> {
    const list = this.hashes.slice();
    const digests = await this.guard(Promise.all(list.map((e) => e.digest)));
    return list.map((e, i) => ({ name: e.name, sha256: digests[i]! }));
  }

  /** Writes the central directory and closes the file. */
  async end(): Promise<void> {
    this.zip.end();
    await this.guard(this.written);
  }

  /** Gives up: stops writing and closes the file (the caller removes it). */
  abort(): void {
    (this.zip.outputStream as Readable).destroy();
    this.out.destroy();
  }
}
