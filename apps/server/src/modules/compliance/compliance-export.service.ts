import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { ComplianceExport, StartExportBody, StartExportResponse } from '@messenger/shared';
import type { z } from 'zod';
import { AppError } from '../../app-error.ts';
import type { ConversationRepos, UnitOfWork } from '../../db/unit-of-work.ts';
import type { FileStorage } from '../files/file-storage.ts';
import type { ExportCursor, ExportRow, ExportSelection } from './compliance-export.repository.ts';
import {
  fileEntryPath,
  presentExport,
  presentExportMessage,
  presentPerson,
} from './compliance-export.presenter.ts';
import { ExportZipWriter } from './export-zip.ts';

type StartInput = z.output<typeof StartExportBody>;

/** Exports are kept this long, then removed with their ZIP (ADMIN-6). */
export const EXPORT_KEEP_MS = 7 * 24 * 60 * 60 * 1000;
/** How often a process refreshes the jobs it holds. */
const HEARTBEAT_MS = 10_000;
/** A queued or running job not refreshed for this long lost its process (a restart, a crash). */
const STALE_MS = 60_000;
const PAGE = 500;

export interface ComplianceExportServiceDeps {
  uow: UnitOfWork;
  storage: FileStorage;
  /** ZIPs are written to `<dataDir>/exports/` (owner-only). */
  dataDir: string;
  now: () => number;
  log: { error(obj: object, msg: string): void };
  newId: () => string;
  /** Messages read per query; tests make it small to cross pages. */
  pageSize?: number;
}

/** What the messages pass found, for the entries written after it. */
interface Seen {
  rooms: Map<string, { id: string; name: string | null }>;
  people: Set<string>;
  messages: number;
  files: number;
  /** Attachments whose bytes were not on disk. */
  missing: number;
}

/** Thrown inside a job whose export was deleted meanwhile, or whose process is stopping. */
class Stopped extends Error {}

/**
 * Compliance exports (ADMIN-6): one room's messages, or every message one person sent, in a time range,
 * with the files attached, as a ZIP. Jobs run one after another in the process that accepted them, reading
 * messages a page at a time into a ZIP streamed to disk; the row in `compliance_exports` carries the status
 * and progress for every process, and a heartbeat, so a job whose process died is reported failed.
 */
export class ComplianceExportService {
  private readonly d: ComplianceExportServiceDeps;
  private readonly dir: string;
  private queue: Promise<void> = Promise.resolve();
  private readonly held = new Set<string>();
  private stopping = false;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(deps: ComplianceExportServiceDeps) {
    this.d = deps;
    this.dir = path.join(deps.dataDir, 'exports');
  }

  private get repos(): ConversationRepos {
    return this.d.uow.repos;
  }

  private zipPath(id: string): string {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new AppError('export.not_found');
    return path.join(this.dir, `${id}.zip`);
  }

  /** Queues an export of the scope in `[from, to)`; audited with the scope and range in its transaction. */
  async start(actorId: string, input: StartInput): Promise<StartExportResponse> {
    const from = Date.parse(input.from);
    const to = Date.parse(input.to);
    if (!(from < to)) throw new AppError('export.invalid_range');
    const kind = 'roomId' in input.scope ? ('room' as const) : ('user' as const);
    const scopeId = 'roomId' in input.scope ? input.scope.roomId : input.scope.userId;
    const scopeName = await this.scopeName(kind, scopeId);
    const now = this.d.now();
    const id = this.d.newId();
    await this.d.uow.transaction(async (tx) => {
      await tx.exports.insert({
        ...{ id, requested_by: actorId, scope_kind: kind, scope_id: scopeId, scope_name: scopeName },
        ...{ range_from: from, range_to: to, status: 'queued', done: 0, total: 0, size: null },
        ...{ created_at: now, heartbeat_at: now, finished_at: null },
      });
      const detail = {
        exportId: id,
        scope: { kind, id: scopeId, name: scopeName },
        from: input.from,
        to: input.to,
      };
      // The room is in the details, not the row's room: the room's own admins never see compliance work.
      await tx.audit.record(
        { actorId, action: 'compliance.export_started', targetId: kind === 'user' ? scopeId : null, detail },
        now,
      );
    });
    this.enqueue(id);
    return { id, status: 'queued' };
  }

  private async scopeName(kind: 'room' | 'user', id: string): Promise<string> {
    if (kind === 'room') {
      const room = (await this.repos.exports.rooms([id]))[0];
      if (!room) throw new AppError('export.scope_not_found');
      return room.name ?? '';
    }
    const user = await this.repos.users.findById(id);
    if (!user) throw new AppError('export.scope_not_found');
    const person = presentPerson(user, id);
    return person.deleted ? '' : `${person.nickname} (@${person.username})`;
  }

