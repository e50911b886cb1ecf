import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NewChatDialog } from './NewChatDialog.tsx';
import { RoomListItem } from './RoomListItem.tsx';
import { useRoomList } from './useRoomList.ts';

/** The sidebar's conversations: filter, new chat button and the live room list. */
export function RoomList() {
  const { t } = useTranslation();
  const list = useRoomList();
  const [creating, setCreating] = useState(false);
  // People with whom I also have the encrypted direct chat: their standard one says it is not (E2E-112).
  const e2ePeers = new Set(
    list.rooms.flatMap((r) => (r.kind === 'direct' && r.e2e && r.peer ? [r.peer.id] : [])),
  );
  return (
    <section className="sidebar__section room-list" aria-labelledby="sidebar-conversations">
      <div className="room-list__head">
        <h2 id="sidebar-conversations" className="sidebar__heading">
          {t('shell.conversations')}
        </h2>
        <button
          type="button"
          className="icon-button"
          aria-label={t('chat.newChat')}
          title={t('chat.newChat')}
          data-testid="new-chat"
          onClick={() => setCreating(true)}
        >
          <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path d="M8 3v10M3 8h10" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
          </svg>
        </button>
      </div>
      {list.total > 0 ? (
        <input
          type="search"
          className="field__input room-list__filter"
          placeholder={t('chat.filterRooms')}
          aria-label={t('chat.filterRooms')}
          value={list.query}
          onChange={(e) => list.setQuery(e.target.value)}
        />
      ) : null}
      {!list.loaded ? (
        <p className="room-list__status" role="status">
          {t('app.loading')}
        </p>
      ) : list.total === 0 ? (
        <div className="sidebar__empty" data-testid="room-list-empty">
          <p className="sidebar__empty-title">{t('shell.noConversations')}</p>
          <p className="sidebar__empty-hint">{t('chat.noConversationsHint')}</p>
          <button
            type="button"
            className="button button--primary button--small sidebar__empty-action"
            onClick={() => setCreating(true)}
          >
            {t('chat.newChat')}
          </button>
        </div>
      ) : list.rooms.length === 0 ? (
        <p className="room-list__status">{t('chat.noFilterMatch')}</p>
      ) : (
        <ul className="room-list__items" data-testid="room-list">
          {list.rooms.map((room) => (
            <RoomListItem
              key={room.id}
              room={room}
              active={room.id === list.activeRoomId}
              presence={room.peer ? list.presence[room.peer.id]?.presence : undefined}
              onOpen={() => list.open(room.id)}
              standardTwin={room.kind === 'direct' && !room.e2e && e2ePeers.has(room.peer?.id ?? '')}
            />
          ))}
        </ul>
      )}
      {creating ? <NewChatDialog onClose={() => setCreating(false)} /> : null}
    </section>
  );
}
