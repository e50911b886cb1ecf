import type { FileInfo } from '@messenger/shared';
import { useState } from 'react';
import { useChatStore } from '../store/ChatContext.tsx';
import { useFileDrop } from './useFileDrop.ts';
import { useUploadTray } from './useUploadTray.ts';

/**
 * Files in the open conversation: the composer's upload tray (fed by the attach button, a drop anywhere on
 * the chat and a paste), the image viewer, and whether the Files panel is open.
 */
export function useChatFiles(roomId: string, refuse?: () => void) {
  const store = useChatStore();
  const tray = useUploadTray(roomId, store.api.files);
  // An encrypted room takes no files yet (E2E-41): a drop is refused with a word instead of uploaded.
  const drop = useFileDrop(refuse ?? tray.add);
  const [viewing, setViewing] = useState<FileInfo | null>(null);
  const [panelOpen, setPanelOpen] = useState(false);
  return {
    tray,
    drop,
    viewing,
    openImage: setViewing,
    closeImage: () => setViewing(null),
    panelOpen,
    setPanelOpen,
  };
}
