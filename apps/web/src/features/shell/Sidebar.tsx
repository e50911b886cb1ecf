import type { SelfUser } from '@messenger/shared';
import { useTranslation } from 'react-i18next';
import { BrandMark } from '../../ui/BrandMark.tsx';
import { ProfileMenu } from './ProfileMenu.tsx';

export interface SidebarProps {
  user: SelfUser;
  onOpenSettings: () => void;
  onLogout: () => void;
}

/** App name, the conversation list (empty for now) and the account menu. */
export function Sidebar({ user, onOpenSettings, onLogout }: SidebarProps) {
  const { t } = useTranslation();
  return (
    <nav className="sidebar" aria-label={t('shell.sidebarLabel')}>
      <header className="sidebar__header">
        <BrandMark size={28} />
        <span className="sidebar__app-name">{t('app.name')}</span>
      </header>
      <section className="sidebar__section" aria-labelledby="sidebar-conversations">
        <h2 id="sidebar-conversations" className="sidebar__heading">
          {t('shell.conversations')}
        </h2>
        <div className="sidebar__empty" data-testid="room-list-empty">
          <p className="sidebar__empty-title">{t('shell.noConversations')}</p>
          <p className="sidebar__empty-hint">{t('shell.noConversationsHint')}</p>
        </div>
      </section>
      <footer className="sidebar__footer">
        <ProfileMenu user={user} onOpenSettings={onOpenSettings} onLogout={onLogout} />
      </footer>
    </nav>
  );
}
