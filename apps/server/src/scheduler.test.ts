import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Scheduler } from './scheduler.ts';

/** A promise with its resolve function, to hold a job's run open. */
function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('Scheduler: the periodic jobs of the server', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs each job every interval and logs a failure with the job name, then keeps going', async () => {
    const errors: string[] = [];
    const scheduler = new Scheduler((err, job) => errors.push(`${job}: ${(err as Error).message}`));
    let runs = 0;
    scheduler.add({
      name: 'sweep',
      everyMs: 1000,
      run: async () => {
        runs += 1;
        if (runs === 2) throw new Error('database down');
      },
    });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(999);
    expect(runs).toBe(0);
    await vi.advanceTimersByTimeAsync(3001);
    expect(runs).toBe(4);
    expect(errors).toEqual(['sweep: database down']);
    await scheduler.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(runs).toBe(4);
  });

  it('never runs one job twice at once: a due run is skipped while the last one is still going', async () => {
    const scheduler = new Scheduler(() => {});
    const slow = gate();
    let runs = 0;
    scheduler.add({
      name: 'slow',
      everyMs: 10,
      run: async () => {
        runs += 1;
        await slow.promise;
      },
    });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(100);
    expect(runs).toBe(1);
    const now = scheduler.runNow('slow');
    expect(runs).toBe(1);
    slow.open();
    await now;
    await vi.advanceTimersByTimeAsync(10);
    expect(runs).toBe(2);
    await scheduler.stop();
  });

  it('stop waits for the runs in progress', async () => {
    const scheduler = new Scheduler(() => {});
    const slow = gate();
    let finished = false;
    scheduler.add({
      name: 'slow',
      everyMs: 10,
      run: async () => {
        await slow.promise;
        finished = true;
      },
    });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(10);
    const stopped = scheduler.stop().then(() => finished);
    slow.open();
    expect(await stopped).toBe(true);
  });

  it('refuses two jobs of one name', () => {
    const scheduler = new Scheduler(() => {});
    scheduler.add({ name: 'a', everyMs: 10, run: async () => {} });
    expect(() => scheduler.add({ name: 'a', everyMs: 10, run: async () => {} })).toThrow(/already/);
  });
});
