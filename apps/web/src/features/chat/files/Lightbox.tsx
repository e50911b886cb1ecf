import type { FileInfo } from '@messenger/shared';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FilesApi } from './filesApi.ts';
import { DownloadGlyph } from './FileCard.tsx';
import { downloadUrl } from './format.ts';

/** Gallery pages read to find the opened image among the room's images (100 each). */
const FIND_PAGES = 10;

export interface LightboxProps {
  roomId: string;
  start: FileInfo;
  api: FilesApi;
  onClose: () => void;
}

/**
 * The image viewer: fit or 100%, download, previous/next among the room's images (arrow keys too). A native
 * modal <dialog>, so focus stays inside, Escape closes and focus returns to the thumbnail.
 */
export function Lightbox({ roomId, start, api, onClose }: LightboxProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  // The room's images newest first; until the gallery answers, just the one that was clicked.
  const [list, setList] = useState<FileInfo[]>([start]);
  const [index, setIndex] = useState(0);
  const [cursor, setCursor] = useState<string | null>(null);
  const [actual, setActual] = useState(false);
  const loadingMore = useRef(false);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

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

  const onKeyDown = (e: KeyboardEvent) => {
    // Left is the older picture, as in the timeline above; right the newer one.
    if (e.key === 'ArrowLeft' && older) {
      e.preventDefault();
      void go(1);
    } else if (e.key === 'ArrowRight' && newer) {
      e.preventDefault();
      void go(-1);
    }
  };

  const close = () => ref.current?.close();

  return (
    <dialog
      ref={ref}
      className="lightbox"
      aria-label={t('files.viewer')}
      data-testid="lightbox"
      onClose={onClose}
      onKeyDown={onKeyDown}
    >
      <div className="lightbox__bar">
        <div className="lightbox__titles">
          <span className="lightbox__name" data-testid="lightbox-name">
            {current.name}
          </span>
          {list.length > 1 && cursor === null ? (
            <span className="lightbox__pos">
              {t('files.position', { index: list.length - index, total: list.length })}
            </span>
          ) : null}
        </div>
        <button
          type="button"
          className="button button--small lightbox__zoom"
          aria-pressed={actual}
          onClick={() => setActual((a) => !a)}
        >
          {actual ? t('files.zoomFit') : t('files.zoomActual')}
        </button>
        {current.url ? (
          <a
            className="icon-button lightbox__button"
            href={downloadUrl(current.url)}
            download={current.name}
            aria-label={t('files.downloadName', { name: current.name })}
            title={t('files.download')}
          >
            <DownloadGlyph />
          </a>
        ) : null}
        <button
          type="button"
          className="icon-button lightbox__button"
          aria-label={t('chat.close')}
          onClick={close}
        >
          <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
          </svg>
        </button>
      </div>
      <div
        className={actual ? 'lightbox__stage lightbox__stage--actual' : 'lightbox__stage'}
        onClick={(e) => {
          if (e.target === e.currentTarget) close();
        }}
      >
        <img
          key={current.id}
          className="lightbox__image"
          src={current.url ?? current.thumbUrl ?? ''}
          alt={current.name}
          width={current.width ?? undefined}
          height={current.height ?? undefined}
          data-testid="lightbox-image"
        />
      </div>
      <button
        type="button"
        className="lightbox__nav lightbox__nav--prev"
        aria-label={t('files.previous')}
        disabled={!older}
        onClick={() => void go(1)}
      >
        <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <path d="M10 3L5 8l5 5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
        </svg>
      </button>
      <button
        type="button"
        className="lightbox__nav lightbox__nav--next"
        aria-label={t('files.next')}
        disabled={!newer}
        onClick={() => void go(-1)}
      >
        <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <path d="M6 3l5 5-5 5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
        </svg>
      </button>
    </dialog>
  );
}
