import type { FileInfo } from '@messenger/shared';
import { useEffect, useRef, useState } from 'react';
import { useChatStore } from '../store/ChatContext.tsx';

/** Gallery pages read to find the opened image among the room's images (100 each). */
const FIND_PAGES = 10;

/**
 * The image viewer's model: the opened image found among the room's images (newest first), stepping to an
 * older one (loading the next gallery page when needed) or a newer one, and fit or 100%.
 */
export function useLightbox(roomId: string, start: FileInfo) {
  const api = useChatStore().api.files;
  // The room's images newest first; until the gallery answers, just the one that was clicked.
  const [list, setList] = useState<FileInfo[]>([start]);
  const [index, setIndex] = useState(0);
  const [cursor, setCursor] = useState<string | null>(null);
  const [actual, setActual] = useState(false);
  const loadingMore = useRef(false);

  useEffect(() => {
    let alive = true;
    void (async () => {
      let files: FileInfo[] = [];
      let next: string | null = null;
      for (let page = 0; page < FIND_PAGES; page++) {
        const res = await api.roomFiles(roomId, { kind: 'image', cursor: next, limit: 100 });
        files = [...files, ...res.files];
        next = res.nextCursor;
        const at = files.findIndex((f) => f.id === start.id);
        if (at >= 0 && alive) {
          setList(files);
          setIndex(at);
          setCursor(next);
        }
        if (at >= 0 || !next) return;
      }
    })().catch(() => {
      // Without the gallery the viewer still shows the image, just without previous/next.
    });
    return () => {
      alive = false;
    };
  }, [api, roomId, start.id]);

  const current = list[index] ?? start;
  const older = index + 1 < list.length || cursor !== null;
  const newer = index > 0;

  const go = async (step: 1 | -1) => {
    setActual(false);
    if (step === -1) return setIndex((i) => Math.max(0, i - 1));
    if (index + 1 < list.length) return setIndex(index + 1);
    if (!cursor || loadingMore.current) return;
    loadingMore.current = true;
    try {
      const res = await api.roomFiles(roomId, { kind: 'image', cursor, limit: 100 });
      const seen = new Set(list.map((f) => f.id));
      const more = res.files.filter((f) => !seen.has(f.id));
      setList([...list, ...more]);
      setCursor(res.nextCursor);
      if (more.length > 0) setIndex(index + 1);
    } catch {
      // Stays on this image; the button can be pressed again.
    } finally {
      loadingMore.current = false;
    }
  };

  return {
    current,
    /** Its place counted from the oldest, once the whole gallery is known (null until then). */
    position: list.length > 1 && cursor === null ? { index: list.length - index, total: list.length } : null,
    older,
    newer,
    actual,
    toggleActual: () => setActual((a) => !a),
    go,
  };
}
