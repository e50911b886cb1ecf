import type { FastifyBaseLogger } from 'fastify';
import type { AppConfig } from './config.ts';
import { type Db, type OpenOptions, openDatabase } from './db/database.ts';
import { scheduleBackups } from './ops/backup-schedule.ts';
import { upgradeSchema } from './ops/upgrade.ts';
import { createHttp, registerPlatform } from './http/platform.ts';
import { loadTls, watchCertificate, type TlsFiles } from './http/tls.ts';
import type { HttpApp } from './http/types.ts';
import { serveWebClient } from './http/web-client.ts';
import { accountModule } from './modules/account/account.routes.ts';
import { adminStatusModule } from './modules/system/admin-status.routes.ts';
import { adminRoomsModule } from './modules/rooms/admin-rooms.routes.ts';
import { serverSettingsModule } from './modules/system/server-settings.routes.ts';
import { authModule } from './modules/auth/auth.routes.ts';
import { auditModule } from './modules/audit/audit.routes.ts';
import { complianceModule } from './modules/compliance/compliance-export.routes.ts';
import { signInModule } from './modules/auth/sign-in.routes.ts';
import { oidcModule } from './modules/auth/oidc.routes.ts';
import { twoFactorModule } from './modules/auth/two-factor.routes.ts';
import { filesModule } from './modules/files/files.routes.ts';
import { messagesModule } from './modules/messages/messages.routes.ts';
import { pinsModule } from './modules/pins/pins.routes.ts';
import { e2eModule } from './modules/e2e/e2e.routes.ts';
import { e2eFilesModule } from './modules/e2e/e2e-files.routes.ts';
import { e2eBackupModule } from './modules/e2e/e2e-backup.routes.ts';
import { e2eLinkModule } from './modules/e2e/e2e-link.routes.ts';
import { pollsModule } from './modules/polls/polls.routes.ts';
import { profileModule } from './modules/profile/profile.routes.ts';
import { roomsModule } from './modules/rooms/rooms.routes.ts';
import { retentionModule } from './modules/retention/retention.routes.ts';
import { RETENTION_EVERY_MS } from './modules/retention/retention.service.ts';
import { searchModule } from './modules/search/search.routes.ts';
import { CLEANUP_EVERY_MS } from './modules/system/cleanup.service.ts';
import { LIVE_STATUS_EVERY_MS } from './modules/system/live-status.ts';
import { createMetrics } from './modules/system/metrics.ts';
import { systemModule } from './modules/system/system.routes.ts';
import { usersModule } from './modules/users/users.routes.ts';
import type { Broadcaster, IoServer } from './realtime/broadcaster.ts';
import { countConnections } from './realtime/connections.ts';
import { attachSockets, createIo } from './realtime/realtime.ts';
import { SESSION_SWEEP_MS } from './realtime/session-expiry.ts';
import { SocketCommands } from './realtime/socket-commands.ts';
import { Scheduler } from './scheduler.ts';
import { createServices, type Services } from './services.ts';
import { createStateStore, type StateStore } from './state/index.ts';

/** Everything a running server is made of; tests reach services through it. */
export interface BuiltApp {
  config: AppConfig;
  /** The certificate served, when HTTPS is on. */
  tls: TlsFiles | null;
  http: HttpApp;
  io: IoServer;
  db: Db;
  store: StateStore;
  services: Services;
  broadcaster: Broadcaster;
  /** Stops accepting, closes sockets, then the database and the state store. */
  close(): Promise<void>;
}

export interface BuildOptions {
  /** Milliseconds between retries while clamd is down in `CLAMD_WHEN_DOWN=wait` mode (tests shorten it). */
  scannerRetryMs?: number;
  /** Clock for expiry rules (tests move it). */
  now?: () => number;
  /** How often open sockets' sessions are checked for expiry (AUTH-12); tests shorten it. */
  sessionSweepMs?: number;
  /** Audit rows per query of the room audit CSV export (ADM-6); tests make it small to cross pages. */
  auditCsvPageSize?: number;
  /** Messages read per query by a compliance export (ADMIN-6); tests make it small to cross pages. */
  exportPageSize?: number;
  /** How often the cleanup of empty rooms and orphan files runs (ADM-7); default 15 minutes. */
  cleanupMs?: number;
  /** How often the retention job runs (RET-1); default hourly. */
  retentionMs?: number;
  /** How often subscribed admins receive the live status (ADMIN-4); default 5 seconds. */
  liveStatusMs?: number;
  /** Use this state store instead of one made from the config. */
  store?: StateStore;
  logger?: FastifyBaseLogger | boolean;
  /** Called with every database statement (tests count and EXPLAIN them). */
  onQuery?: OpenOptions['onQuery'];
  /** Send the configured (redacting) logger's lines here instead of stdout (tests read them). */
  logStream?: { write(line: string): void };
}

/**
 * Builds the HTTP app and the Socket.IO server on it; never listens (server.ts does). Reads as the table of
 * contents of the server: the database and state store, the HTTP and socket servers, the services, then one
 * plugin per module (its routes, socket commands and jobs) on the shared platform.
 */
