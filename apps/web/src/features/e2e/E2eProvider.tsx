import { CSRF_HEADER } from '@messenger/shared';
import { useEffect, useState, type ReactNode } from 'react';
import type { ApiClient } from '../../lib/api.ts';
import { socketEvents } from '../../lib/socket.ts';
import { useChatStore } from '../chat/store/ChatContext.tsx';
import { DecryptCache } from './decryptCache.ts';
import { setActiveE2eClient } from './device.ts';
import { E2eClient } from './e2eClient.ts';
import { E2eContext } from './E2eContext.tsx';
import { LinkRequests } from './link/LinkRequests.tsx';
import { spawnE2eWorker } from './spawnWorker.ts';

/** The room id of an event payload, when it has one. */
const roomOf = (p: unknown): string | undefined => {
  const id = (p as { roomId?: unknown } | null)?.roomId;
  return typeof id === 'string' ? id : undefined;
};

/**
 * Starts this browser's E2E device for the signed-in user (the worker), gives the chat store its encrypted
 * send, and keeps encrypted rooms in line with the server's E2E events: a member or device added, a welcome for
 * this device, a new epoch (each syncs the room, then messages that failed there are tried again).
 */
export function E2eProvider({
  api,
  userId,
  children,
}: {
  api: ApiClient;
  userId: string;
  children: ReactNode;
}) {
  const store = useChatStore();
  const [value] = useState(() => {
    const client = new E2eClient({
      uid: userId,
      csrf: async (fresh) => (await api.writeHeaders(fresh))[CSRF_HEADER] ?? null,
      spawn: spawnE2eWorker,
    });
    const cache = new DecryptCache((m) =>
      client.open(
        m.roomId,
        m.ciphertext,
        { msgId: m.id, senderUid: m.sender?.id },
        m.createdAt ? { createdAt: m.createdAt, ...(m.seq !== undefined ? { seq: m.seq } : {}) } : undefined,
      ),
    );
    return { client, cache };
  });

  useEffect(() => {
    const { client, cache } = value;
    const offActive = setActiveE2eClient(client);
    const offStore = store.setE2e(client);
    const offReady = client.onRoomReady((roomId) => cache.retryFailed(roomId));
    let last = client.getStatus().state;
    const offStatus = client.subscribe(() => {
      const now = client.getStatus().state;
      if (now === last) return;
      last = now;
      // Failures that came from the device's state (another tab, not started) are asked again.
      cache.retryFailed();
    });
    void client.start();
    return () => {
      offActive();
      offStore();
      offReady();
      offStatus();
      client.stop();
    };
  }, [value, store]);

  useEffect(() => {
    // Mentions travel inside the ciphertext (E2E-50): a live message from someone else is opened at once, so
    // the room list can mark a mention of me in a room that is not open.
    const { cache } = value;
    return store.onMessage((m, created) => {
      if (!created || m.kind !== 'e2e' || !m.ciphertext || m.sender?.id === userId) return;
      void cache.settled(m).then((d) => {
        if (d.status === 'ok' && d.content.mentions?.includes(userId)) store.mentionedIn(m.roomId, m.seq);
      });
    });
  }, [value, store, userId]);

  useEffect(() => {
    // A message deleted after this device opened it leaves the device's search index (E2E-92): the timelines
    // that changed are scanned for tombstones of messages the cache decrypted.
    const { client, cache } = value;
    let seen = store.getState().timelines;
    const forgotten = new Set<string>();
    return store.subscribe(() => {
      const now = store.getState().timelines;
      if (now === seen) return;
      const gone: string[] = [];
      for (const [roomId, timeline] of Object.entries(now)) {
        if (seen[roomId] === timeline) continue;
        for (const m of timeline.messages)
          if (m.kind === 'e2e' && m.deletedAt && !forgotten.has(m.id) && cache.latest(m.id)) {
            forgotten.add(m.id);
            gone.push(m.id);
          }
      }
      seen = now;
      if (gone.length) void client.forgetLocal(gone).catch(() => undefined);
    });
  }, [value, store]);

  useEffect(() => {
    const { client } = value;
    const isE2e = (roomId: string | undefined) =>
      roomId !== undefined && store.getState().rooms.some((r) => r.id === roomId && r.e2e);
    const known = () =>
      store
        .getState()
        .rooms.filter((r) => r.e2e && client.roomStatus(r.id) !== undefined)
        .map((r) => r.id);
    const sync = (roomId: string | undefined) => {
      if (isE2e(roomId)) void client.syncRoom(roomId!);
    };
    const listeners: [string, (p: unknown) => void][] = [
      ['room:members', (p) => sync(roomOf(p))],
      ['e2e:epoch', (p) => sync(roomOf(p))],
      [
        'e2e:welcome',
        (p) => {
          const status = client.getStatus();
          const device = (p as { deviceId?: unknown } | null)?.deviceId;
          if (status.state !== 'ready' || device === undefined || device === status.deviceId) sync(roomOf(p));
        },
      ],
      [
        // A member's new device: the rooms this device is working with add it (others do when opened).
        'e2e:device-added',
        (p) => {
          const roomId = roomOf(p);
          if (roomId) return sync(roomId);
          const userIdOf = (p as { userId?: unknown } | null)?.userId;
          const peers = store
            .getState()
            .rooms.filter((r) => r.e2e && r.peer?.id === userIdOf)
            .map((r) => r.id);
          for (const id of new Set([...known(), ...peers])) sync(id);
        },
      ],
    ];
    for (const [event, fn] of listeners) socketEvents.on(event, fn);
    return () => {
      for (const [event, fn] of listeners) socketEvents.off(event, fn);
    };
  }, [value, store]);

  return (
    <E2eContext value={value}>
      {children}
      <LinkRequests />
    </E2eContext>
  );
}
