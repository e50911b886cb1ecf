import { command } from '../../realtime/ack.ts';
import type { IoSocket } from '../../realtime/broadcaster.ts';
import type { LiveStatusSampler } from './live-status.ts';

/** Socket commands of the live status (ADMIN-4): admins subscribe and unsubscribe. */
export function registerLiveStatusCommands(
  socket: IoSocket,
  sampler: LiveStatusSampler,
  log: (err: unknown) => void,
): void {
  socket.on(
    'admin:status:subscribe',
    command(socket, 'admin:status:subscribe', () => sampler.subscribe(socket), log),
  );
  socket.on(
    'admin:status:unsubscribe',
    command(
      socket,
      'admin:status:unsubscribe',
      async () => {
        sampler.unsubscribe(socket);
        return null;
      },
      log,
    ),
  );
}
