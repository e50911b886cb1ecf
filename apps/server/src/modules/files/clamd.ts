import { createReadStream } from 'node:fs';
import { connect, type Socket } from 'node:net';

/** Where clamd listens: a unix socket or TCP. */
export type ClamdTarget = { socketPath: string } | { host: string; port: number };

/** The verdict of one scan. */
export type ScanVerdict = { infected: false } | { infected: true; signature: string };

/** clamd could not be reached or did not answer properly; the file stays unreleased (fail closed). */
export class ScannerUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScannerUnavailableError';
  }
}

const CHUNK = 64 * 1024;

/**
 * A client of clamd's INSTREAM command: "zINSTREAM\0", then chunks framed by a 4-byte big-endian length,
 * then a zero length; the reply is "stream: OK" or "stream: <signature> FOUND".
 */
export class ClamdClient {
  private readonly target: ClamdTarget;
  private readonly timeoutMs: number;

  constructor(target: ClamdTarget, timeoutMs = 60_000) {
    this.target = target;
    this.timeoutMs = timeoutMs;
  }

  private connect(): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket =
        'socketPath' in this.target
          ? connect(this.target.socketPath)
          : connect(this.target.port, this.target.host);
      socket.setTimeout(this.timeoutMs);
      socket.once('connect', () => resolve(socket));
      socket.once('error', (err) => reject(new ScannerUnavailableError(err.message)));
    });
  }

  /** Whether clamd answers PING. */
  async ping(): Promise<boolean> {
    try {
      return (await this.command(Buffer.from('zPING\0'), async () => {})).trim() === 'PONG';
    } catch {
      return false;
    }
  }

  /** Streams the file to clamd and returns its verdict. */
  async scanFile(file: string): Promise<ScanVerdict> {
    const reply = await this.command(Buffer.from('zINSTREAM\0'), async (socket) => {
      for await (const chunk of createReadStream(file, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>) {
        const frame = Buffer.alloc(4);
        frame.writeUInt32BE(chunk.length);
        if (!socket.write(Buffer.concat([frame, chunk]))) {
          await new Promise<void>((resolve, reject) => {
            socket.once('drain', resolve);
            socket.once('close', () => reject(new ScannerUnavailableError('clamd closed the connection')));
          });
        }
      }
      socket.write(Buffer.alloc(4));
    });
    const text = reply.replace(/^stream:\s*/, '').trim();
    if (text === 'OK') return { infected: false };
    const found = /^(.*) FOUND$/.exec(text);
    if (found) return { infected: true, signature: found[1]! };
    throw new ScannerUnavailableError(`clamd answered: ${text}`);
  }

  private async command(cmd: Buffer, send: (socket: Socket) => Promise<void>): Promise<string> {
    const socket = await this.connect();
    try {
      const reply = new Promise<string>((resolve, reject) => {
        const parts: Buffer[] = [];
        socket.on('data', (d: Buffer) => {
          parts.push(d);
          if (d.includes(0)) resolve(Buffer.concat(parts).toString('utf8').replace(/\0.*$/s, ''));
        });
        socket.once('end', () => resolve(Buffer.concat(parts).toString('utf8').replace(/\0.*$/s, '')));
        socket.once('timeout', () => reject(new ScannerUnavailableError('clamd timed out')));
        socket.once('error', (err) => reject(new ScannerUnavailableError(err.message)));
      });
      socket.write(cmd);
      await send(socket);
      return await reply;
    } finally {
      socket.destroy();
    }
  }
}
