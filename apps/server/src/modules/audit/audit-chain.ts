import { createHash } from 'node:crypto';

/** The previous hash of the first row of the chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** What a row's hash covers: every column but the hash itself. */
export interface ChainedFields {
  seq: number;
  id: string;
  created_at: number;
  actor_id: string | null;
  action: string;
  room_id: string | null;
  target_id: string | null;
  detail: string;
  prev_hash: string;
}

/**
 * SHA-256 over a canonical encoding of a row (a JSON array in a fixed order, numbers as decimal strings), so
 * any change to any column, or to the order, changes it (AUDIT-1).
 */
export function chainHash(row: ChainedFields): string {
  const canonical = JSON.stringify([
    'audit/v1',
    String(row.seq),
    row.id,
    String(row.created_at),
    row.actor_id,
    row.action,
    row.room_id,
    row.target_id,
    row.detail,
    row.prev_hash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** What `verifyAuditChain` found. */
export type ChainVerdict =
  | { ok: true; rows: number; head: string }
  | { ok: false; rows: number; seq: number | null; id: string | null; problem: string };

/** The reads verification needs (a Kysely handle on the messenger's database satisfies it). */
export interface ChainReader {
  /** Rows with `seq` greater than `after` and at most `upTo`, by `seq`, at most `limit`. */
  page(after: number, upTo: number, limit: number): Promise<(ChainedFields & { hash: string | null })[]>;
  head(): Promise<{ seq: number; hash: string } | null>;
  /** Rows with no place in the chain (written around it). */
  unchained(): Promise<number>;
}

/**
 * Walks the chain in `seq` order, a page at a time, up to the head read first (rows appended meanwhile are
 * left for the next run) (AUDIT-1): every row must follow the previous one (no gap, nothing inserted), carry
 * its hash and hash to it, and the head's row must be there with the head's hash (nothing removed from the
 * end). A row outside the chain fails too. Stops at the first row that does not hold and names it.
 */
export async function verifyAuditChain(reader: ChainReader, pageSize = 1000): Promise<ChainVerdict> {
  const head = await reader.head();
  const last = head ? Number(head.seq) : 0;
  let prev = GENESIS_HASH;
  let expected = 1;
  let rows = 0;
  while (expected <= last) {
    const page = await reader.page(expected - 1, last, pageSize);
    for (const row of page) {
      const seq = Number(row.seq);
      const bad = (problem: string): ChainVerdict => ({ ok: false, rows, seq, id: row.id, problem });
      if (seq !== expected) return bad(`row ${expected} is missing (the next row is ${seq})`);
      if (row.prev_hash !== prev) return bad('does not follow the row before it (previous hash differs)');
      if (row.hash !== chainHash({ ...row, seq, created_at: Number(row.created_at) }))
        return bad('was changed after it was written (its hash does not match its content)');
      prev = row.hash;
      expected += 1;
      rows += 1;
    }
    if (page.length < pageSize) break;
  }
  if (rows !== last || (head && head.hash !== prev))
    return {
      ok: false,
      rows,
      seq: last,
      id: null,
      problem: `the chain ends at row ${rows} but its head says row ${last}: rows were removed from the end`,
    };
  const outside = await reader.unchained();
  if (outside > 0)
    return {
      ok: false,
      rows,
      seq: null,
      id: null,
      problem: `${outside} row(s) have no place in the chain: written around it`,
    };
  return { ok: true, rows, head: prev };
}
