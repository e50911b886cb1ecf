/**
 * The page's main-thread tasks from Chromium's own trace, with the CPU time of each: on a shared machine a task
 * can last longer than the work in it (the thread waits for a core), which PerformanceObserver cannot tell.
 */
import type { CDPSession } from 'playwright-core';
import { round1 } from './stats.ts';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  /** Start, in microseconds. */
  ts: number;
  /** Wall-clock duration and thread (CPU) duration, in microseconds. */
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** The longest task of the page's main thread, and the task with the most CPU time, in milliseconds. */
export interface MainThreadTasks {
  tasks: number;
  /** The longest task by wall clock, and how much of it the thread ran on a CPU. */
  longest: { ms: number; cpuMs: number };
  /** The most CPU time any one task used. */
  maxCpuMs: number;
}

/** Records Chromium's trace while `run` runs, and sums up the renderer main thread's tasks. */
export async function traceMainThread(cdp: CDPSession, run: () => Promise<void>): Promise<MainThreadTasks> {
  const events: TraceEvent[] = [];
  const collect = (e: { value: unknown[] }) => events.push(...(e.value as TraceEvent[]));
  cdp.on('Tracing.dataCollected', collect);
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['toplevel'] },
    transferMode: 'ReportEvents',
  });
  try {
    await run();
  } finally {
    const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await complete;
    cdp.off('Tracing.dataCollected', collect);
  }
  const thread = (e: TraceEvent) => `${e.pid}:${e.tid}`;
  const mains = new Set(
    events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map(thread),
  );
  // A task is an outermost "ThreadControllerImpl::RunTask" (nested ones are run loops inside it). The page's
  // renderer is the one that worked most (another renderer may idle in the same browser).
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events.sort((a, b) => a.ts - b.ts)) {
    if (e.name !== 'ThreadControllerImpl::RunTask' || e.ph !== 'X' || !mains.has(thread(e))) continue;
    const list = byThread.get(thread(e)) ?? [];
    const outer = list.at(-1);
    if (!outer || e.ts >= outer.ts + (outer.dur ?? 0)) list.push(e);
    byThread.set(thread(e), list);
  }
  const cpu = (list: TraceEvent[]) => list.reduce((sum, e) => sum + (e.tdur ?? 0), 0);
  const tasks = [...byThread.values()].sort((a, b) => cpu(b) - cpu(a))[0] ?? [];
  const longest = tasks.reduce<TraceEvent | undefined>(
    (a, e) => (!a || (e.dur ?? 0) > (a.dur ?? 0) ? e : a),
    undefined,
  );
  return {
    tasks: tasks.length,
    longest: { ms: round1((longest?.dur ?? 0) / 1000), cpuMs: round1((longest?.tdur ?? 0) / 1000) },
    maxCpuMs: round1(Math.max(0, ...tasks.map((e) => e.tdur ?? 0)) / 1000),
  };
}
