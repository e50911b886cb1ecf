/**
 * What the benchmarks observe of processes: the server's Prometheus /metrics, CPU and memory from /proc.
 */
import { readFileSync } from 'node:fs';

/** Samples of the server's Prometheus /metrics, keyed `name` or `name{labels}` as printed. */
export async function scrapeMetrics(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^([a-zA-Z0-9_:]+(?:\{[^}]*\})?) ([0-9.e+-]+)$/gm)) out[m[1]!] = Number(m[2]);
  return out;
}

/** Bytes to MB (MiB), rounded. */
export const mb = (bytes: number): number => Math.round(bytes / 1048576);

const CLOCK_TICKS = 100;
const PAGE_SIZE = 4096;

/** CPU seconds (user + system) and resident memory of a process, from /proc (Linux). */
export function procStats(pid: number): { cpuSeconds: number; rssBytes: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after "(comm)": state is field 3, utime 14, stime 15, rss 24 (1-based, man proc).
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    cpuSeconds: (Number(f[11]) + Number(f[12])) / CLOCK_TICKS,
    rssBytes: Number(f[21]) * PAGE_SIZE,
  };
}

/**
 * Resident memory of a process split by kind, from /proc/<pid>/status: anonymous (heap, buffers: what the
 * process itself allocated) and file-backed (mostly the node binary's code, shared and reclaimable).
 */
export function procMemory(pid: number): { rssMb: number; anonMb: number; fileMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return {
    rssMb: Math.round(kb('VmRSS') / 1024),
    anonMb: Math.round(kb('RssAnon') / 1024),
    fileMb: Math.round(kb('RssFile') / 1024),
  };
}

/** Busy CPU seconds of the whole machine (all cores, every process), from /proc/stat. */
function machineBusySeconds(): number {
  // cpu  user nice system idle iowait irq softirq steal ...: everything but idle and iowait is busy.
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const busy = f[0]! + f[1]! + f[2]! + f[5]! + f[6]! + f[7]!;
  return busy / CLOCK_TICKS;
}

/** CPU use over a window, in % of one core. */
export interface CpuUsage {
  serverCpuPercent: number;
  benchCpuPercent: number;
  /** Everything else on the machine (other people's tests...): a noise indicator. */
  otherCpuPercent: number;
  peakServerRssMb: number;
}

/** CPU use of the server, of this (load-generating) process and of the rest of the machine over a window. */
export class CpuMeter {
  private readonly pid: number;
  private t0 = 0;
  private server0 = 0;
  private machine0 = 0;
  private self0 = process.cpuUsage();
  peakRssBytes = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(pid: number) {
    this.pid = pid;
  }

  /** Starts the window and samples the server's RSS every second for its peak. */
  start(): void {
    this.t0 = performance.now();
    this.server0 = procStats(this.pid).cpuSeconds;
    this.machine0 = machineBusySeconds();
    this.self0 = process.cpuUsage();
    this.peakRssBytes = procStats(this.pid).rssBytes;
    this.timer = setInterval(() => {
      this.peakRssBytes = Math.max(this.peakRssBytes, procStats(this.pid).rssBytes);
    }, 1000);
  }

  /** Ends the window. */
  stop(): CpuUsage {
    clearInterval(this.timer);
    const seconds = (performance.now() - this.t0) / 1000;
    const self = process.cpuUsage(this.self0);
    const server = procStats(this.pid).cpuSeconds - this.server0;
    const bench = (self.user + self.system) / 1e6;
    const pct = (s: number) => Math.max(0, Math.round((s / seconds) * 100));
    return {
      serverCpuPercent: pct(server),
      benchCpuPercent: pct(bench),
      otherCpuPercent: pct(machineBusySeconds() - this.machine0 - server - bench),
      peakServerRssMb: mb(this.peakRssBytes),
    };
  }
}
