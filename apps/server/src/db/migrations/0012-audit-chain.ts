import { sql, type Kysely } from 'kysely';
import { chainHash, GENESIS_HASH } from '../../modules/audit/audit-chain.ts';

interface Row {
  id: string;
  created_at: number;
  actor_id: string | null;
  action: string;
  room_id: string | null;
  target_id: string | null;
  detail: string;
}

/**
 * The audit log becomes a hash chain (AUDIT-1): each row has its place (`seq`), the previous row's hash and
 * its own; `audit_chain` holds the head, which every writer locks, so rows are chained in commit order even
 * with several processes. The rows already there are chained in the order they were written.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('seq', 'bigint').execute();
  await db.schema.alterTable('audit_log').addColumn('prev_hash', 'text').execute();
  await db.schema.alterTable('audit_log').addColumn('hash', 'text').execute();
  await db.schema
    .createTable('audit_chain')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();

  const rows = (
    await sql<Row>`select id, created_at, actor_id, action, room_id, target_id, detail
      from audit_log order by created_at, id`.execute(db)
  ).rows;
  let prev = GENESIS_HASH;
  let seq = 0;
  for (const r of rows) {
    seq += 1;
    const hash = chainHash({ ...r, created_at: Number(r.created_at), seq, prev_hash: prev });
    await sql`update audit_log set seq = ${seq}, prev_hash = ${prev}, hash = ${hash} where id = ${r.id}`.execute(
      db,
    );
    prev = hash;
  }
  await sql`insert into audit_chain (id, seq, hash) values (1, ${seq}, ${prev})`.execute(db);
  await db.schema.createIndex('audit_log_seq_idx').on('audit_log').column('seq').unique().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('audit_log_seq_idx').execute();
  await db.schema.dropTable('audit_chain').execute();
  for (const column of ['hash', 'prev_hash', 'seq'])
    await db.schema.alterTable('audit_log').dropColumn(column).execute();
}
