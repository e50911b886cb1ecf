import { z } from 'zod';
import { Timestamp } from './common.ts';
import { UserSummary } from './users.ts';

/** What a compliance export covers (ADMIN-6): one room's messages, or every message one person sent. */
export const ExportScope = z
  .union([
    z.object({ roomId: z.string().min(1).max(64) }).strict(),
    z.object({ userId: z.string().min(1).max(64) }).strict(),
  ])
  .meta({ id: 'ExportScope' });
export type ExportScope = z.infer<typeof ExportScope>;

/** `POST /api/admin/exports` body: the scope and the time range (`from` inclusive, `to` exclusive). */
export const StartExportBody = z
  .object({
    scope: ExportScope,
    /** From this time on (ISO 8601). */
    from: z.iso.datetime({ offset: true }),
    /** Before this time (ISO 8601). */
    to: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'StartExportBody' });
export type StartExportBody = z.input<typeof StartExportBody>;

/** Where an export job is: waiting its turn, being written, ready to download, or given up. */
export const ExportStatus = z.enum(['queued', 'running', 'done', 'failed']);
export type ExportStatus = z.infer<typeof ExportStatus>;

/** One compliance export as the console lists it. */
export const ComplianceExport = z
  .object({
    id: z.string(),
    scope: ExportScope,
    /** The room's name or the person's nickname (@username) when the export was started. */
    scopeName: z.string(),
    from: Timestamp,
    to: Timestamp,
    status: ExportStatus,
    /** Messages written so far, of all the scope holds in the range. */
    progress: z.object({ done: z.number().int(), total: z.number().int() }),
    /** Bytes of the ZIP once done; null before. */
    size: z.number().int().nullable(),
    createdAt: Timestamp,
    finishedAt: Timestamp.nullable(),
    /** The server admin who started it. */
    requestedBy: UserSummary,
  })
  .meta({ id: 'ComplianceExport' });
export type ComplianceExport = z.infer<typeof ComplianceExport>;

/** `POST /api/admin/exports` response: the job just queued. */
export const StartExportResponse = z
  .object({ id: z.string(), status: ExportStatus })
  .meta({ id: 'StartExportResponse' });
export type StartExportResponse = z.infer<typeof StartExportResponse>;

/** `GET /api/admin/exports`: the exports of the last 7 days, newest first. */
export const ExportsResponse = z
  .object({ exports: z.array(ComplianceExport) })
  .meta({ id: 'ExportsResponse' });
export type ExportsResponse = z.infer<typeof ExportsResponse>;

/** `GET /api/admin/exports/:id`. */
export const ExportResponse = z.object({ export: ComplianceExport }).meta({ id: 'ExportResponse' });
export type ExportResponse = z.infer<typeof ExportResponse>;

/** Path parameter `:id` of an export. */
export const ExportIdParams = z.object({ id: z.string().min(1).max(64) });
