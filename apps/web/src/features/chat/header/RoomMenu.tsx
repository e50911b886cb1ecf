import type { RoomSummary } from '@messenger/shared';
import { useTranslation } from 'react-i18next';
import { MenuCheckItem } from '../../../ui/MenuCheckItem.tsx';
import { useMenu } from '../../shell/useMenu.ts';
import { useNotifyPrefs } from '../notify/useNotifyPrefs.ts';
import { useRoomFlags } from './useRoomFlags.ts';

/** Per-room menu: pin, mute, notification level. */
export function RoomMenu({ room }: { room: RoomSummary }) {
  const { t } = useTranslation();
  const setFlags = useRoomFlags(room.id);
  const prefs = useNotifyPrefs();
  const { open, menuId, rootRef, buttonRef, menuRef, toggle, close, onButtonKeyDown, onMenuKeyDown } =
    useMenu();
  const level = prefs.room(room.id);
  const set = async (change: { pinned?: boolean; muted?: boolean }) => {
    close(true);
    await setFlags(change);
  };
  const item = (label: string, checked: boolean, onClick: () => void, testId?: string) => (
    <MenuCheckItem
      role="menuitemcheckbox"
      checked={checked}
      label={label}
      onClick={onClick}
      testId={testId}
    />
  );
  return (
    <div className="room-menu" ref={rootRef}>
      <button
        type="button"
        ref={buttonRef}
        className="icon-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={t('chat.roomMenu')}
        data-testid="room-menu"
        onClick={toggle}
        onKeyDown={onButtonKeyDown}
      >
        <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <circle cx="3.5" cy="8" r="1.3" fill="currentColor" />
          <circle cx="8" cy="8" r="1.3" fill="currentColor" />
          <circle cx="12.5" cy="8" r="1.3" fill="currentColor" />
        </svg>
      </button>
      {open ? (
        <div className="room-menu__list" role="menu" ref={menuRef} id={menuId} onKeyDown={onMenuKeyDown}>
          {item(t('chat.pin'), room.pinned, () => void set({ pinned: !room.pinned }), 'toggle-pin')}
          {item(t('chat.mute'), room.muted, () => void set({ muted: !room.muted }), 'toggle-mute')}
          <div className="room-menu__sep" role="separator" />
          <p className="room-menu__label">{t('chat.notifyRoom')}</p>
          {item(t('chat.notifyDefault'), level === undefined, () => prefs.setRoom(room.id, undefined))}
          {item(t('chat.notifyAll'), level === 'all', () => prefs.setRoom(room.id, 'all'))}
          {item(t('chat.notifyMentions'), level === 'mentions', () => prefs.setRoom(room.id, 'mentions'))}
          {item(t('chat.notifyNone'), level === 'none', () => prefs.setRoom(room.id, 'none'))}
        </div>
      ) : null}
    </div>
  );
}
