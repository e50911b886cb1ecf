import type { SelfUser } from '@messenger/shared';
import { useState } from 'react';
import type { RealtimeStatus } from '../../lib/socket.ts';
import { SettingsDialog } from '../settings/SettingsDialog.tsx';
import type { ApiClient } from '../../lib/api.ts';
import { ChatMain } from '../chat/ChatMain.tsx';
import { ChatProvider } from '../chat/store/ChatProvider.tsx';
import { Sidebar } from './Sidebar.tsx';

export interface ShellProps {
  api: ApiClient;
  user: SelfUser;
  connection: RealtimeStatus;
  onLogout: () => void;
}

/** The signed-in layout: sidebar and main area; settings open as a dialog over it. */
export function Shell({ api, user, connection, onLogout }: ShellProps) {
  const [settingsOpen, setSettingsOpen] = useState(false);
  return (
    <ChatProvider api={api} userId={user.id}>
      <div className="shell" data-testid="shell" data-connection={connection}>
        <Sidebar user={user} onOpenSettings={() => setSettingsOpen(true)} onLogout={onLogout} />
        <main className="shell__main">
          <ChatMain />
        </main>
        {settingsOpen ? (
          <SettingsDialog
            api={api}
            username={user.username}
            onClose={() => setSettingsOpen(false)}
            onLogout={onLogout}
          />
        ) : null}
      </div>
    </ChatProvider>
  );
}
