import { AppError } from '../../app-error.ts';
import { command } from '../../realtime/ack.ts';
import type { IoSocket } from '../../realtime/broadcaster.ts';
import type { MessagesService } from './messages.service.ts';

/** Socket commands of messages: send, read, resync (`command` validates each with its shared schema). */
export function registerMessageCommands(
  socket: IoSocket,
  messages: MessagesService,
  log: (err: unknown) => void,
): void {
  const userId = socket.data.userId;
  socket.on(
    'message:send',
    command(socket, 'message:send', async (input) => ({ message: await messages.send(userId, input) }), log),
  );
  socket.on(
    'room:read',
    command(
      socket,
      'room:read',
      async (input) => ({ lastReadSeq: await messages.markRead(userId, input.roomId, input.seq) }),
      log,
    ),
  );
  socket.on(
    'sync',
    command(
      socket,
      'sync',
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
