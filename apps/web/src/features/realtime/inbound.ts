import { SERVER_EVENTS, type ServerEventName, type ServerEventPayload } from '@messenger/shared';
import type { PinStore } from '../chat/notices/pinStore.ts';
import type { PollStore } from '../chat/polls/pollStore.ts';
import type { ChatStore } from '../chat/store/chatStore.ts';

/**
 * Where inbound events come from, by name and unvalidated: the live socket (`socketEvents` in
 * lib/socket.ts), an in-process emitter in tests, or later a Web Worker that decrypts before the stores.
 */
export interface InboundSource {
  on(event: string, listener: (payload: unknown) => void): void;
  off(event: string, listener: (payload: unknown) => void): void;
}

/** The stores the events become actions of. */
export interface InboundTargets {
  chat: Pick<ChatStore, 'messageCreated' | 'messageUpdated' | 'roomAdded' | 'dispatch'>;
  polls: Pick<PollStore, 'pollUpdated' | 'pollVoted'>;
  pins: Pick<PinStore, 'pinEvent' | 'reminded' | 'messageChanged'>;
}

/** Reports a dropped event (the console by default). */
export type InboundLog = (message: string, detail: unknown) => void;

type Routes = { [E in ServerEventName]?: (payload: ServerEventPayload<E>) => void };

/**
 * Each server event's store actions. `session:revoked` and `server:hello` are the connection's own
 * (lib/socket.ts ends the session on the first; nothing reads the second).
 */
function routes({ chat, polls, pins }: InboundTargets): Routes {
  return {
    'message:created': ({ message }) => chat.messageCreated(message),
    'message:updated': ({ message }) => {
      chat.messageUpdated(message);
      pins.messageChanged(message);
    },
    'messages:purged': ({ roomId, untilSeq }) => chat.dispatch({ type: 'purged', roomId, untilSeq }),
    'room:added': ({ room }) => chat.roomAdded(room),
    'room:changed': (change) => chat.dispatch({ type: 'roomChanged', ...change }),
    'room:members': ({ roomId, members }) => chat.dispatch({ type: 'members', roomId, members }),
    'room:removed': ({ roomId, reason }) => chat.dispatch({ type: 'roomRemoved', roomId, reason }),
    'read:updated': ({ roomId, reads }) => chat.dispatch({ type: 'reads', roomId, reads }),
    'typing:updated': ({ roomId, userId, typing }) =>
      chat.dispatch({ type: 'typing', roomId, userId, typing, now: Date.now() }),
    'presence:updated': ({ userId, presence, statusMessage }) =>
      chat.dispatch({ type: 'presence', userId, presence, statusMessage }),
    'user:updated': ({ user, statusMessage }) => chat.dispatch({ type: 'userUpdated', user, statusMessage }),
    'poll:updated': ({ poll }) => polls.pollUpdated(poll),
    'poll:voted': ({ pollId, myVotes }) => polls.pollVoted(pollId, myVotes),
    'pin:created': ({ pin }) => pins.pinEvent(pin.roomId, { type: 'created', pin }),
    'pin:removed': ({ roomId, pinId }) => pins.pinEvent(roomId, { type: 'removed', pinId }),
    'pin:acknowledged': ({ roomId, ...rest }) => pins.pinEvent(roomId, { type: 'acknowledged', ...rest }),
    'pin:reminded': ({ pin, by, at }) => pins.reminded(pin, by, at),
  };
}

const consoleLog: InboundLog = (message, detail) => console.warn(message, detail);

/**
 * The web client's one inbound pipeline: every server event from `source` is parsed with its shared schema
 * (SERVER_EVENTS) and turned into store actions. An event that does not parse is dropped and logged, and a
 * store action that throws is logged too: a bad event never takes the UI down. Returns the cleanup.
 */
export function startInbound(
  source: InboundSource,
  targets: InboundTargets,
  log: InboundLog = consoleLog,
): () => void {
  const offs = (Object.entries(routes(targets)) as [ServerEventName, (payload: unknown) => void][]).map(
    ([event, apply]) => {
      const schema = SERVER_EVENTS[event];
      const listener = (payload: unknown) => {
        const parsed = schema.safeParse(payload);
        if (!parsed.success) return log(`dropped an invalid ${event} event`, parsed.error.issues);
        try {
          apply(parsed.data);
        } catch (err) {
          log(`the ${event} event could not be applied`, err);
        }
      };
      source.on(event, listener);
      return () => source.off(event, listener);
    },
  );
  return () => offs.forEach((off) => off());
}
