import type { AdminAuditQuery, AdminAuditResponse } from '@messenger/shared';
import type { z } from 'zod';
import { AppError } from '../../app-error.ts';
import type { UnitOfWork } from '../../db/unit-of-work.ts';
import type { AuditFilter, AuditRow } from './audit.repository.ts';
import { auditCsvHead, auditCsvRows, peopleOf, presentAdminAuditEntry } from './audit.presenter.ts';

type ParsedQuery = z.output<typeof AdminAuditQuery>;
/** Rows per query of an export. */
const EXPORT_PAGE = 500;

export interface AuditServiceDeps {
  uow: UnitOfWork;
  /** Rows per query of an export (tests make it small to cross pages). */
  exportPageSize?: number;
}

/** The server-wide audit log for administrators (AUDIT-2): filtered pages and streamed exports. */
export class AuditService {
  private readonly d: AuditServiceDeps;

  constructor(deps: AuditServiceDeps) {
    this.d = deps;
  }

  private get repos() {
    return this.d.uow.repos;
  }

  /** The query's filters; an unknown actor matches nothing (an id no row has). */
  private async filter(q: ParsedQuery): Promise<AuditFilter> {
    let actorId: string | undefined;
    if (q.actor) actorId = (await this.repos.users.findByUsername(q.actor))?.id ?? '-';
    return {
      actorId,
      action: q.action,
      roomId: q.roomId,
      from: q.from ? Date.parse(q.from) : undefined,
      to: q.to ? Date.parse(q.to) : undefined,
    };
  }

  async page(q: ParsedQuery): Promise<AdminAuditResponse> {
    const before = q.cursor ? Number(q.cursor) : null;
    if (before !== null && !(Number.isSafeInteger(before) && before > 0))
      throw new AppError('request.invalid_query');
    const rows = await this.repos.audit.search(await this.filter(q), before, q.limit + 1);
    const page = rows.slice(0, q.limit);
    return {
      entries: await this.present(page),
      nextCursor: rows.length > q.limit && page.length > 0 ? String(page.at(-1)!.seq) : null,
    };
  }

  /** The whole filtered log, newest first, as CSV (BOM, formula-safe cells) or JSON lines, page by page. */
  async export(q: ParsedQuery, format: 'csv' | 'jsonl'): Promise<AsyncGenerator<string>> {
    const pages = this.repos.audit.pages(await this.filter(q), this.d.exportPageSize ?? EXPORT_PAGE);
    const present = (rows: AuditRow[]) => this.present(rows);
    return (async function* () {
      if (format === 'csv') yield auditCsvHead(true);
      for await (const rows of pages) {
        const entries = await present(rows);
        yield format === 'csv'
          ? auditCsvRows(entries)
          : entries.map((e) => `${JSON.stringify(e)}\n`).join('');
      }
    })();
  }

  private async present(rows: AuditRow[]) {
    const users = await peopleOf(rows, this.repos.users);
    return rows.map((r) => presentAdminAuditEntry(r, users));
  }
}
