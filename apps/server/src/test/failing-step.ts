import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * Makes one database step fail ("boom") the way a full disk or a lost connection would, by a trigger: every
 * `event` (`delete`, or `update of <column>`) on `table` raises until the returned function removes it.
 */
export async function failingStep(
  db: Kysely<Database>,
  kind: 'sqlite' | 'postgres',
  table: keyof Database,
  event: 'delete' | `update of ${string}`,
): Promise<() => Promise<void>> {
  const name = `fail_${table}_${randomBytes(3).toString('hex')}`;
  if (kind === 'sqlite') {
    const body = `begin select raise(abort, 'boom'); end`;
    await sql`${sql.raw(`create trigger ${name} before ${event} on ${table} ${body}`)}`.execute(db);
    return async () => {
      await sql`${sql.raw(`drop trigger ${name}`)}`.execute(db);
    };
  }
  await sql`${sql.raw(
    `create function ${name}() returns trigger as $$ begin raise exception 'boom'; end $$ language plpgsql`,
  )}`.execute(db);
  await sql`${sql.raw(
    `create trigger ${name} before ${event} on ${table} for each row execute function ${name}()`,
  )}`.execute(db);
  return async () => {
    await sql`${sql.raw(`drop trigger ${name} on ${table}`)}`.execute(db);
    await sql`${sql.raw(`drop function ${name}()`)}`.execute(db);
  };
}
