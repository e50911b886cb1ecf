/** A periodic job of the server. */
export interface Job {
  /** Names the job in logs (and, later, in the choice of the process that runs it). */
  name: string;
  /** Milliseconds between the starts of two runs. */
  everyMs: number;
  /** One run; a thrown error is logged and the next run comes as planned. */
  run(): Promise<unknown>;
}

/**
 * Runs every periodic job of the server (poll sweep, upload sweep, cleanup, session expiry) on its own timer:
 * a run that is still going when its next one is due makes that one skip, so a job never overlaps itself,
 * and a failure is logged with the job's name. Timers do not keep the process alive. Kept in one place so
 * that scale-out can run the jobs on one process only.
 */
export class Scheduler {
  private readonly jobs = new Map<string, Job>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly log: (err: unknown, job: string) => void;
  private started = false;

  constructor(log: (err: unknown, job: string) => void) {
    this.log = log;
  }

  /** Adds a job; it starts with the scheduler (at once if the scheduler already runs). */
  add(job: Job): void {
    if (this.jobs.has(job.name)) throw new Error(`job "${job.name}" is already scheduled`);
    this.jobs.set(job.name, job);
    if (this.started) this.arm(job);
  }

  /** Starts every job's timer; the first run comes one interval from now. */
  start(): void {
    this.started = true;
    for (const job of this.jobs.values()) this.arm(job);
  }

  /** Runs a job now unless it is running already (then waits for that run); never throws. */
  runNow(name: string): Promise<void> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`no job "${name}"`);
    const current = this.running.get(name);
    if (current) return current;
    const run = (async () => {
      try {
        await job.run();
      } catch (err) {
        this.log(err, name);
      } finally {
        this.running.delete(name);
      }
    })();
    this.running.set(name, run);
    return run;
  }

  /** Stops the timers and waits for the runs in progress. */
  async stop(): Promise<void> {
    this.started = false;
    for (const timer of this.timers.values()) clearInterval(timer);
    this.timers.clear();
    await Promise.all(this.running.values());
  }

  private arm(job: Job): void {
    if (this.timers.has(job.name)) return;
    const timer = setInterval(() => {
      if (!this.running.has(job.name)) void this.runNow(job.name);
    }, job.everyMs);
    timer.unref();
    this.timers.set(job.name, timer);
  }
}
