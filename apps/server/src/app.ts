import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { createAdapter } from '@socket.io/redis-adapter';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import type { AppConfig } from './config.ts';
import { type Db, type OpenOptions, migrateToLatest, openDatabase } from './db/database.ts';
import { AppError } from './app-error.ts';
import { Csrf } from './http/csrf.ts';
import { registerErrorHandling, sendError } from './http/error-handler.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { RateLimiter } from './state/rate-limiter.ts';
import type { HttpApp } from './http/types.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { AuthService } from './modules/auth/auth.service.ts';
import { SessionsRepository } from './modules/sessions/sessions.repository.ts';
import { SessionsService } from './modules/sessions/sessions.service.ts';
import { createMetrics, instrumentHttp } from './modules/system/metrics.ts';
import { SettingsRepository } from './modules/system/settings.repository.ts';
import { systemRoutes } from './modules/system/system.routes.ts';
import { UsersRepository } from './modules/users/users.repository.ts';
import { Broadcaster, DeferredSessionListener, type IoServer } from './realtime/broadcaster.ts';
import { installGateway } from './realtime/gateway.ts';
import { PresenceTracker } from './realtime/presence.ts';
import { UnitOfWork } from './db/unit-of-work.ts';
import { MessagesService } from './modules/messages/messages.service.ts';
import { messagesRoutes } from './modules/messages/messages.routes.ts';
import { RoomsService } from './modules/rooms/rooms.service.ts';
import { searchRoutes } from './modules/search/search.routes.ts';
import { SearchService } from './modules/search/search.service.ts';
import { roomsRoutes } from './modules/rooms/rooms.routes.ts';
import { usersRoutes } from './modules/users/users.routes.ts';
import { ClamdClient } from './modules/files/clamd.ts';
import { FileStorage } from './modules/files/file-storage.ts';
import { filesRoutes } from './modules/files/files.routes.ts';
import { FilesService } from './modules/files/files.service.ts';
import { profileRoutes } from './modules/profile/profile.routes.ts';
import { accountRoutes } from './modules/account/account.routes.ts';
import { AccountService } from './modules/account/account.service.ts';
import { roomAdminRoutes } from './modules/rooms/room-admin.routes.ts';
import { RoomAdminService } from './modules/rooms/room-admin.service.ts';
import { CLEANUP_EVERY_MS, CleanupService } from './modules/system/cleanup.service.ts';
import { SESSION_SWEEP_MS } from './realtime/session-expiry.ts';
import { Scheduler } from './scheduler.ts';
import { ProfileService } from './modules/profile/profile.service.ts';
import { PollsService } from './modules/polls/polls.service.ts';
import { pollsRoutes } from './modules/polls/polls.routes.ts';
import { PinsService } from './modules/pins/pins.service.ts';
import { Timeline } from './modules/timeline/timeline.ts';
import { pinsRoutes } from './modules/pins/pins.routes.ts';
import { v7 as uuidv7 } from 'uuid';
import { createStateStore, type StateStore } from './state/index.ts';
import { VERSION } from './version.ts';

/** Everything a running server is made of; tests reach services through it. */
export interface BuiltApp {
  config: AppConfig;
  http: HttpApp;
  io: IoServer;
  db: Db;
  store: StateStore;
  services: {
    auth: AuthService;
    sessions: SessionsService;
    rooms: RoomsService;
    messages: MessagesService;
    files: FilesService;
    polls: PollsService;
    pins: PinsService;
    roomAdmin: RoomAdminService;
    account: AccountService;
    cleanup: CleanupService;
  };
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
  /** How often the cleanup of empty rooms and orphan files runs (ADM-7); default 15 minutes. */
  cleanupMs?: number;
  /** Use this state store instead of one made from the config. */
  store?: StateStore;
  logger?: FastifyBaseLogger | boolean;
  /** Called with every database statement (tests count and EXPLAIN them). */
  onQuery?: OpenOptions['onQuery'];
  /** Send the configured (redacting) logger's lines here instead of stdout (tests read them). */
  logStream?: { write(line: string): void };
}

function loggerOptions(config: AppConfig) {
  return {
    level: config.logLevel,
    // Never log credentials, cookies or tokens, even if a serializer starts including headers.
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
        '*.password',
        '*.currentPassword',
        '*.newPassword',
      ],
      censor: '[redacted]',
    },
  };
}

