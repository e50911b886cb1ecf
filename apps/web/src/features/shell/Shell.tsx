import type { SelfUser } from '@messenger/shared';
import { useState } from 'react';
import type { RealtimeStatus } from '../../lib/socket.ts';
import { SettingsDialog } from '../settings/SettingsDialog.tsx';
import type { ApiClient } from '../../lib/api.ts';
import { EmptyConversation } from './EmptyConversation.tsx';
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
    <div className="shell" data-testid="shell" data-connection={connection}>
      <Sidebar user={user} onOpenSettings={() => setSettingsOpen(true)} onLogout={onLogout} />
      <main className="shell__main">
        <EmptyConversation />
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
  );
}
