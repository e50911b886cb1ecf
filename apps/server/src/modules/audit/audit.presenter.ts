import type { AdminAuditEntry, AuditAction, RoomAuditEntry } from '@messenger/shared';
import type { AuditRow } from './audit.repository.ts';
import { presentUserSummary } from '../users/users.presenter.ts';
import type { UserRow } from '../users/users.repository.ts';

/** The people audit rows name (actors and targets), read once for a page of rows. */
export async function peopleOf(
  rows: AuditRow[],
  users: { findMany(ids: string[]): Promise<UserRow[]> },
): Promise<Map<string, UserRow>> {
  const ids = [...new Set(rows.flatMap((r) => [r.actor_id, r.target_id]).filter((v): v is string => !!v))];
  return new Map((await users.findMany(ids)).map((u) => [u.id, u]));
}

/**
 * One audit row as the room's admins see it (ADM-6). A target is a person only when it names a user row
 * (deleted users keep theirs); a file's id is not a person, and its name is in the details.
 */
export function presentAuditEntry(row: AuditRow, users: Map<string, UserRow>): RoomAuditEntry {
  const target = row.target_id ? users.get(row.target_id) : undefined;
  return {
    id: row.id,
    at: new Date(row.created_at).toISOString(),
    // Rows are written only through AuditRepository.record, whose entry takes an AuditAction.
    action: row.action as AuditAction,
    actor: row.actor_id ? presentUserSummary(users.get(row.actor_id), row.actor_id) : null,
    target: target ? presentUserSummary(target, target.id) : null,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
  };
}

/** One row of the server-wide log (AUDIT-2): the room view plus its place in the chain and its room. */
export function presentAdminAuditEntry(row: AuditRow, users: Map<string, UserRow>): AdminAuditEntry {
  return { ...presentAuditEntry(row, users), seq: Number(row.seq), roomId: row.room_id };
}

/**
 * A CSV cell: quoted, quotes doubled, and text a spreadsheet would run as a formula (starting with = + - @,
 * tab or carriage return) prefixed with an apostrophe (OWASP "CSV injection").
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** Details as a person reads them: `name: 옛 이름 → 새 이름; postPolicy: everyone → admins`. */
function detailText(detail: Record<string, unknown>): string {
  const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  return Object.entries(detail)
    .map(([key, v]) => {
      const change = v as { from?: unknown; to?: unknown } | null;
      return change && typeof change === 'object' && 'to' in change
        ? `${key}: ${text(change.from)} → ${text(change.to)}`
        : `${key}: ${text(v)}`;
    })
    .join('; ');
}

const HEADER = ['time', 'action', 'actor', 'actor_username', 'target', 'target_username', 'detail'];
/** The server-wide export adds the place in the chain and the room (AUDIT-2). */
const ADMIN_HEADER = ['seq', ...HEADER, 'room_id'];

/**
 * The CSV's start: a UTF-8 byte-order mark, so spreadsheet programs read Korean names right, and the header
 * line. Rows follow from `auditCsvRows`, page by page.
 */
export function auditCsvHead(admin = false): string {
  return `\uFEFF${(admin ? ADMIN_HEADER : HEADER).map(csvCell).join(',')}\r\n`;
}

/** Entries as CSV lines, each ending in CRLF (with `seq` and the room for server-wide entries). */
export function auditCsvRows(entries: (RoomAuditEntry | AdminAuditEntry)[]): string {
  const name = (u: RoomAuditEntry['actor']) => (u ? (u.deleted ? '(deleted user)' : u.nickname) : '');
  return entries
    .map((e) => {
      const cells = [
        e.at,
        e.action,
        name(e.actor),
        e.actor?.username ?? '',
        name(e.target),
        e.target?.username ?? '',
        detailText(e.detail),
      ];
      const all = 'seq' in e ? [String(e.seq), ...cells, e.roomId ?? ''] : cells;
      return all.map(csvCell).join(',') + '\r\n';
    })
    .join('');
}