/** Builds the HTTP app and the Socket.IO server on it. Never listens (server.ts does). */
export async function buildApp(config: AppConfig, opts: BuildOptions = {}): Promise<BuiltApp> {
  const now = opts.now ?? Date.now;
  const db = openDatabase(config.databaseUrl, { onQuery: opts.onQuery });
  await migrateToLatest(db);
  const store = opts.store ?? createStateStore(config.redisUrl);

  const http = Fastify({
    logger: opts.logger ?? {
      ...loggerOptions(config),
      ...(opts.logStream ? { stream: opts.logStream } : {}),
    },
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
  }).withTypeProvider<ZodTypeProvider>() as HttpApp;
  http.setValidatorCompiler(validatorCompiler);
  // Responses are shaped by presenters typed from the shared schemas; re-validating every reply with zod
  // cost more than the query itself on history pages, so replies are plain JSON (schemas still document them).
  http.setSerializerCompiler(() => (data) => JSON.stringify(data));
  registerErrorHandling(http);
  // A DELETE (or POST) that says JSON but sends no body is common from scripts: treat it as no body, and let
  // the route's schema decide. Everything else goes through Fastify's safe parser (prototype poisoning).
  const parseJson = http.getDefaultJsonParser('error', 'error');
  http.removeContentTypeParser('application/json');
  http.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') return done(null, undefined);
    return parseJson(request, String(body), done);
  });

  const settings = new SettingsRepository(db.kysely);
  const csrf = new Csrf(await settings.secret('csrf_secret'), config.allowedOrigins);
  const users = new UsersRepository(db.kysely);
  const listener = new DeferredSessionListener();
  const sessions = new SessionsService({
    sessions: new SessionsRepository(db.kysely),
    listener,
    idleHours: config.sessionTimeoutHours,
    absoluteDays: config.sessionAbsoluteDays,
    now,
  });
  const auth = new AuthService({ users, sessions, openRegistration: config.openRegistration, now });
  const limiter = new RateLimiter(store);

  const io: IoServer = new Server(http.server, { serveClient: false, path: '/socket.io' });
  let redisClients: Redis[] = [];
  if (config.redisUrl) {
    const pub = new Redis(config.redisUrl);
    const sub = pub.duplicate();
    redisClients = [pub, sub];
    io.adapter(createAdapter(pub, sub));
  }
  const broadcaster = new Broadcaster(io);
  listener.target = broadcaster;
  const uow = new UnitOfWork(db.kysely);
  const newId = (): string => uuidv7();
  const clamd = config.clamdSocket
    ? new ClamdClient({ socketPath: config.clamdSocket })
    : config.clamdHost
      ? new ClamdClient(config.clamdHost)
      : null;
  const storage = new FileStorage(config.dataDir);
  const timeline = new Timeline({
    uow,
    events: broadcaster,
    removeFiles: (ids) => files.removeBytes(ids),
    newId,
  });
  const files: FilesService = new FilesService({
    uow,
    storage,
    store,
    timeline,
    scanner: clamd,
    whenScannerDown: config.clamdWhenDown,
    allowedExtensions: config.uploadAllowedExtensions,
    maxUploadBytes: config.maxUploadBytes,
    now,
    log: http.log,
    scannerRetryMs: opts.scannerRetryMs,
  });
  const messages = new MessagesService({
    uow,
    timeline,
    attachments: files,
    events: broadcaster,
    limiter,
    sendLimit: config.rateLimits.messageSend,
    now,
    newId,
  });
  const rooms = new RoomsService({ uow, events: broadcaster, timeline, now, newId });
  const polls = new PollsService({
    uow,
    events: broadcaster,
    timeline,
    limiter,
    sendLimit: config.rateLimits.messageSend,
    now,
    newId,
  });
  const pins = new PinsService({
    uow,
    events: broadcaster,
    timeline,
    limiter,
    remindLimit: config.rateLimits.pinRemind,
    now,
    newId,
  });
  const search = new SearchService({
    uow,
    limiter,
    searchLimit: config.rateLimits.search,
    presentMessages: (rows) => messages.present(rows),
  });
  const roomAdmin = new RoomAdminService({
    uow,
    rooms,
    timeline,
    storage,
    now,
    auditCsvPageSize: opts.auditCsvPageSize,
  });
  const account = new AccountService({
    uow,
    rooms,
    timeline,
    sessions,
    bytes: {
      removeAvatar: (userId, version) => storage.removeImage('avatars', userId, version),
    },
    events: broadcaster,
    deletedUserMessages: config.deletedUserMessages,
    now,
  });
  const cleanup = new CleanupService({ uow, storage, store, now, log: http.log, intervalMs: opts.cleanupMs });
  const logError = (err: unknown): void => http.log.error({ err }, 'socket handler failed');
  const presence = new PresenceTracker({
    io,
    store,
    broadcaster,
    roomIdsOf: (userId) => rooms.roomIdsOf(userId),
    statusMessageOf: async (userId) => (await users.findById(userId))?.status_message ?? '',
    setStatusMessage: (userId, statusMessage) => users.setStatusMessage(userId, statusMessage, now()),
    log: logError,
  });
  const sessionExpiry = installGateway(io, {
    sessions,
    rooms,
    messages,
    presence,
    broadcaster,
    allowedOrigins: config.allowedOrigins,
    now,
    log: logError,
  });

  const metrics = createMetrics(() => io.engine.clientsCount);
  instrumentHttp(http, metrics);

  http.decorateRequest('auth', null);
  http.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (request.protocol === 'https')
      reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });
  await http.register(fastifyCookie);
  registerSecurityHeaders(http);
  // CSRF before anything reads the body: every state-changing request needs the token (SPEC SEC-2).
  http.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/api/')) csrf.verify(request);
  });

  await http.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Intranet Messenger API', version: VERSION },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  // staticCSP off: our own strict CSP (helmet) applies to the docs page too; no validator badge (air-gapped).
  await http.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: false, validatorUrl: false });
  http.get('/api/openapi.json', { schema: { hide: true } }, async () => http.swagger());

  systemRoutes(http, { config, csrf, db, settings, store, metrics });
  authRoutes(http, { auth, sessions, csrf, limiter, config });
  usersRoutes(http, { users, sessions, presenceOf: (ids) => presence.current(ids) });
  roomsRoutes(http, { rooms, messages, sessions });
  accountRoutes(http, { account, sessions, csrf });
  messagesRoutes(http, { messages, sessions, newId });
  pollsRoutes(http, { polls, sessions });
  pinsRoutes(http, { pins, sessions });
  searchRoutes(http, { search, sessions });
  // Streamed to disk part by part; FileStorage enforces MAX_UPLOAD_BYTES (one byte of slack here lets it
  // see the overflow), the other limits bound the form around the one file.
  await http.register(fastifyMultipart, {
    limits: { fileSize: config.maxUploadBytes + 1, files: 1, fields: 5, fieldSize: 1024, parts: 10 },
  });
  filesRoutes(http, {
    files,
    sessions,
    limiter,
    uploadLimit: config.rateLimits.upload,
    maxUploadBytes: config.maxUploadBytes,
  });
  const scheduler = new Scheduler((err, job) => http.log.error({ err }, `${job} failed`));
  scheduler.add({ name: 'poll sweep', everyMs: config.pollSweepSeconds * 1000, run: () => polls.sweep() });
  scheduler.add({ name: 'file sweep', everyMs: 60_000, run: () => files.sweep() });
  scheduler.add({ name: 'cleanup', everyMs: opts.cleanupMs ?? CLEANUP_EVERY_MS, run: () => cleanup.tick() });
  scheduler.add({
    name: 'session expiry',
    everyMs: opts.sessionSweepMs ?? SESSION_SWEEP_MS,
    run: () => sessionExpiry.sweep(),
  });
  await cleanup.recordStart();
  scheduler.start();
  roomAdminRoutes(http, { admin: roomAdmin, sessions });
  profileRoutes(http, {
    sessions,
    profile: new ProfileService({
      uow,
      storage,
      roomIdsOf: (userId) => rooms.roomIdsOf(userId),
      events: broadcaster,
      now,
    }),
  });
  serveWebClient(http, config.webDist);

  let closed = false;
  // Sockets first: an open WebSocket would keep the HTTP server from closing.
  http.addHook('preClose', async () => {
    await scheduler.stop();
    broadcaster.flushReads();
    io.local.disconnectSockets(true);
    io.engine.close();
  });
  http.addHook('onClose', async () => {
    for (const c of redisClients) c.disconnect();
  });
  return {
    config,
    http,
    io,
    db,
    store,
    services: { auth, sessions, rooms, messages, files, polls, pins, roomAdmin, account, cleanup },
    broadcaster,
    async close() {
      if (closed) return;
      closed = true;
      await http.close();
      await files.settled();
      await store.close();
      await db.close();
    },
  };
}