export async function buildApp(config: AppConfig, opts: BuildOptions = {}): Promise<BuiltApp> {
  const now = opts.now ?? Date.now;
  const tls = loadTls(config); // HTTPS that cannot be served stops start-up, never falls back to HTTP
  const db = openDatabase(config.databaseUrl, { onQuery: opts.onQuery });
  const schema = await upgradeSchema(db, config);
  const store = opts.store ?? createStateStore(config.redisUrl);
  const http = createHttp(config, opts, tls);
  if (schema.backup) http.log.info({ ...schema }, 'migrated the database after backing it up');
  const log = (err: unknown): void => http.log.error({ err }, 'socket handler failed');
  const realtime = createIo(http, config.redisUrl);
  const { io, broadcaster } = realtime;
  const presenceOf = (ids: string[]) => sockets.presence.current(ids);
  const cleanupMs = opts.cleanupMs ?? CLEANUP_EVERY_MS;
  const connections = () => countConnections(io, config.redisUrl !== undefined);
  const deps = {
    ...opts,
    config,
    db,
    store,
    broadcaster,
    presenceOf,
    log: http.log,
    now,
    cleanupMs,
    tls,
    connections,
  };
  const retentionMs = opts.retentionMs ?? RETENTION_EVERY_MS;
  const s = await createServices({ ...deps, retentionMs });
  const { sessions, rooms, users, csrf, limiter } = s;
  const socketCommands = new SocketCommands();
  const allowedOrigins = config.allowedOrigins;
  const sockets = attachSockets({
    ...realtime,
    store,
    sessions,
    rooms,
    users,
    socketCommands,
    now,
    log,
    allowedOrigins,
  });
  const scheduler = new Scheduler((err, job) => http.log.error({ err }, `${job} failed`));
  const sweepMs = opts.sessionSweepMs ?? SESSION_SWEEP_MS;
  scheduler.add({ name: 'session expiry', everyMs: sweepMs, run: () => sockets.sessionExpiry.sweep() });

  const metrics = createMetrics(() => io.engine.clientsCount);
  await registerPlatform(http, { csrf, metrics, maxUploadBytes: config.maxUploadBytes });
  const api = { prefix: '/api', sessions };
  const jobs = { scheduler, cleanupMs, sweepSeconds: config.pollSweepSeconds };
  await http.register(systemModule, { ...jobs, system: s.system, cleanup: s.cleanup, csrf, metrics });
  // Rate limits and upload rules as administrators set them at run time (ADMIN-3).
  const limits = s.serverSettings;
  await http.register(authModule, { ...api, auth: s.auth, csrf, limiter, limits });
  const oidcButton = config.oidcIssuerUrl ? { label: config.oidcButtonLabel ?? null } : null;
  await http.register(signInModule, { ...api, policy: s.signInPolicy, oidcButton });
  await http.register(oidcModule, { oidc: s.oidc, auth: s.auth, sessions, store, limiter, limits });
  await http.register(twoFactorModule, { ...api, twoFactor: s.twoFactor, csrf });
  await http.register(usersModule, { ...api, users });
  await http.register(roomsModule, { sessions, rooms, admin: s.roomAdmin, messages: s.messages });
  await http.register(accountModule, { ...api, account: s.account, csrf });
  const liveStatusMs = opts.liveStatusMs ?? LIVE_STATUS_EVERY_MS;
  const live = { live: s.liveStatus, broadcaster, socketCommands, scheduler, liveStatusMs, log };
  await http.register(adminStatusModule, { ...api, ...live });
  await http.register(adminRoomsModule, { ...api, adminRooms: s.adminRooms });
  await http.register(serverSettingsModule, { ...api, serverSettings: s.serverSettings });
  await http.register(auditModule, { ...api, audit: s.auditLog });
  await http.register(retentionModule, { ...api, retention: s.retention, scheduler, retentionMs });
  await http.register(complianceModule, { ...api, exports: s.complianceExports });
  await http.register(messagesModule, { ...api, messages: s.messages, socketCommands, newId: s.newId, log });
  await http.register(pollsModule, { ...api, ...jobs, polls: s.polls });
  await http.register(pinsModule, { ...api, pins: s.pins });
  await http.register(e2eModule, { ...api, e2e: s.e2e, devices: s.e2eDevices, scheduler });
  await http.register(e2eBackupModule, { ...api, backup: s.e2eBackup });
  await http.register(e2eLinkModule, { ...api, links: s.e2eLinks });
  await http.register(searchModule, { ...api, search: s.search });
  const uploads = { uploadLimit: () => limits.rateLimit('upload'), uploadRules: () => limits.uploadRules() };
  await http.register(e2eFilesModule, { ...api, ...uploads, e2eFiles: s.e2eFiles, limiter });
  await http.register(filesModule, { ...uploads, sessions, files: s.files, limiter, scheduler });
  await http.register(profileModule, { sessions, profile: s.profile });
  serveWebClient(http, config.webDist);
  if (tls) await watchCertificate(tls, { scheduler, log: http.log, now });
  scheduleBackups({ scheduler, store, config, log: http.log, now });
  scheduler.start();

  // Jobs and sockets first: an open WebSocket would keep the HTTP server from closing. A retention run in
  // progress (the job's or an admin's) stops after its current batch rather than finishing a whole purge.
  http.addHook('preClose', async () => {
    await s.retention.stop();
    await scheduler.stop();
    realtime.closeSockets();
    // Their "went offline" work (store writes, a broadcast through the adapter) ends before the clients close.
    await sockets.presence.settled();
  });
  http.addHook('onClose', async () => realtime.closeAdapter());
  const close = once(async () => {
    await http.close();
    await s.complianceExports.stop();
    await s.files.settled();
    await store.close();
    await db.close();
  });
  return { config, tls, http, io, db, store, services: s, broadcaster, close };
}

/** Runs `fn` on the first call only; later calls get the same promise. */
function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
}
