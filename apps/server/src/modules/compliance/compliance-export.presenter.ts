import type { ComplianceExport } from '@messenger/shared';
import { presentUserSummary } from '../users/users.presenter.ts';
import type { UserRow } from '../users/users.repository.ts';
import type { FileRow } from '../files/files.repository.ts';
import type { MessageRow } from '../messages/messages.repository.ts';
import type { ExportRow } from './compliance-export.repository.ts';
import { safeEntryName } from './export-zip.ts';

const iso = (ms: number): string => new Date(ms).toISOString();

/** One export job as the console lists it (ADMIN-6). */
export function presentExport(row: ExportRow, users: Map<string, UserRow>): ComplianceExport {
  return {
    id: row.id,
    scope: row.scope_kind === 'room' ? { roomId: row.scope_id } : { userId: row.scope_id },
    scopeName: row.scope_name,
    from: iso(row.range_from),
    to: iso(row.range_to),
    status: row.status,
    progress: { done: row.done, total: row.total },
    size: row.size,
    createdAt: iso(row.created_at),
    finishedAt: row.finished_at === null ? null : iso(row.finished_at),
    requestedBy: presentUserSummary(users.get(row.requested_by), row.requested_by),
  };
}

/** Where a stored file goes inside the ZIP: `files/<id>-<safe name>`. */
export function fileEntryPath(file: Pick<FileRow, 'id' | 'name'>): string {
  return `files/${file.id}-${safeEntryName(file.name)}`;
}

/** A person as `people.json` and each message line describe them (deleted accounts have no names left). */
export function presentPerson(row: UserRow | undefined, id: string) {
  const u = presentUserSummary(row, id);
  return { id: u.id, username: u.username, nickname: u.nickname, deleted: u.deleted };
}

/**
 * One line of `messages.jsonl`: the message as stored, with its room, sender and attachments (each with its
 * path inside the ZIP, or null when the file was deleted or its bytes are `missing` from the disk).
 */
export function presentExportMessage(
  m: MessageRow,
  room: { name: string | null } | undefined,
  sender: UserRow | undefined,
  files: FileRow[],
  missing: ReadonlySet<string> = new Set(),
) {
  return {
    id: m.id,
    roomId: m.room_id,
    roomName: room?.name ?? null,
    seq: m.seq,
    kind: m.kind,
    at: iso(m.created_at),
    sender: m.sender_id ? presentPerson(sender, m.sender_id) : null,
    // An encrypted message's envelope is nobody's text here: E2E rooms export metadata only (E2E-41).
    text: m.kind === 'e2e' ? '' : m.body,
    replyTo: m.reply_to_id,
    edited: m.edited_at !== null,
    editedAt: m.edited_at === null ? null : iso(Number(m.edited_at)),
    deleted: m.deleted_at !== null,
    deletedAt: m.deleted_at === null ? null : iso(Number(m.deleted_at)),
    system: m.system_event ? (JSON.parse(m.system_event) as unknown) : null,
    attachments: files.map((f) => ({
      fileId: f.id,
      name: f.name,
      contentType: f.content_type,
      size: f.size,
      sha256: f.sha256,
      path: f.deleted_at === null && !missing.has(f.id) ? fileEntryPath(f) : null,
      /** Not deleted, but its bytes were not on disk when exported. */
      missing: missing.has(f.id),
    })),
  };
}
