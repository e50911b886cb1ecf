import type { FastifyBaseLogger } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import type { AppConfig } from './config.ts';
import { type Db, LATEST_SCHEMA, schemaStatus } from './db/database.ts';
import { UnitOfWork } from './db/unit-of-work.ts';
import { Csrf } from './http/csrf.ts';
import { AccountService } from './modules/account/account.service.ts';
import { AuthService } from './modules/auth/auth.service.ts';
import { LdapDirectory } from './modules/auth/ldap-directory.ts';
import { SignInPolicyService } from './modules/auth/sign-in-policy.ts';
import { OidcClient } from './modules/auth/oidc.ts';
import { TwoFactorCrypto } from './modules/auth/totp.ts';
import { TwoFactorRepository } from './modules/auth/two-factor.repository.ts';
import { TwoFactorService } from './modules/auth/two-factor.service.ts';
import { AuditRepository } from './modules/audit/audit.repository.ts';
import { AuditService } from './modules/audit/audit.service.ts';
import { ComplianceExportService } from './modules/compliance/compliance-export.service.ts';
import { ClamdClient } from './modules/files/clamd.ts';
import { FileStorage } from './modules/files/file-storage.ts';
import { FilesService } from './modules/files/files.service.ts';
import { E2eFilesService } from './modules/files/e2e-files.service.ts';
import { MessagesService } from './modules/messages/messages.service.ts';
import { PinsService } from './modules/pins/pins.service.ts';
import { E2eService } from './modules/e2e/e2e.service.ts';
import { E2eDevicesService } from './modules/e2e/e2e-devices.service.ts';
import { E2eLinkService } from './modules/e2e/e2e-link.service.ts';
import { E2eBackupService } from './modules/e2e/e2e-backup.service.ts';
import { PollsService } from './modules/polls/polls.service.ts';
import { ProfileService } from './modules/profile/profile.service.ts';
import { AdminRoomsRepository } from './modules/rooms/admin-rooms.repository.ts';
import { AdminRoomsService } from './modules/rooms/admin-rooms.service.ts';
import { RoomAdminService } from './modules/rooms/room-admin.service.ts';
import { RoomsService } from './modules/rooms/rooms.service.ts';
import { RetentionRepository } from './modules/retention/retention.repository.ts';
import { RetentionService } from './modules/retention/retention.service.ts';
import { SearchService } from './modules/search/search.service.ts';
import { SessionsRepository } from './modules/sessions/sessions.repository.ts';
import { SessionsService } from './modules/sessions/sessions.service.ts';
import { CleanupService } from './modules/system/cleanup.service.ts';
import { LiveStatusRepository } from './modules/system/live-status.repository.ts';
import { LiveStatusService, type Connections } from './modules/system/live-status.service.ts';
import { MessageRate } from './modules/system/message-rate.ts';
import { SettingsRepository } from './modules/system/settings.repository.ts';
import { ServerSettingsService } from './modules/system/server-settings.service.ts';
import { SystemService } from './modules/system/system.service.ts';
import { Timeline } from './modules/timeline/timeline.ts';
import { UsersRepository } from './modules/users/users.repository.ts';
import { UsersService } from './modules/users/users.service.ts';
import { daysLeft, type TlsFiles } from './http/tls.ts';
import type { Broadcaster } from './realtime/broadcaster.ts';
import type { Presence } from '@messenger/shared';
import { RateLimiter } from './state/rate-limiter.ts';
import type { StateStore } from './state/index.ts';

/** What the services are made from. */
export interface ServiceDeps {
  config: AppConfig;
  db: Db;
  store: StateStore;
  /** Announces committed changes to clients (and ends the sockets of ended sessions). */
  broadcaster: Broadcaster;
  /** Who is online (the realtime presence tracker, made after the services). */
  presenceOf: (ids: string[]) => Promise<Map<string, Presence>>;
  log: FastifyBaseLogger;
  now: () => number;
  /** Milliseconds between retries while clamd is down in `CLAMD_WHEN_DOWN=wait` mode. */
  scannerRetryMs?: number;
  /** Audit rows per query of the room audit CSV export (ADM-6). */
  auditCsvPageSize?: number;
  /** How often the cleanup runs (its lease lasts one period). */
  cleanupMs: number;
  /** How often the retention job runs (its lease lasts one period); default hourly. */
  retentionMs?: number;
  /** Messages read per query by a compliance export (ADMIN-6); tests make it small to cross pages. */
  exportPageSize?: number;
  /** The certificate served, when HTTPS is on (the live status shows its end, ADMIN-4). */
  tls: TlsFiles | null;
  /** People and sockets connected (the live status, ADMIN-4). */
  connections: () => Promise<Connections>;
}

