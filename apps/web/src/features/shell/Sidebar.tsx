import type { SelfUser } from '@messenger/shared';
import { useTranslation } from 'react-i18next';
import { BrandMark } from '../../ui/BrandMark.tsx';
import { NotifyMenu } from '../chat/notify/NotifyMenu.tsx';
import { RoomList } from '../chat/rooms/RoomList.tsx';
import { ProfileMenu } from './ProfileMenu.tsx';

export interface SidebarProps {
  user: SelfUser;
  onOpenSettings: () => void;
  onLogout: () => void;
}

/** App name, the conversation list and the account menu. */
export function Sidebar({ user, onOpenSettings, onLogout }: SidebarProps) {
  const { t } = useTranslation();
  return (
    <nav className="sidebar" aria-label={t('shell.sidebarLabel')}>
      <header className="sidebar__header">
        <BrandMark size={28} />
        <span className="sidebar__app-name">{t('app.name')}</span>
        <NotifyMenu />
      </header>
      <RoomList />
      <footer className="sidebar__footer">
        <ProfileMenu user={user} onOpenSettings={onOpenSettings} onLogout={onLogout} />
      </footer>
    </nav>
  );
}
