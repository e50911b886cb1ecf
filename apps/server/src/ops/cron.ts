/**
 * A cron schedule (BACKUP_SCHEDULE): five fields, minute hour day-of-month month day-of-week, each `*`, a
 * number, a range `a-b`, a step `*\/n` or `a-b/n`, or a list of those; `@hourly`, `@daily`, `@weekly` and
 * `@monthly` too. As in cron, when both day fields are restricted a day matching either one runs. Times are
 * the server's local time (TZ).
 */
export interface Cron {
  readonly expression: string;
  matches(at: Date): boolean;
}

const SHORTCUTS: Record<string, string> = {
  '@hourly': '0 * * * *',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *',
};

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

function parseField(text: string, f: (typeof FIELDS)[number]): Set<number> {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!m) throw new Error(`${f.name}: "${part}" is not a number, range, step or *`);
    const from = m[1] === '*' ? f.min : Number(m[2]);
    const to = m[1] === '*' ? f.max : m[3] !== undefined ? Number(m[3]) : m[4] ? f.max : from;
    const step = m[4] ? Number(m[4]) : 1;
    if (from < f.min || to > f.max || from > to || step < 1)
      throw new Error(`${f.name}: "${part}" is outside ${f.min}-${f.max}`);
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

/** Parses a schedule; throws with the field and what is wrong. */
export function parseCron(expression: string): Cron {
  const text = SHORTCUTS[expression.trim().toLowerCase()] ?? expression.trim();
  const parts = text.split(/\s+/);
  if (parts.length !== 5)
    throw new Error(
      `expected five fields "minute hour day month weekday" (e.g. "30 2 * * *"), got "${expression}"`,
    );
  const [minute, hour, dom, month, dow] = parts.map((p, i) => parseField(p, FIELDS[i]!));
  if (dow!.has(7)) dow!.add(0); // 7 is Sunday too
  const domAny = parts[2] === '*';
  const dowAny = parts[4] === '*';
  return {
    expression,
    matches(at) {
      if (!minute!.has(at.getMinutes()) || !hour!.has(at.getHours()) || !month!.has(at.getMonth() + 1))
        return false;
      const byDom = dom!.has(at.getDate());
      const byDow = dow!.has(at.getDay());
      if (domAny && dowAny) return true;
      if (domAny) return byDow;
      if (dowAny) return byDom;
      return byDom || byDow;
    },
  };
}
