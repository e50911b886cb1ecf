import type { FileInfo } from '@messenger/shared';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DownloadGlyph } from './FileCard.tsx';
import { downloadUrl } from './format.ts';
import { useLightbox } from './useLightbox.ts';

export interface LightboxProps {
  roomId: string;
  start: FileInfo;
  onClose: () => void;
}

/**
 * The image viewer: fit or 100%, download, previous/next among the room's images (arrow keys too). A native
 * modal <dialog>, so focus stays inside, Escape closes and focus returns to the thumbnail.
 */
export function Lightbox({ roomId, start, onClose }: LightboxProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const { current, position, older, newer, actual, toggleActual, go } = useLightbox(roomId, start);

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
          {position ? <span className="lightbox__pos">{t('files.position', position)}</span> : null}
        </div>
        <button
          type="button"
          className="button button--small lightbox__zoom"
          aria-pressed={actual}
          onClick={toggleActual}
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
