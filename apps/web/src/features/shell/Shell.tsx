import type { SelfUser } from '@messenger/shared';
import { lazy, Suspense, useEffect, useState } from 'react';
import type { RealtimeStatus } from '../../lib/socket.ts';
import type { ApiClient } from '../../lib/api.ts';
import { ChatMain } from '../chat/ChatMain.tsx';
import { ReminderToast } from '../chat/notices/ReminderToast.tsx';
import { ChatProvider } from '../chat/store/ChatProvider.tsx';
import { E2eProvider } from '../e2e/E2eProvider.tsx';
import { OpenSearchContext } from '../search/searchContext.ts';
import { SearchPanel } from '../search/SearchPanel.tsx';
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

/** The signed-in layout: sidebar and main area; settings and search open as dialogs over it. */
export function Shell({ api, user, connection, onNicknameChanged, onLogout, onAccountDeleted }: ShellProps) {
  const [settingsOpen, setSettingsOpen] = useState(false);
  // Search everywhere (roomId null) or within one room; Ctrl+K (⌘K) opens it from anywhere.
  const [search, setSearch] = useState<{ roomId: string | null } | null>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k' && !e.isComposing) {
        e.preventDefault();
        setSearch((open) => open ?? { roomId: null });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <ChatProvider api={api} userId={user.id}>
      <E2eProvider api={api} userId={user.id}>
        <OpenSearchContext value={(roomId) => setSearch({ roomId })}>
          <div className="shell" data-testid="shell" data-connection={connection}>
            <Sidebar
              user={user}
              onNicknameChanged={onNicknameChanged}
              onOpenSettings={() => setSettingsOpen(true)}
              onLogout={onLogout}
            />
            <main className="shell__main">
              <ChatMain />
            </main>
            {/* Beside the main area, which a phone hides while its room list shows (PIN-6). */}
            <ReminderToast />
            {settingsOpen ? (
              <Suspense fallback={null}>
                <SettingsDialog
                  api={api}
                  username={user.username}
                  isAdmin={user.isAdmin}
                  directoryAccount={user.authSource !== 'local'}
                  onClose={() => setSettingsOpen(false)}
                  onLogout={onLogout}
                  onAccountDeleted={onAccountDeleted}
                />
              </Suspense>
            ) : null}
            {search ? <SearchPanel api={api} roomId={search.roomId} onClose={() => setSearch(null)} /> : null}
          </div>
        </OpenSearchContext>
      </E2eProvider>
    </ChatProvider>
  );
}
