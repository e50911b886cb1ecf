import { AdminStatus, ErrorEnvelope } from '@messenger/shared';
import { requireAuth } from '../../http/auth-hook.ts';
import type { ModulePlugin } from '../../http/types.ts';
import type { Broadcaster } from '../../realtime/broadcaster.ts';
import type { SocketCommands } from '../../realtime/socket-commands.ts';
import type { Scheduler } from '../../scheduler.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import { LIVE_HISTORY_EVERY_MS, LiveStatusSampler } from './live-status.ts';
import type { LiveStatusService } from './live-status.service.ts';
import { registerLiveStatusCommands } from './live-status.socket.ts';

/**
 * The server admin's status (OPS-10) under /api, and its live form over the socket (ADMIN-4): subscribed
 * admins receive it every `liveStatusMs`; a point of the last hour's chart is taken every minute.
 */
export const adminStatusModule: ModulePlugin<{
  sessions: SessionsService;
  live: LiveStatusService;
  broadcaster: Broadcaster;
  socketCommands: SocketCommands;
  scheduler: Scheduler;
  liveStatusMs: number;
  log: (err: unknown) => void;
}> = async (app, d) => {
  requireAuth(app, d.sessions);
  const sampler = new LiveStatusSampler({
    live: d.live,
    broadcaster: d.broadcaster,
    everyMs: d.liveStatusMs,
    log: d.log,
  });
  d.socketCommands.add((socket) => registerLiveStatusCommands(socket, sampler, d.log));
  d.scheduler.add({
    name: 'live status history',
    everyMs: LIVE_HISTORY_EVERY_MS,
    run: () => d.live.recordMinute(),
  });
  app.addHook('onClose', () => sampler.stop());
  app.get(
    '/admin/status',
    {
      config: { auth: 'admin' as const },
      schema: {
        tags: ['admin'],
        summary: 'Version, schema, database, certificate, backups and the live figures (server admins)',
        response: { 200: AdminStatus, 401: ErrorEnvelope, 403: ErrorEnvelope },
      },
    },
    async (): Promise<AdminStatus> => d.live.snapshot(),
  );
};
