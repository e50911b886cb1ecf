import { useSyncExternalStore } from 'react';
import { appUpdate } from './pwa.ts';

function subscribeOnline(listener: () => void): () => void {
  window.addEventListener('online', listener);
  window.addEventListener('offline', listener);
  return () => {
    window.removeEventListener('online', listener);
    window.removeEventListener('offline', listener);
  };
}

/** Whether the browser has a network, whether a new app version waits, and whether features need HTTPS. */
export function useConnectivity() {
  const online = useSyncExternalStore(subscribeOnline, () => navigator.onLine);
  const updateWaiting = useSyncExternalStore(appUpdate.subscribe, appUpdate.waiting);
  return {
    online,
    updateWaiting,
    applyUpdate: appUpdate.apply,
    /** False on plain HTTP at a LAN address: no notifications, no installed app, no end-to-end encryption. */
    secure: window.isSecureContext,
  };
}
