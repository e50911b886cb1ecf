import { SendMessageInput } from '@messenger/shared';
import { z } from 'zod';
import { AppError } from '../../app-error.ts';
import { command } from '../../realtime/ack.ts';
import type { IoSocket } from '../../realtime/broadcaster.ts';
import type { MessagesService } from './messages.service.ts';

const ReadPayload = z.object({ roomId: z.string().min(1).max(64), seq: z.number().int().min(0) });
const SyncPayload = z.object({
  rooms: z.array(z.object({ roomId: z.string().min(1).max(64), rev: z.number().int().min(0) })).max(500),
});

/** Socket commands of messages: send, read, resync. */
export function registerMessageCommands(
  socket: IoSocket,
  messages: MessagesService,
  log: (err: unknown) => void,
): void {
  const userId = socket.data.userId;
  socket.on(
    'message:send',
    command(
      socket,
      SendMessageInput,
      async (input) => ({ message: await messages.send(userId, input) }),
      log,
    ),
  );
  socket.on(
    'room:read',
    command(
      socket,
      ReadPayload,
      async (input) => ({ lastReadSeq: await messages.markRead(userId, input.roomId, input.seq) }),
      log,
    ),
  );
  socket.on(
    'sync',
    command(
      socket,
      SyncPayload,
      async (input) => {
        // A room the user has left meanwhile is skipped; the room list tells the client it is gone.
        const results = await Promise.all(
          input.rooms.map((r) =>
            messages.changesSince(userId, r.roomId, r.rev).catch((err: unknown) => {
              if (err instanceof AppError) return null;
              throw err;
            }),
          ),
        );
        return { rooms: results.filter((r) => r !== null) };
      },
      log,
    ),
  );
}
