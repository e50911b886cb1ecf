import type { WorkerLike } from './e2eClient.ts';

/** Starts the E2E module worker (Vite bundles it as its own chunk from this exact expression). */
export function spawnE2eWorker(): WorkerLike {
  return new Worker(new URL('./worker/e2e.worker.ts', import.meta.url), {
    type: 'module',
    name: 'e2e',
  }) as unknown as WorkerLike;
}