/**
 * Serves the built web client, with index.html for client-side routes; JSON 404 for API paths. Files are
 * looked up when requested (one wildcard route, not one route per file found at start), so a rebuilt client
 * is served without a restart. Vite's content-hashed `assets/` are cached for good; index.html and the rest
 * are revalidated, so browsers pick up a new build.
 */
function serveWebClient(http: HttpApp, webDist: string): void {
  const root = path.resolve(webDist);
  const assets = path.join(root, 'assets') + path.sep;
  void http.register(fastifyStatic, {
    root,
    wildcard: true,
    index: ['index.html'],
    dotfiles: 'ignore',
    // The client may not be built yet when the server starts: it is served once it exists.
    suppressWarning: true,
    cacheControl: false,
    setHeaders: (reply, file) => {
      reply.header(
        'cache-control',
        file.startsWith(assets) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  http.setNotFoundHandler(async (request, reply) => {
    const isPage =
      (request.method === 'GET' || request.method === 'HEAD') &&
      !/^\/(api|socket\.io|metrics|healthz|readyz)(\/|$)/.test(request.url) &&
      String(request.headers.accept ?? '').includes('text/html');
    if (isPage && existsSync(path.join(root, 'index.html')))
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    return sendError(request, reply, new AppError('route.not_found'));
  });
}
