import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * Makes one database step fail ("boom") the way a full disk or a lost connection would, by a trigger: every
 * `event` (`delete`, or `update of <column>`) on `table` raises until the returned function removes it.
 * With `when` (an SQL condition on the same database, the row as `old`), only while that holds: a test
 * states what the work must have written before the step, and the step does not fail (so the work goes
 * through, and the test sees it) unless the failure really comes half-way.
 */
export async function failingStep(
  db: Kysely<Database>,
  kind: 'sqlite' | 'postgres',
  table: keyof Database,
  event: 'delete' | `update of ${string}`,
  when?: string,
): Promise<() => Promise<void>> {
  const name = `fail_${table}_${randomBytes(3).toString('hex')}`;
  if (kind === 'sqlite') {
    const body = `${when ? `when ${when} ` : ''}begin select raise(abort, 'boom'); end`;
    await sql`${sql.raw(`create trigger ${name} before ${event} on ${table} ${body}`)}`.execute(db);
    return async () => {
      await sql`${sql.raw(`drop trigger ${name}`)}`.execute(db);
    };
  }
  // A BEFORE trigger that returns null skips the row: give the row back when the step may go on.
  const body = `begin if ${when ?? 'true'} then raise exception 'boom'; end if;
    if tg_op = 'DELETE' then return old; end if; return new; end`;
  await sql`${sql.raw(`create function ${name}() returns trigger as $$ ${body} $$ language plpgsql`)}`.execute(
    db,
  );
  await sql`${sql.raw(
    `create trigger ${name} before ${event} on ${table} for each row execute function ${name}()`,
  )}`.execute(db);
  return async () => {
    await sql`${sql.raw(`drop trigger ${name} on ${table}`)}`.execute(db);
    await sql`${sql.raw(`drop function ${name}()`)}`.execute(db);
  };
}
