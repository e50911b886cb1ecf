import type { FileInfo } from '@messenger/shared';
import { useMemo, useState } from 'react';
import { useE2e } from '../../e2e/E2eContext.tsx';
import { e2eUploader } from '../../e2e/e2eUploads.ts';
import { makeThumbnail } from '../../e2e/thumbnail.ts';
import { useChatStore } from '../store/ChatContext.tsx';
import { useFileDrop } from './useFileDrop.ts';
import { useUploadTray } from './useUploadTray.ts';

/**
 * Files in the open conversation: the composer's upload tray (fed by the attach button, a drop anywhere on
 * the chat and a paste), the image viewer, and whether the Files panel is open. In an encrypted room the same
 * tray seals each file in the E2E worker before it uploads (E2E-75); `refuse` (while the room is not ready
 * here) turns a drop away with a word instead.
 */
export function useChatFiles(roomId: string, encrypted = false, refuse?: () => void) {
  const store = useChatStore();
  const client = useE2e()?.client;
  const files = store.api.files;
  const uploader = useMemo(
    () => (encrypted && client ? e2eUploader(client, files, makeThumbnail) : files),
    [encrypted, client, files],
  );
  const tray = useUploadTray(roomId, uploader);
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
