import type { SelfUser } from '@messenger/shared';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiClient } from '../../lib/api.ts';
import { BrandMark } from '../../ui/BrandMark.tsx';
import { NotifyMenu } from '../chat/notify/NotifyMenu.tsx';
import { RoomList } from '../chat/rooms/RoomList.tsx';
import { profileApi } from '../profile/profileApi.ts';
import { ProfileDialog } from '../profile/ProfileDialog.tsx';
import { useOwnProfile } from '../profile/useOwnProfile.ts';
import { SearchButton } from '../search/SearchButton.tsx';
import { ProfileMenu } from './ProfileMenu.tsx';
import { StatusDialog } from './StatusDialog.tsx';
import { useStatusMessage } from './useStatusMessage.ts';

export interface SidebarProps {
  api: ApiClient;
  user: SelfUser;
  /** My nickname changed (here or in another tab): the session's user follows. */
  onNicknameChanged: (nickname: string) => void;
  onOpenSettings: () => void;
  onLogout: () => void;
}

/** App name, the conversation list and the account menu (with the profile and status message dialogs). */
export function Sidebar({ api, user, onNicknameChanged, onOpenSettings, onLogout }: SidebarProps) {
  const { t } = useTranslation();
  const profiles = useMemo(() => profileApi(api), [api]);
  const own = useOwnProfile(profiles, user, onNicknameChanged);
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
          api={profiles}
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
