import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MenuCheckItem } from '../../../ui/MenuCheckItem.tsx';
import { useMenu } from '../../shell/useMenu.ts';
import type { NotifyLevel } from '../model/notify.ts';
import { useNotifyPrefs } from './useNotifyPrefs.ts';

/** The global notification settings: level, sound, and the permission request (only on this click). */
export function NotifyMenu() {
  const { t } = useTranslation();
  const prefs = useNotifyPrefs();
  const { open, menuId, rootRef, buttonRef, menuRef, toggle, onButtonKeyDown, onMenuKeyDown } = useMenu();
  const supported = typeof Notification !== 'undefined';
  // Read once: the browser answers Notification.permission synchronously from its own process.
  const [permission, setPermission] = useState(() => (supported ? Notification.permission : 'denied'));
  const level = (l: NotifyLevel, label: string) => (
    <MenuCheckItem
      role="menuitemradio"
      checked={prefs.global === l}
      label={label}
      onClick={() => prefs.setGlobal(l)}
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
        aria-label={t('chat.notifications')}
        title={t('chat.notifications')}
        onClick={toggle}
        onKeyDown={onButtonKeyDown}
      >
        <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <path
            d="M4 11V7a4 4 0 018 0v4l1 1H3zM6.5 13.5a1.6 1.6 0 003 0"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.4"
            strokeLinejoin="round"
          />
        </svg>
      </button>
      {open ? (
        <div className="room-menu__list" role="menu" ref={menuRef} id={menuId} onKeyDown={onMenuKeyDown}>
          <p className="room-menu__label">{t('chat.notifyGlobal')}</p>
          {level('all', t('chat.notifyAll'))}
          {level('mentions', t('chat.notifyMentions'))}
          {level('none', t('chat.notifyNone'))}
          <div className="room-menu__sep" role="separator" />
          <MenuCheckItem
            role="menuitemcheckbox"
            checked={prefs.sound}
            label={t('chat.notifySound')}
            onClick={() => prefs.setSound(!prefs.sound)}
          />
          {supported && permission === 'default' ? (
            <button
              type="button"
              role="menuitem"
              className="menu-item"
              onClick={() => void Notification.requestPermission().then(setPermission)}
            >
              <span className="menu-item__check" aria-hidden="true" />
              {t('chat.enableDesktop')}
            </button>
          ) : null}
          {permission === 'denied' && window.isSecureContext ? (
            <p className="room-menu__label">{t('chat.desktopBlocked')}</p>
          ) : null}
          {!window.isSecureContext ? (
            <p className="room-menu__label" data-testid="insecure-note">
              {t('install.insecure')}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
