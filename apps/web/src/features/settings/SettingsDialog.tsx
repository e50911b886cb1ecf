import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiClient } from '../../lib/api.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { tabPanelProps, Tabs } from '../../ui/Tabs.tsx';
import { AppearanceSection } from './AppearanceSection.tsx';
import { PasswordSection } from './PasswordSection.tsx';
import { SessionsSection } from './SessionsSection.tsx';

type Section = 'account' | 'sessions' | 'appearance';

export interface SettingsDialogProps {
  api: ApiClient;
  username: string;
  onClose: () => void;
  onLogout: () => void;
}

/** Settings: account (password), sessions, appearance (theme, language), one tab each. */
export function SettingsDialog({ api, username, onClose, onLogout }: SettingsDialogProps) {
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
          ]}
          value={section}
          onChange={setSection}
        />
        <div className="settings__panel" {...tabPanelProps('settings', section)}>
          {section === 'account' ? <PasswordSection api={api} username={username} /> : null}
          {section === 'sessions' ? <SessionsSection api={api} onLogout={onLogout} /> : null}
          {section === 'appearance' ? <AppearanceSection /> : null}
        </div>
      </div>
    </Dialog>
  );
}
