import type { SelfUser } from '@messenger/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BrandMark } from '../../ui/BrandMark.tsx';
import { NotifyMenu } from '../chat/notify/NotifyMenu.tsx';
import { RoomList } from '../chat/rooms/RoomList.tsx';
import { ProfileMenu } from './ProfileMenu.tsx';
import { StatusDialog } from './StatusDialog.tsx';
import { useStatusMessage } from './useStatusMessage.ts';

export interface SidebarProps {
  user: SelfUser;
  onOpenSettings: () => void;
  onLogout: () => void;
}

/** App name, the conversation list and the account menu (with the status message dialog). */
export function Sidebar({ user, onOpenSettings, onLogout }: SidebarProps) {
  const { t } = useTranslation();
  const status = useStatusMessage();
  const [editingStatus, setEditingStatus] = useState(false);
  return (
    <nav className="sidebar" aria-label={t('shell.sidebarLabel')}>
      <header className="sidebar__header">
        <BrandMark size={28} />
        <span className="sidebar__app-name">{t('app.name')}</span>
        <NotifyMenu />
      </header>
      <RoomList />
      <footer className="sidebar__footer">
        <ProfileMenu
          user={user}
          statusMessage={status.statusMessage}
          onEditStatus={() => setEditingStatus(true)}
          onOpenSettings={onOpenSettings}
          onLogout={onLogout}
        />
      </footer>
      {editingStatus ? (
        <StatusDialog
          current={status.statusMessage}
          onSave={status.save}
          onClose={() => setEditingStatus(false)}
        />
      ) : null}
    </nav>
  );
}
