import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiClient } from '../../lib/api.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { tabPanelProps, Tabs } from '../../ui/Tabs.tsx';
import { AdminStatusSection } from './AdminStatusSection.tsx';
import { AdminUsersSection } from './AdminUsersSection.tsx';
import { AppearanceSection } from './AppearanceSection.tsx';
import { EncryptionSection } from '../e2e/recovery/EncryptionSection.tsx';
import { DeleteAccountSection } from './DeleteAccountSection.tsx';
import { PasswordSection } from './PasswordSection.tsx';
import { EmailSection } from './EmailSection.tsx';
import { AdminAuditSection } from './AdminAuditSection.tsx';
import { AdminRoomsSection } from '../adminRooms/AdminRoomsSection.tsx';
import { ExportsSection } from './ExportsSection.tsx';
import { SessionsSection } from './SessionsSection.tsx';
import { ServerSettingsSection } from './ServerSettingsSection.tsx';
import { SignInPolicySection } from '../twoFactor/SignInPolicySection.tsx';
import { TwoFactorSection } from '../twoFactor/TwoFactorSection.tsx';

type Section =
  | 'account'
  | 'sessions'
  | 'appearance'
  | 'encryption'
  | 'admin'
  | 'rooms'
  | 'signIn'
  | 'status'
  | 'audit'
  | 'server'
  | 'exports';

export interface SettingsDialogProps {
  api: ApiClient;
  username: string;
  /** Server administrator: the Users tab (ACCT-4). */
  isAdmin: boolean;
  /** Signs in through the company directory: its password and deletion are the administrator's (AUTH-13). */
  directoryAccount: boolean;
  onClose: () => void;
  onLogout: () => void;
  onAccountDeleted: () => void;
}

/** Settings: account (password, deletion), sessions, appearance, and users for server admins; a tab each. */
export function SettingsDialog({
  api,
  username,
  isAdmin,
  directoryAccount,
  onClose,
  onLogout,
  onAccountDeleted,
}: SettingsDialogProps) {
  const { t } = useTranslation();
  const [section, setSection] = useState<Section>('account');
  return (
    <Dialog
      title={t('settings.title')}
      closeLabel={t('settings.close')}
      onClose={onClose}
      className="settings"
      testId="settings-dialog"
    >
      <div className="settings__body">
        <Tabs
          label={t('settings.sectionsLabel')}
          idPrefix="settings"
          orientation="vertical"
          className="settings__nav"
          items={[
            { id: 'account', label: t('settings.account') },
            { id: 'sessions', label: t('settings.sessions') },
            { id: 'appearance', label: t('settings.appearance') },
            { id: 'encryption', label: t('e2eRecovery.tab') },
            ...(isAdmin
              ? [
                  { id: 'admin' as const, label: t('settings.admin') },
                  { id: 'rooms' as const, label: t('adminRooms.tab') },
                  { id: 'signIn' as const, label: t('twoFactor.policyTab') },
                  { id: 'status' as const, label: t('settings.statusTab') },
                  { id: 'audit' as const, label: t('adminAudit.tab') },
                  { id: 'server' as const, label: t('serverSettings.tab') },
                  { id: 'exports' as const, label: t('adminExports.tab') },
                ]
              : []),
          ]}
          value={section}
          onChange={setSection}
        />
        <div className="settings__panel" {...tabPanelProps('settings', section)}>
          {section === 'account' && directoryAccount ? (
            <section className="settings-section" data-testid="directory-account">
              <h3 className="settings-section__title">{t('settings.directoryTitle')}</h3>
              <p className="settings-section__hint">{t('settings.directoryHint')}</p>
            </section>
          ) : null}
          {section === 'account' && !directoryAccount ? (
            <>
              <PasswordSection api={api} username={username} />
              <TwoFactorSection api={api} username={username} />
              <EmailSection api={api} />
              <DeleteAccountSection api={api} username={username} onDeleted={onAccountDeleted} />
            </>
          ) : null}
          {section === 'sessions' ? <SessionsSection api={api} onLogout={onLogout} /> : null}
          {section === 'appearance' ? <AppearanceSection /> : null}
          {section === 'encryption' ? <EncryptionSection /> : null}
          {section === 'admin' ? <AdminUsersSection api={api} meUsername={username} /> : null}
          {section === 'rooms' ? <AdminRoomsSection api={api} /> : null}
          {section === 'signIn' ? <SignInPolicySection api={api} /> : null}
          {section === 'status' ? <AdminStatusSection api={api} /> : null}
          {section === 'audit' ? <AdminAuditSection api={api} /> : null}
          {section === 'server' ? <ServerSettingsSection api={api} /> : null}
          {section === 'exports' ? <ExportsSection api={api} /> : null}
        </div>
      </div>
    </Dialog>
  );
}
