import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useChatState, useChatStore } from '../store/ChatContext.tsx';
import { filterRooms } from '../roomTitle.ts';

/** The sidebar's room list: filtered rooms, the open one, and opening a room. */
export function useRoomList() {
  const { t } = useTranslation();
  const state = useChatState();
  const store = useChatStore();
  const [query, setQuery] = useState('');
  return {
    loaded: state.roomsLoaded,
    total: state.rooms.length,
    rooms: filterRooms(state.rooms, query, t('chat.deletedUser')),
    activeRoomId: state.activeRoomId,
    presence: state.presence,
    query,
    setQuery,
    open: (id: string) => store.open(id),
  };
}
