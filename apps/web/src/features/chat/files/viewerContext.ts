import type { FileInfo } from '@messenger/shared';
import { createContext, useContext } from 'react';

/** Opens the image viewer on a file of the open room (provided by the chat view). */
export const ImageViewerContext = createContext<((file: FileInfo) => void) | null>(null);

/** The image viewer's opener, or null outside a chat view (then a thumbnail opens the original). */
export function useImageViewer(): ((file: FileInfo) => void) | null {
  return useContext(ImageViewerContext);
}
