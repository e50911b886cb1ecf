import type { LiveStatus } from '@messenger/shared';
import type { IoServer } from './broadcaster.ts';

/**
 * People and sockets connected (ADMIN-4): this process's own sockets as they are, or, with the Redis
 * adapter, every process's through `fetchSockets`; a process that does not answer in time leaves the
 * count to this process alone, and the answer says so.
 */
export async function countConnections(io: IoServer, shared: boolean): Promise<LiveStatus['connections']> {
  if (shared) {
    try {
      const sockets = await io.timeout(3_000).fetchSockets();
      return {
        people: new Set(sockets.map((s) => s.data.userId)).size,
        sockets: sockets.length,
        scope: 'cluster',
      };
    } catch {
      // Counted below, on this process only.
    }
  }
  const local = [...io.of('/').sockets.values()];
  return {
    people: new Set(local.map((s) => s.data.userId)).size,
    sockets: local.length,
    scope: shared ? 'process' : 'cluster',
  };
}
