import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { shouldNotify, titleWithUnread } from '../model/notify.ts';
import { useChatState, useChatStore } from '../store/ChatContext.tsx';
import { roomTitle } from '../roomTitle.ts';
import { badgeFavicon, beep } from './alerts.ts';
import { notifyPrefs } from './prefs.ts';
import { setAppBadge } from '../../install/pwa.ts';
import { useE2e } from '../../e2e/E2eContext.tsx';
import type { Message } from '@messenger/shared';

/** Tab title and favicon badge with the unread total; desktop notification and sound for new messages. */
export function useNotifications() {
  const { t } = useTranslation();
  const store = useChatStore();
  const e2e = useE2e();
  const { rooms } = useChatState();
  const base = t('app.name');
  const title = titleWithUnread(base, rooms);
  const total = rooms.reduce((n, r) => n + (r.muted ? 0 : r.unreadCount), 0);

  useEffect(() => {
    document.title = title;
  }, [title]);

  // The installed app's icon shows the same total; signing out clears it.
  useEffect(() => setAppBadge(total), [total]);
  useEffect(() => () => setAppBadge(0), []);

  useEffect(() => {
    const link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
    if (!link) return;
    const original = link.getAttribute('href');
    const url = total > 0 ? badgeFavicon(total) : null;
    if (url) link.href = url;
    return () => {
      if (original) link.setAttribute('href', original);
    };
  }, [total]);

  useEffect(() => {
    const alert = (m: Message) => {
      const s = store.getState();
      const room = s.rooms.find((r) => r.id === m.roomId);
      const prefs = notifyPrefs.get();
      const viewing = s.activeRoomId === m.roomId && document.visibilityState === 'visible';
      const ok = shouldNotify(m, {
        userId: s.meId,
        global: prefs.global,
        room: prefs.rooms[m.roomId],
        muted: room?.muted ?? false,
        viewing,
      });
      if (!ok) return;
      if (prefs.sound) beep();
      if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
      const name = room ? roomTitle(room, t('chat.deletedUser')) : base;
      const n = new Notification(name, {
        // An encrypted message says only that there is one: its text never leaves the timeline (design 5.4).
        body:
          m.kind === 'e2e' ? t('e2e.notification') : `${m.sender?.nickname ?? ''}: ${m.body.slice(0, 140)}`,
        tag: m.roomId,
        icon: '/favicon.svg',
      });
      n.onclick = () => {
        window.focus();
        store.open(m.roomId);
        n.close();
      };
    };
    return store.setIncomingHandler((m) => {
      if (m.kind !== 'e2e' || !e2e || !m.ciphertext) return alert(m);
      // An encrypted message's mentions are inside it (E2E-50): opened first, so "mentions only" works.
      void e2e.cache.settled(m).then((d) => {
        const userIds = d.status === 'ok' ? (d.content.mentions ?? []) : [];
        alert({ ...m, mentions: { ...m.mentions, userIds } });
      });
    });
  }, [store, t, base, e2e]);
}
