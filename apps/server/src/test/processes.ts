import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

/** Ends a helper process a test started (SIGTERM, waiting for its exit), then removes its folder. */
export async function stopProcess(child: ChildProcess, dir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
}
