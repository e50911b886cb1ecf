import type { SelfUser } from '@messenger/shared';
import { lazy, Suspense, useState } from 'react';
import type { RealtimeStatus } from '../../lib/socket.ts';
import type { ApiClient } from '../../lib/api.ts';
import { ChatMain } from '../chat/ChatMain.tsx';
import { ChatProvider } from '../chat/store/ChatProvider.tsx';
import { Sidebar } from './Sidebar.tsx';

// Settings load when first opened: most visits never open them.
const SettingsDialog = lazy(() =>
  import('../settings/SettingsDialog.tsx').then((m) => ({ default: m.SettingsDialog })),
);

export interface ShellProps {
  api: ApiClient;
  user: SelfUser;
  connection: RealtimeStatus;
  /** My nickname changed: the session's user follows. */
  onNicknameChanged: (nickname: string) => void;
  onLogout: () => void;
  /** My account was deleted here: back to the login screen with a farewell. */
  onAccountDeleted: () => void;
}

/** The signed-in layout: sidebar and main area; settings open as a dialog over it. */
export function Shell({ api, user, connection, onNicknameChanged, onLogout, onAccountDeleted }: ShellProps) {
  const [settingsOpen, setSettingsOpen] = useState(false);
  return (
    <ChatProvider api={api} userId={user.id}>
      <div className="shell" data-testid="shell" data-connection={connection}>
        <Sidebar
          api={api}
          user={user}
          onNicknameChanged={onNicknameChanged}
          onOpenSettings={() => setSettingsOpen(true)}
          onLogout={onLogout}
        />
        <main className="shell__main">
          <ChatMain />
        </main>
        {settingsOpen ? (
          <Suspense fallback={null}>
            <SettingsDialog
              api={api}
              username={user.username}
              isAdmin={user.isAdmin}
              onClose={() => setSettingsOpen(false)}
              onLogout={onLogout}
              onAccountDeleted={onAccountDeleted}
            />
          </Suspense>
        ) : null}
      </div>
    </ChatProvider>
  );
}