  /** The exports of the last 7 days, newest first; older ones and their ZIPs go, stale jobs turn failed. */
  async list(): Promise<ComplianceExport[]> {
    await this.tidy();
    const rows = await this.repos.exports.since(this.d.now() - EXPORT_KEEP_MS);
    return this.present(rows);
  }

  /** One export. */
  async get(id: string): Promise<ComplianceExport> {
    await this.tidy();
    return (await this.present([await this.found(id)]))[0]!;
  }

  private async found(id: string): Promise<ExportRow> {
    const row = await this.repos.exports.find(id);
    if (!row || row.created_at < this.d.now() - EXPORT_KEEP_MS) throw new AppError('export.not_found');
    return row;
  }

  private async present(rows: ExportRow[]): Promise<ComplianceExport[]> {
    const users = await this.repos.users.findMany([...new Set(rows.map((r) => r.requested_by))]);
    const byId = new Map(users.map((u) => [u.id, u]));
    return rows.map((r) => presentExport(r, byId));
  }

  private async tidy(): Promise<void> {
    const now = this.d.now();
    const expired = await this.repos.exports.deleteOlderThan(now - EXPORT_KEEP_MS);
    const stale = await this.repos.exports.failStale(now - STALE_MS, now);
    for (const id of [...expired, ...stale]) await this.removeFiles(id);
  }

  private async removeFiles(id: string): Promise<void> {
    await rm(this.zipPath(id), { force: true });
    await rm(`${this.zipPath(id)}.part`, { force: true });
  }

  /** The finished ZIP of an export, for a server admin; the download is audited before the first byte. */
  async download(actorId: string, id: string): Promise<{ stream: Readable; size: number; filename: string }> {
    const row = await this.found(id);
    if (row.status !== 'done') throw new AppError('export.not_ready');
    const file = this.zipPath(id);
    const size = await this.d.storage.size(file);
    if (size === null) throw new AppError('export.not_ready');
    await this.d.uow.transaction((tx) =>
      tx.audit.record(
        {
          actorId,
          action: 'compliance.export_downloaded',
          targetId: row.scope_kind === 'user' ? row.scope_id : null,
          detail: { exportId: id, scope: { kind: row.scope_kind, id: row.scope_id, name: row.scope_name } },
        },
        this.d.now(),
      ),
    );
    const day = new Date(row.created_at).toISOString().slice(0, 10);
    return { stream: this.d.storage.open(file), size, filename: `export-${day}-${id.slice(0, 8)}.zip` };
  }

  /** Removes an export and its ZIP (a running job stops at its next page). */
  async remove(actorId: string, id: string): Promise<void> {
    const row = await this.found(id);
    await this.d.uow.transaction(async (tx) => {
      if (!(await tx.exports.delete(id))) throw new AppError('export.not_found');
      await tx.audit.record(
        {
          actorId,
          action: 'compliance.export_deleted',
          targetId: row.scope_kind === 'user' ? row.scope_id : null,
          detail: { exportId: id, scope: { kind: row.scope_kind, id: row.scope_id, name: row.scope_name } },
        },
        this.d.now(),
      );
    });
    if (!this.held.has(id)) await this.removeFiles(id);
  }

