import type { Profile, SelfUser, UserSummary } from '@messenger/shared';
import { useCallback, useEffect } from 'react';
import { realtime } from '../../lib/socket.ts';
import { useChatState, useChatStore } from '../chat/store/ChatContext.tsx';

/** My profile as other people see me (a `UserSummary`). */
export function summaryOf(p: Profile): UserSummary {
  return { id: p.id, username: p.username, nickname: p.nickname, deleted: false, avatarUrl: p.avatarUrl };
}

/**
 * My own name and image as the chat store knows them (the status message is `useStatusMessage`'s): loaded with each connection (a change
 * made in another tab while this one was offline is not missed), then kept current by `user:updated` and by
 * what the profile dialog saves. A new nickname is handed to the session state, which the rest of the app reads.
 */
export function useOwnProfile(user: SelfUser, onNicknameChanged: (nickname: string) => void) {
  const store = useChatStore();
  const api = store.api.profile;
  const state = useChatState();
  const me = state.users[user.id];

  const apply = useCallback(
    (p: Profile) =>
      store.dispatch({ type: 'userUpdated', user: summaryOf(p), statusMessage: p.statusMessage }),
    [store],
  );

  useEffect(() => {
    let live = true;
    const load = () =>
      api.get().then(
        (p) => live && apply(p),
        () => undefined, // Decoration: the initials and the session's nickname stay until the next connect.
      );
    if (realtime.isConnected()) void load();
    const off = realtime.onConnect(() => void load());
    return () => {
      live = false;
      off();
    };
  }, [api, apply]);

  const nickname = me?.nickname ?? user.nickname;
  useEffect(() => {
    if (nickname !== user.nickname) onNicknameChanged(nickname);
  }, [nickname, user.nickname, onNicknameChanged]);

  return {
    nickname,
    avatarUrl: me?.avatarUrl ?? null,
    /** Shows a saved profile at once, before its `user:updated` arrives. */
    apply,
  };
}

/** What `useOwnProfile` returns. */
export type OwnProfile = ReturnType<typeof useOwnProfile>;
