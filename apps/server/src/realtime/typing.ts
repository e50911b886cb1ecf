import { signal } from './ack.ts';
import { type Broadcaster, type IoSocket, roomChannel } from './broadcaster.ts';

/** A typing signal is forwarded at most once per user and room in this interval (TYPE-1). */
export const TYPING_THROTTLE_MS = 3000;

/**
 * Typing indicators: forwarded to the other members only, throttled, and cleared when the socket goes.
 * A socket can only signal in rooms whose channel it is in, i.e. rooms its user is a member of.
 */
export function registerTyping(
  socket: IoSocket,
  broadcaster: Broadcaster,
  now: () => number = Date.now,
): void {
  const lastSent = new Map<string, number>();
  const typingIn = new Set<string>();

  socket.on(
    'typing:start',
    signal(socket, 'typing:start', ({ roomId }) => {
      if (!socket.rooms.has(roomChannel(roomId))) return;
      const t = now();
      if (t - (lastSent.get(roomId) ?? -Infinity) < TYPING_THROTTLE_MS) return;
      lastSent.set(roomId, t);
      typingIn.add(roomId);
      broadcaster.typing(roomId, socket.data.userId, true, socket);
    }),
  );

  socket.on(
    'typing:stop',
    signal(socket, 'typing:stop', ({ roomId }) => {
      if (!typingIn.delete(roomId)) return;
      lastSent.delete(roomId);
      broadcaster.typing(roomId, socket.data.userId, false);
    }),
  );

  socket.on('disconnect', () => {
    for (const roomId of typingIn) broadcaster.typing(roomId, socket.data.userId, false);
    typingIn.clear();
  });
}
