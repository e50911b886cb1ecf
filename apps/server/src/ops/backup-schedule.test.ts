import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { Scheduler } from '../scheduler.ts';
import { createStateStore } from '../state/index.ts';
import { REDIS_URL } from '../test/databases.ts';
import { startTestApp } from '../test/harness.ts';
import { lastBackupKey, scheduleBackups } from './backup-schedule.ts';
import { parseCron } from './cron.ts';

const at = (s: string) => new Date(s); // local time, as cron reads it

describe('OPS-9: the backup schedule', () => {
  it('reads cron fields, steps, ranges, lists and shortcuts; a bad field is named', () => {
    const daily = parseCron('30 2 * * *');
    expect(daily.matches(at('2026-12-07T02:30:00'))).toBe(true);
    expect(daily.matches(at('2026-12-07T02:31:00'))).toBe(false);
    const weekdays = parseCron('0 */6 * * 1-5');
    expect(weekdays.matches(at('2026-12-07T12:00:00'))).toBe(true); // a Monday
    expect(weekdays.matches(at('2026-12-06T12:00:00'))).toBe(false); // a Sunday
    expect(parseCron('0 0 * * 7').matches(at('2026-12-06T00:00:00'))).toBe(true); // 7 is Sunday
    // Both day fields restricted: either one.
    const either = parseCron('0 3 1 * 0');
    expect(either.matches(at('2026-12-01T03:00:00'))).toBe(true);
    expect(either.matches(at('2026-12-06T03:00:00'))).toBe(true);
    expect(either.matches(at('2026-12-07T03:00:00'))).toBe(false);
    expect(parseCron('@daily').matches(at('2026-12-07T00:00:00'))).toBe(true);
    expect(parseCron('0,15,30,45 * * * *').matches(at('2026-12-07T10:45:00'))).toBe(true);
    expect(() => parseCron('61 * * * *')).toThrow(/minute: "61" is outside 0-59/);
    expect(() => parseCron('0 2 * *')).toThrow(/five fields/);
    expect(() => parseCron('0 2 * * mon')).toThrow(/day of week/);
  });

  it('writes a backup in a due minute, once across processes, and keeps the newest BACKUP_KEEP', async () => {
    const t = await startTestApp({ env: { BACKUP_SCHEDULE: '*/10 * * * *', BACKUP_KEEP: '2' } });
    // Two processes sharing one state store (Redis when there is one, as in production).
    const store = REDIS_URL ? createStateStore(REDIS_URL) : t.store;
    let clock = at('2026-12-07T02:10:00').getTime();
    const schedulers = [0, 1].map(() => new Scheduler((err) => expect.fail(String(err))));
    for (const scheduler of schedulers)
      scheduleBackups({ scheduler, store, config: t.config, log: t.http.log, now: () => clock });
    const tick = async () => {
      for (const s of schedulers) await s.runNow('scheduled backup');
    };
    try {
      await tick();
      expect(await readdir(t.config.backupDir)).toEqual([`messenger-${utcStamp(clock)}.tar.gz`]);
      clock += 60_000; // 02:11: not due
      await tick();
      expect(await readdir(t.config.backupDir)).toHaveLength(1);
      clock = at('2026-12-07T02:20:00').getTime();
      await tick();
      clock = at('2026-12-07T02:30:00').getTime();
      await tick();
      const names = (await readdir(t.config.backupDir)).sort();
      expect(names).toHaveLength(2);
      expect(names[1]).toBe(`messenger-${utcStamp(clock)}.tar.gz`);
      const last = JSON.parse((await store.get(lastBackupKey(t.config)))!) as { file: string; bytes: number };
      expect(last.file).toMatch(new RegExp(`${names[1]}$`));
      expect(last.bytes).toBeGreaterThan(0);
    } finally {
      await Promise.all(schedulers.map((s) => s.stop()));
      if (store !== t.store) {
        await store.del(lastBackupKey(t.config));
        await store.close();
      }
      await t.close();
    }
  });
});

/** The UTC stamp in a backup's name. */
function utcStamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}