  /** Stops taking jobs: the running one stops at its next page and is marked failed; waits for it. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.queue;
  }

  private enqueue(id: string): void {
    this.held.add(id);
    this.heartbeat ??= setInterval(() => {
      this.repos.exports
        .touch([...this.held], this.d.now())
        .catch((err: unknown) => this.d.log.error({ err }, 'export heartbeat failed'));
    }, HEARTBEAT_MS).unref();
    this.queue = this.queue.then(async () => {
      try {
        await this.run(id);
      } catch (err) {
        if (!(err instanceof Stopped)) this.d.log.error({ err, exportId: id }, 'compliance export failed');
        await this.repos.exports.fail(id, this.d.now()).catch(() => {});
        await this.removeFiles(id).catch(() => {});
      } finally {
        this.held.delete(id);
        if (this.held.size === 0 && this.heartbeat) {
          clearInterval(this.heartbeat);
          this.heartbeat = null;
        }
      }
    });
  }

  private async run(id: string): Promise<void> {
    if (this.stopping) throw new Stopped('stopping');
    const row = await this.repos.exports.find(id);
    if (!row) return;
    const selection: ExportSelection = {
      kind: row.scope_kind,
      id: row.scope_id,
      from: row.range_from,
      to: row.range_to,
    };
    const total = await this.repos.exports.countMessages(selection);
    if (!(await this.repos.exports.markRunning(id, total, this.d.now()))) return;
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const part = `${this.zipPath(id)}.part`;
    const zip = new ExportZipWriter(part);
    try {
      await this.write(zip, row, selection, total);
      await zip.end();
      const size = (await stat(part)).size;
      await rename(part, this.zipPath(id));
      if (!(await this.repos.exports.finish(id, size, this.d.now()))) throw new Stopped('deleted');
    } catch (err) {
      zip.abort();
      throw err;
    }
  }

  /** Writes every entry: the messages, their files, the rooms and people, and the manifest last. */
  private async write(
    zip: ExportZipWriter,
    row: ExportRow,
    s: ExportSelection,
    total: number,
  ): Promise<void> {
    const seen: Seen = {
      rooms: new Map(),
      people: new Set(s.kind === 'user' ? [s.id] : []),
      messages: 0,
      files: 0,
      missing: 0,
    };
    await zip.addChunks('messages.jsonl', this.lines(zip, row.id, s, seen));
    const { people, messages, files } = seen;
    const repos = this.repos;
    const roomRows = await repos.exports.rooms([...(s.kind === 'room' ? [s.id] : []), ...seen.rooms.keys()]);
    zip.addJson(
      'rooms.json',
      [...new Map(roomRows.map((r) => [r.id, r])).values()].map((r) => ({
        id: r.id,
        kind: r.kind,
        name: r.name,
        description: r.description,
        createdAt: new Date(Number(r.created_at)).toISOString(),
        // Why its messages have no text: an encrypted room exports metadata only (E2E-41).
        e2e: Number(r.e2e) === 1,
      })),
    );
    // A room's people: everyone who wrote in the range, and its members now.
    if (s.kind === 'room') for (const id of await repos.rooms.memberIds(s.id)) people.add(id);
    const users = await repos.users.findMany([...people]);
    const byId = new Map(users.map((u) => [u.id, u]));
    zip.addJson(
      'people.json',
      [...people].map((id) => presentPerson(byId.get(id), id)),
    );
    const entries = await zip.entries();
    const requester = await repos.users.findById(row.requested_by);
    zip.addJson('manifest.json', {
      format: 'messenger-compliance-export/1',
      exportId: row.id,
      exportedBy: presentPerson(requester, row.requested_by),
      exportedAt: new Date(this.d.now()).toISOString(),
      scope:
        s.kind === 'room' ? { roomId: s.id, name: row.scope_name } : { userId: s.id, name: row.scope_name },
      range: { from: new Date(s.from).toISOString(), to: new Date(s.to).toISOString() },
      counts: {
        messages,
        files,
        missingFiles: seen.missing,
        rooms: roomRows.length,
        people: people.size,
        expected: total,
      },
      entries,
    });
  }

  /**
   * `messages.jsonl`, a page of lines per chunk, pulled as the ZIP is written; queues each page's files and
   * records the progress after each page (stopping when the export was deleted meanwhile).
   */
  private async *lines(
    zip: ExportZipWriter,
    id: string,
    s: ExportSelection,
    seen: Seen,
  ): AsyncGenerator<string> {
    const repos = this.repos;
    let after: ExportCursor | null = null;
    for (;;) {
      if (this.stopping) throw new Stopped('stopping');
      const page = await repos.exports.messagePage(s, after, this.d.pageSize ?? PAGE);
      if (page.length === 0) return;
      const roomIds = [...new Set(page.map((m) => m.room_id))].filter((r) => !seen.rooms.has(r));
      for (const r of await repos.exports.rooms(roomIds)) seen.rooms.set(r.id, r);
      const senderIds = [...new Set(page.map((m) => m.sender_id).filter((v): v is string => !!v))];
      const senders = new Map((await repos.users.findMany(senderIds)).map((u) => [u.id, u]));
      const attached = await repos.files.forMessages(page.filter((m) => m.file_count > 0).map((m) => m.id));
      let chunk = '';
      for (const m of page) {
        if (m.sender_id) seen.people.add(m.sender_id);
        const mine = attached.filter((f) => f.message_id === m.id);
        const missing = new Set<string>();
        for (const f of mine.filter((x) => x.deleted_at === null)) {
          const bytes = this.d.storage.objectPath(f.id);
          // Bytes lost on disk (a restored database without its files) are named, not a failed export.
          if ((await this.d.storage.size(bytes)) === null) {
            missing.add(f.id);
            seen.missing++;
            continue;
          }
          zip.addFile(fileEntryPath(f), bytes);
          seen.files++;
        }
        const sender = senders.get(m.sender_id ?? '');
        const line = presentExportMessage(m, seen.rooms.get(m.room_id), sender, mine, missing);
        chunk += `${JSON.stringify(line)}\n`;
      }
      seen.messages += page.length;
      yield chunk;
      if (!(await repos.exports.progress(id, seen.messages, this.d.now()))) throw new Stopped('deleted');
      const last = page.at(-1)!;
      after = { seq: last.seq, at: last.created_at, id: last.id };
    }
  }
}
