import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stopProcess } from './processes.ts';
import { ClamdClient } from '../modules/files/clamd.ts';

/** The EICAR test string: every scanner reports it, and it harms nothing. */
export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

/** A body signature (.ndb) for EICAR: it matches inside larger files too, unlike an .hdb whole-file hash. */
const EICAR_NDB = `Custom.EICAR-Test-NDB:0:*:${Buffer.from('EICAR-STANDARD-ANTIVIRUS-TEST-FILE').toString('hex')}\n`;

const CLAMD_BINARIES = ['/usr/sbin/clamd', 'clamd'];

/** Whether this machine can run clamd (CI installs Debian's clamav-daemon and sets REQUIRE_CLAMD=1). */
export function clamdAvailable(): boolean {
  return CLAMD_BINARIES.some((bin) => spawnSync(bin, ['--version']).status === 0);
}

/** A real clamd with only the EICAR signature, on a private unix socket. */
export interface TestClamd {
  socketPath: string;
  stop(): Promise<void>;
}

/** A fresh folder for clamd's socket, to hand to a server before clamd runs. */
export function clamdSocketPath(): string {
  return path.join(mkdtempSync(path.join(tmpdir(), 'mx-clamd-')), 'clamd.sock');
}

export async function startClamd(at?: string): Promise<TestClamd> {
  const dir = at ? path.dirname(at) : mkdtempSync(path.join(tmpdir(), 'mx-clamd-'));
  mkdirSync(path.join(dir, 'db'));
  writeFileSync(path.join(dir, 'db', 'custom.ndb'), EICAR_NDB);
  const socketPath = path.join(dir, 'clamd.sock');
  const conf = path.join(dir, 'clamd.conf');
  writeFileSync(
    conf,
    [
      'Foreground yes',
      `LocalSocket ${socketPath}`,
      `DatabaseDirectory ${path.join(dir, 'db')}`,
      `LogFile ${path.join(dir, 'clamd.log')}`,
      'StreamMaxLength 64M',
      ...(process.getuid?.() === 0 ? ['User root'] : []),
    ].join('\n'),
  );
  const bin = CLAMD_BINARIES.find((b) => spawnSync(b, ['--version']).status === 0) ?? 'clamd';
  const child: ChildProcess = spawn(bin, [`--config-file=${conf}`], { stdio: 'ignore' });
  const client = new ClamdClient({ socketPath });
  const deadline = Date.now() + 30_000;
  // Poll until clamd answers PING (it loads one signature in well under a second).
  while (!(await client.ping())) {
    if (child.exitCode !== null) throw new Error(`clamd exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error('clamd did not start');
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    socketPath,
    stop: () => stopProcess(child, dir),
  };
}
