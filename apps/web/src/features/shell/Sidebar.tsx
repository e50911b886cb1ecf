import type { SelfUser } from '@messenger/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BrandMark } from '../../ui/BrandMark.tsx';
import { NotifyMenu } from '../chat/notify/NotifyMenu.tsx';
import { RoomList } from '../chat/rooms/RoomList.tsx';
import { ProfileDialog } from '../profile/ProfileDialog.tsx';
import { useOwnProfile } from '../profile/useOwnProfile.ts';
import { SearchButton } from '../search/SearchButton.tsx';
import { ProfileMenu } from './ProfileMenu.tsx';
import { StatusDialog } from './StatusDialog.tsx';
import { useStatusMessage } from './useStatusMessage.ts';

export interface SidebarProps {
  user: SelfUser;
  /** My nickname changed (here or in another tab): the session's user follows. */
  onNicknameChanged: (nickname: string) => void;
  onOpenSettings: () => void;
  onLogout: () => void;
}

/** App name, the conversation list and the account menu (with the profile and status message dialogs). */
export function Sidebar({ user, onNicknameChanged, onOpenSettings, onLogout }: SidebarProps) {
  const { t } = useTranslation();
  const own = useOwnProfile(user, onNicknameChanged);
  const status = useStatusMessage();
  const [editing, setEditing] = useState<'profile' | 'status' | null>(null);
  return (
    <nav className="sidebar" aria-label={t('shell.sidebarLabel')}>
      <header className="sidebar__header">
        <BrandMark size={28} />
        <span className="sidebar__app-name">{t('app.name')}</span>
        <SearchButton roomId={null} testId="search-open" />
        <NotifyMenu />
      </header>
      <RoomList />
      <footer className="sidebar__footer">
        <ProfileMenu
          user={user}
          avatarUrl={own.avatarUrl}
          statusMessage={status.statusMessage}
          onEditProfile={() => setEditing('profile')}
          onEditStatus={() => setEditing('status')}
          onOpenSettings={onOpenSettings}
          onLogout={onLogout}
        />
      </footer>
      {editing === 'profile' ? (
        <ProfileDialog
          userId={user.id}
          saved={{ nickname: own.nickname, statusMessage: status.statusMessage, avatarUrl: own.avatarUrl }}
          onSaved={own.apply}
          onClose={() => setEditing(null)}
        />
      ) : null}
      {editing === 'status' ? (
        <StatusDialog current={status.statusMessage} onSave={status.save} onClose={() => setEditing(null)} />
      ) : null}
    </nav>
  );
}
