import type { SelfUser } from '@messenger/shared';
import { useTranslation } from 'react-i18next';
import { Avatar } from '../../ui/Avatar.tsx';
import { useMenu } from './useMenu.ts';

export interface ProfileMenuProps {
  user: SelfUser;
  /** My profile image (`UserSummary.avatarUrl`), or null for initials. */
  avatarUrl: string | null;
  /** My status message; shown under my name instead of the username when set. */
  statusMessage: string;
  onEditProfile: () => void;
  onEditStatus: () => void;
  onOpenSettings: () => void;
  onLogout: () => void;
}

/** The account button at the bottom of the sidebar and its menu (profile, status message, Settings, Log out). */
export function ProfileMenu({
  user,
  avatarUrl,
  statusMessage,
  onEditProfile,
  onEditStatus,
  onOpenSettings,
  onLogout,
}: ProfileMenuProps) {
  const { t } = useTranslation();
  const { open, menuId, rootRef, buttonRef, menuRef, toggle, close, onButtonKeyDown, onMenuKeyDown } =
    useMenu();
  // Focus goes back to the button first, so a dialog opened by the action returns it there when it closes.
  const choose = (action: () => void) => () => {
    close(true);
    action();
  };
  return (
    <div className="profile-menu" ref={rootRef}>
      <button
        type="button"
        ref={buttonRef}
        className="profile-menu__button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={t('shell.profileMenu', { nickname: user.nickname })}
        data-testid="profile-button"
        onClick={toggle}
        onKeyDown={onButtonKeyDown}
      >
        <Avatar name={user.nickname} seed={user.id} url={avatarUrl} />
        <span className="profile-menu__names">
          <span className="profile-menu__nickname" data-testid="profile-nickname">
            {user.nickname}
          </span>
          {statusMessage ? (
            <span className="profile-menu__username" data-testid="profile-status">
              {statusMessage}
            </span>
          ) : (
            <span className="profile-menu__username">@{user.username}</span>
          )}
        </span>
        <svg className="profile-menu__chevron" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <path d="M4 10l4-4 4 4" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
        </svg>
      </button>
      {open ? (
        <div
          id={menuId}
          ref={menuRef}
          role="menu"
          aria-label={user.nickname}
          className="profile-menu__list"
          onKeyDown={onMenuKeyDown}
        >
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            className="menu-item"
            data-testid="edit-profile"
            onClick={choose(onEditProfile)}
          >
            <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
              <circle cx="10" cy="7" r="3" fill="none" stroke="currentColor" strokeWidth="1.4" />
              <path
                d="M4.5 16c.8-2.9 3-4.5 5.5-4.5s4.7 1.6 5.5 4.5"
                fill="none"
                stroke="currentColor"
                strokeWidth="1.4"
                strokeLinecap="round"
              />
            </svg>
            {t('shell.editProfile')}
          </button>
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            className="menu-item"
            data-testid="edit-status"
            onClick={choose(onEditStatus)}
          >
            <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
              <path
                d="M4 5.5A1.5 1.5 0 0 1 5.5 4h9A1.5 1.5 0 0 1 16 5.5v6a1.5 1.5 0 0 1-1.5 1.5H9l-3.5 3v-3h0A1.5 1.5 0 0 1 4 11.5z"
                fill="none"
                stroke="currentColor"
                strokeWidth="1.4"
                strokeLinejoin="round"
              />
            </svg>
            {statusMessage ? t('shell.statusEdit') : t('shell.statusSet')}
          </button>
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            className="menu-item"
            onClick={choose(onOpenSettings)}
          >
            <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
              <path
                d="M10 12.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zm6.3-1.7l1.4 1.1-1.5 2.6-1.7-.6a6 6 0 0 1-1.6.9L12.6 17H9.4l-.3-2.2a6 6 0 0 1-1.6-.9l-1.7.6-1.5-2.6 1.4-1.1a6 6 0 0 1 0-1.6L4.3 8.1l1.5-2.6 1.7.6a6 6 0 0 1 1.6-.9L9.4 3h3.2l.3 2.2a6 6 0 0 1 1.6.9l1.7-.6 1.5 2.6-1.4 1.1a6 6 0 0 1 0 1.6z"
                fill="none"
                stroke="currentColor"
                strokeWidth="1.4"
                strokeLinejoin="round"
              />
            </svg>
            {t('shell.settings')}
          </button>
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            className="menu-item"
            onClick={choose(onLogout)}
          >
            <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
              <path
                d="M8 4H5.5A1.5 1.5 0 0 0 4 5.5v9A1.5 1.5 0 0 0 5.5 16H8m4-9.5L15.5 10 12 13.5M15.5 10H8"
                fill="none"
                stroke="currentColor"
                strokeWidth="1.5"
                strokeLinecap="round"
                strokeLinejoin="round"
              />
            </svg>
            {t('shell.logout')}
          </button>
        </div>
      ) : null}
    </div>
  );
}
