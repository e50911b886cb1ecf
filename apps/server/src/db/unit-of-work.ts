import type { Kysely } from 'kysely';
import { AuditRepository } from '../modules/audit/audit.repository.ts';
import { ComplianceExportRepository } from '../modules/compliance/compliance-export.repository.ts';
import { E2eRepository } from '../modules/e2e/e2e.repository.ts';
import { E2eBackupRepository } from '../modules/e2e/e2e-backup.repository.ts';
import { FilesRepository } from '../modules/files/files.repository.ts';
import { PinsRepository } from '../modules/pins/pins.repository.ts';
import { PollsRepository } from '../modules/polls/polls.repository.ts';
import { MessagesRepository } from '../modules/messages/messages.repository.ts';
import { RoomsRepository } from '../modules/rooms/rooms.repository.ts';
import { SearchRepository } from '../modules/search/search.repository.ts';
import { SessionsRepository } from '../modules/sessions/sessions.repository.ts';
import { TwoFactorRepository } from '../modules/auth/two-factor.repository.ts';
import { SettingsRepository } from '../modules/system/settings.repository.ts';
import { UsersRepository } from '../modules/users/users.repository.ts';
import type { Database } from './schema.ts';

/** The conversation repositories, bound to one handle (the pool, or a transaction). */
export interface ConversationRepos {
  rooms: RoomsRepository;
  messages: MessagesRepository;
  users: UsersRepository;
  files: FilesRepository;
  audit: AuditRepository;
  polls: PollsRepository;
  pins: PinsRepository;
  search: SearchRepository;
  /** Sessions, for the few changes that end them in the same transaction (account deletion). */
  sessions: SessionsRepository;
  /** Second factors, settings: their changes commit with their audit entries (AUDIT-3). */
  twoFactor: TwoFactorRepository;
  settings: SettingsRepository;
  /** Compliance export jobs and what they read (ADMIN-6). */
  exports: ComplianceExportRepository;
  /** The MLS Delivery Service: a removal marks the room's group in the same transaction (E2E-27). */
  e2e: E2eRepository;
  /** Recovery: secret stores and history entries; a secret store change commits with its audit entry. */
  e2eBackup: E2eBackupRepository;
}

/** Runs work in one transaction with repositories bound to it; services never see the handle. */
export class UnitOfWork {
  private readonly db: Kysely<Database>;
  /** Repositories outside any transaction. */
  readonly repos: ConversationRepos;

  constructor(db: Kysely<Database>) {
    this.db = db;
    this.repos = {
      rooms: new RoomsRepository(db),
      messages: new MessagesRepository(db),
      users: new UsersRepository(db),
      files: new FilesRepository(db),
      audit: new AuditRepository(db),
      polls: new PollsRepository(db),
      pins: new PinsRepository(db),
      search: new SearchRepository(db),
      sessions: new SessionsRepository(db),
      twoFactor: new TwoFactorRepository(db),
      settings: new SettingsRepository(db),
      exports: new ComplianceExportRepository(db),
      e2e: new E2eRepository(db),
      e2eBackup: new E2eBackupRepository(db),
    };
  }

  /**
   * Commits when `fn` resolves, rolls back when it throws. Audit entries recorded meanwhile are appended to
   * the chain last, just before the commit (AUDIT-1: the chain head is every transaction's last lock).
   */
  transaction<T>(fn: (repos: ConversationRepos) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      const audit = new AuditRepository(trx, { defer: true });
      const result = await fn({
        rooms: new RoomsRepository(trx),
        messages: new MessagesRepository(trx),
        users: new UsersRepository(trx),
        files: new FilesRepository(trx),
        audit,
        polls: new PollsRepository(trx),
        pins: new PinsRepository(trx),
        search: new SearchRepository(trx),
        sessions: new SessionsRepository(trx),
        twoFactor: new TwoFactorRepository(trx),
        settings: new SettingsRepository(trx),
        exports: new ComplianceExportRepository(trx),
        e2e: new E2eRepository(trx),
        e2eBackup: new E2eBackupRepository(trx),
      });
      await audit.flush();
      return result;
    });
  }
}