export type Services = Awaited<ReturnType<typeof createServices>>;

/** Makes every service of the server with its repositories and collaborators; nothing here listens. */
export async function createServices(d: ServiceDeps) {
  const { config, db, store, broadcaster, now } = d;
  const settings = new SettingsRepository(db.kysely);
  const csrf = new Csrf(await settings.secret('csrf_secret'), config.allowedOrigins);
  const usersRepository = new UsersRepository(db.kysely);
  const sessions = new SessionsService({
    sessions: new SessionsRepository(db.kysely),
    listener: broadcaster,
    idleHours: config.sessionTimeoutHours,
    absoluteDays: config.sessionAbsoluteDays,
    now,
  });
  const directory = config.ldapUrl
    ? new LdapDirectory({
        url: config.ldapUrl,
        bindDn: config.ldapBindDn ?? '',
        bindPassword: config.ldapBindPassword ?? '',
        baseDn: config.ldapBaseDn!,
        userFilter: config.ldapUserFilter,
        adminGroupDn: config.ldapAdminGroupDn,
        attributes: {
          username: config.ldapUsernameAttribute,
          displayName: config.ldapDisplayNameAttribute,
          email: config.ldapEmailAttribute,
          department: config.ldapDepartmentAttribute,
        },
        startTls: config.ldapStartTls,
        caFile: config.ldapCaFile,
      })
    : null;
  const oidc = config.oidcIssuerUrl
    ? new OidcClient({
        issuerUrl: config.oidcIssuerUrl,
        clientId: config.oidcClientId!,
        clientSecret: config.oidcClientSecret,
        redirectUrl: config.oidcRedirectUrl!,
        scopes: config.oidcScopes,
        usernameClaim: config.oidcUsernameClaim,
        groupsClaim: config.oidcGroupsClaim,
        adminGroup: config.oidcAdminGroup,
        now,
      })
    : null;
  const audit = new AuditRepository(db.kysely);
  const uow = new UnitOfWork(db.kysely);
  // Limits, upload rules and retention as administrators set them at run time (ADMIN-3).
  const serverSettings = new ServerSettingsService({ uow, settings, config, now });
  const signInPolicy: SignInPolicyService = new SignInPolicyService({
    settings,
    users: usersRepository,
    uow,
    defaults: {
      localSignup: config.openRegistration,
      localLogin: true,
      twoFactor: 'optional',
      linkOidcByEmail: false,
    },
    sso: { oidc: oidc !== null, ldap: directory !== null },
    now,
    // Made below: the second factor's rules need the policy, the policy's changes need them (AUTH-16).
    twoFactor: {
      checkPolicyChange: (actorId, to) => twoFactor.checkPolicyChange(actorId, to),
      enforcePolicy: (level) => twoFactor.enforcePolicy(level),
    },
  });
  const auth = new AuthService({
    users: usersRepository,
    sessions,
    policy: signInPolicy,
    audit,
    uow,
    now,
    directory,
    secondFactor: { challengeFor: (user) => twoFactor.challengeFor(user) },
  });
  const limiter = new RateLimiter(store);
  const twoFactor: TwoFactorService = new TwoFactorService({
    repo: new TwoFactorRepository(db.kysely),
    users: usersRepository,
    crypto: new TwoFactorCrypto(await settings.secret('totp_key')),
    store,
    limiter,
    limit: () => serverSettings.rateLimit('twoFactor'),
    sessions,
    uow,
    policy: signInPolicy,
    login: auth,
    issuer: config.totpIssuer,
    now,
  });
  const newId = (): string => uuidv7();
  const clamd = config.clamdSocket
    ? new ClamdClient({ socketPath: config.clamdSocket })
    : config.clamdHost
      ? new ClamdClient(config.clamdHost)
      : null;
  const storage = new FileStorage(config.dataDir);
  const messageRate = new MessageRate({
    store,
    now,
    onError: (err) => d.log.warn({ err }, 'message rate not counted'),
  });
  const timeline = new Timeline({
    uow,
    events: broadcaster,
    removeFiles: (ids) => files.removeBytes(ids),
    newId,
    counted: (n) => messageRate.note(n),
  });
  const files: FilesService = new FilesService({
    uow,
    storage,
    store,
    timeline,
    scanner: clamd,
    whenScannerDown: config.clamdWhenDown,
    uploadRules: () => serverSettings.uploadRules(),
    now,
    log: d.log,
    scannerRetryMs: d.scannerRetryMs,
  });
  const e2eFiles = new E2eFilesService({
    uow,
    storage,
    uploadRules: () => serverSettings.uploadRules(),
    now,
  });
  const sendLimit = () => serverSettings.rateLimit('messageSend');
  const events = broadcaster;
  const messages = new MessagesService({
    uow,
    timeline,
    attachments: files,
    events,
    limiter,
    sendLimit,
    now,
    newId,
  });
  const rooms = new RoomsService({
    uow,
    events,
    timeline,
    now,
    newId,
    e2ePolicy: () => serverSettings.e2ePolicy(),
  });
  const polls = new PollsService({ uow, events, timeline, limiter, sendLimit, now, newId });
  const remindLimit = () => serverSettings.rateLimit('pinRemind');
  const pins = new PinsService({ uow, events, timeline, limiter, remindLimit, now, newId });
  const e2e = new E2eService({ uow, timeline, events: broadcaster, limiter, now, newId });
  const e2eDevices = new E2eDevicesService({ uow, events: broadcaster, limiter, now, newId });
  const e2eBackup = new E2eBackupService({ uow, limiter, now });
  const e2eLinks = new E2eLinkService({ uow, store, limiter, events: broadcaster, now, newId });
  const search = new SearchService({
    uow,
    limiter,
    searchLimit: () => serverSettings.rateLimit('search'),
    presentMessages: (rows) => messages.present(rows),
  });
  const roomAdmin = new RoomAdminService({
    uow,
    rooms,
    timeline,
    storage,
    now,
    auditCsvPageSize: d.auditCsvPageSize,
  });
  const adminRooms = new AdminRoomsService({
    uow,
    adminRooms: new AdminRoomsRepository(db.kysely),
    rooms,
    events,
    bytes: {
      removeFiles: (ids) => files.removeBytes(ids),
      removeRoomImage: (roomId, version) => storage.removeImage('rooms', roomId, version),
    },
    now,
  });
  const account = new AccountService({
    uow,
    rooms,
    timeline,
    sessions,
    bytes: { removeAvatar: (userId, version) => storage.removeImage('avatars', userId, version) },
    events,
    deletedUserMessages: config.deletedUserMessages,
    twoFactorRequired: (user) => signInPolicy.requiresTwoFactor(user),
    now,
  });
  const auditLog = new AuditService({ uow, exportPageSize: d.auditCsvPageSize });
  const cleanup = new CleanupService({ uow, storage, store, now, log: d.log, intervalMs: d.cleanupMs });
  const profile = new ProfileService({
    uow,
    storage,
    roomIdsOf: (userId) => rooms.roomIdsOf(userId),
    events,
    now,
  });
  const retention = new RetentionService({
    uow,
    repo: new RetentionRepository(db.kysely),
    timeline,
    store,
    // The configured fallback for now; the server's runtime setting takes its place when there is one.
    defaultRetentionDays: () => serverSettings.retentionDays(),
    now,
    intervalMs: d.retentionMs,
    log: d.log,
  });
  const users = new UsersService({ users: usersRepository, presenceOf: d.presenceOf });
  const complianceExports = new ComplianceExportService({
    uow,
    storage,
    dataDir: config.dataDir,
    now,
    log: d.log,
    newId,
    pageSize: d.exportPageSize,
  });
  const system = new SystemService({
    config,
    settings,
    store,
    schema: () => schemaStatus(db),
    directory,
    policy: signInPolicy,
    serverSettings,
  });
  const liveStatus = new LiveStatusService({
    repo: new LiveStatusRepository(db.kysely),
    users: usersRepository,
    store,
    config,
    schemaVersion: LATEST_SCHEMA,
    certificate: () =>
      d.tls ? { notAfter: d.tls.notAfter.toISOString(), daysLeft: daysLeft(d.tls.notAfter, now()) } : null,
    rate: messageRate,
    uploadsBytes: () => storage.totalBytes(),
    scansPending: () => files.scansPending(),
    connections: d.connections,
    now,
  });
  return {
    liveStatus,
    auth,
    auditLog,
    signInPolicy,
    oidc,
    twoFactor,
    sessions,
    rooms,
    messages,
    files,
    polls,
    pins,
    e2e,
    e2eFiles,
    e2eDevices,
    e2eBackup,
    e2eLinks,
    roomAdmin,
    adminRooms,
    account,
    cleanup,
    retention,
    search,
    profile,
    users,
    system,
    serverSettings,
    complianceExports,
    csrf,
    limiter,
    newId,
  };
}
