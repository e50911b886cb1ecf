/**
 * The one seam between SQLite and PostgreSQL: every difference the code needs to know of is answered here,
 * never by an adapter check elsewhere.
 */

/** Whether `err` is the database refusing a duplicate key (a unique index or a primary key), on either dialect. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
