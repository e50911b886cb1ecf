import { useChatStore } from '../store/ChatContext.tsx';

/** My own flags on a room (pinned to the top, muted); the store takes the room as the server answers it. */
export function useRoomFlags(roomId: string) {
  const store = useChatStore();
  return async (change: { pinned?: boolean; muted?: boolean }) => {
    try {
      store.dispatch({ type: 'room', room: await store.api.settings(roomId, change) });
    } catch {
      // The toggle simply does not change.
    }
  };
}
