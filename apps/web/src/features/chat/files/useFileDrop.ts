import { useRef, useState, type DragEvent } from 'react';

/** Whether a drag carries files (not a text selection or a link dragged inside the page). */
export function dragHasFiles(types: readonly string[]): boolean {
  return types.includes('Files');
}

/**
 * Drag-and-drop of files onto an area: `active` while files hover it (for the overlay), `onFiles` on drop.
 * Enter and leave fire for every child crossed, so a depth count tells when the drag really left.
 */
export function useFileDrop(onFiles: (files: File[]) => void) {
  const [active, setActive] = useState(false);
  const depth = useRef(0);
  const handlers = {
    onDragEnter: (e: DragEvent) => {
      if (!dragHasFiles([...e.dataTransfer.types])) return;
      e.preventDefault();
      depth.current += 1;
      setActive(true);
    },
    onDragOver: (e: DragEvent) => {
      if (!dragHasFiles([...e.dataTransfer.types])) return;
      // Without this the browser opens the file instead of dropping it here.
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    },
    onDragLeave: (e: DragEvent) => {
      if (!dragHasFiles([...e.dataTransfer.types])) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setActive(false);
    },
    onDrop: (e: DragEvent) => {
      depth.current = 0;
      setActive(false);
      const files = [...e.dataTransfer.files];
      if (files.length === 0) return;
      e.preventDefault();
      onFiles(files);
    },
  };
  return { active, handlers };
}
