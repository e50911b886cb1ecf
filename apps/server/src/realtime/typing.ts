import { z } from 'zod';
import { type Broadcaster, type IoSocket, roomChannel } from './broadcaster.ts';

/** A typing signal is forwarded at most once per user and room in this interval (TYPE-1). */
export const TYPING_THROTTLE_MS = 3000;

const TypingPayload = z.object({ roomId: z.string().min(1).max(64) });

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

  socket.on('typing:start', (payload) => {
    const p = TypingPayload.safeParse(payload);
    if (!p.success || !socket.rooms.has(roomChannel(p.data.roomId))) return;
    const t = now();
    if (t - (lastSent.get(p.data.roomId) ?? -Infinity) < TYPING_THROTTLE_MS) return;
    lastSent.set(p.data.roomId, t);
    typingIn.add(p.data.roomId);
    broadcaster.typing(p.data.roomId, socket.data.userId, true, socket);
  });

  socket.on('typing:stop', (payload) => {
    const p = TypingPayload.safeParse(payload);
    if (!p.success || !typingIn.delete(p.data.roomId)) return;
    lastSent.delete(p.data.roomId);
    broadcaster.typing(p.data.roomId, socket.data.userId, false);
  });

  socket.on('disconnect', () => {
    for (const roomId of typingIn) broadcaster.typing(roomId, socket.data.userId, false);
    typingIn.clear();
  });
}
