import { useSyncExternalStore } from 'react';
import type { NotifyLevel } from '../model/notify.ts';
import { notifyPrefs } from './prefs.ts';

/** Notification preferences: global level, per-room level, sound. */
export function useNotifyPrefs() {
  const prefs = useSyncExternalStore(notifyPrefs.subscribe, notifyPrefs.get);
  return {
    ...prefs,
    room: (roomId: string): NotifyLevel | undefined => prefs.rooms[roomId],
    setRoom(roomId: string, level: NotifyLevel | undefined) {
      const rooms = { ...prefs.rooms };
      if (level) rooms[roomId] = level;
      else delete rooms[roomId];
      notifyPrefs.update({ rooms });
    },
    setGlobal: (global: NotifyLevel) => notifyPrefs.update({ global }),
    setSound: (sound: boolean) => notifyPrefs.update({ sound }),
  };
}
