import type { FileKind, RoomFile, RoomSummary } from '@messenger/shared';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../i18n/errorText.ts';
import { Tabs, tabPanelProps } from '../../../ui/Tabs.tsx';
import { ConfirmDialog } from '../ConfirmDialog.tsx';
import { useChatState } from '../store/ChatContext.tsx';
import { shortTime } from '../timeline/format.ts';
import { DownloadGlyph } from './FileCard.tsx';
import { FileIcon } from './FileIcon.tsx';
import { downloadUrl, formatBytes } from './format.ts';
import { useRoomFiles } from './useRoomFiles.ts';
import { useImageViewer } from './viewerContext.ts';

/** The room's photos and files, newest first, with infinite scroll; the uploader or an admin deletes. */
export function FilesPanel({ room, onClose }: { room: RoomSummary; onClose: () => void }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<FileKind>('image');
  const meId = useChatState().meId;
  const g = useRoomFiles(room.id, kind);
  const [deleting, setDeleting] = useState<RoomFile | null>(null);
  const [error, setError] = useState<string | null>(null);
  const isAdmin = room.myRole === 'owner' || room.myRole === 'admin';
  const canDelete = (f: RoomFile) => isAdmin || f.uploader?.id === meId;
  const sentinel = useSentinel(g.loadMore, g.files.length, !g.done && !g.error);
  const idPrefix = `files-${room.id}`;

  const confirmDelete = async () => {
    const f = deleting;
    setDeleting(null);
    if (!f) return;
    try {
      setError(null);
      await g.remove(f.id);
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <aside className="members-panel files-panel" aria-label={t('files.panelTitle')} data-testid="files-panel">
      <header className="members-panel__head">
        <h2 className="members-panel__title">{t('files.panelTitle')}</h2>
        <button type="button" className="icon-button" aria-label={t('chat.close')} onClick={onClose}>
          ×
        </button>
      </header>
      <Tabs
        label={t('files.kinds')}
        idPrefix={idPrefix}
        items={[
          { id: 'image', label: t('files.images') },
          { id: 'file', label: t('files.documents') },
        ]}
        value={kind}
        onChange={setKind}
        className="files-panel__tabs"
      />
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="files-panel__body" {...tabPanelProps(idPrefix, kind)}>
        {kind === 'image' ? (
          <ImageGrid files={g.files} canDelete={canDelete} onDelete={setDeleting} />
        ) : (
          <FileList files={g.files} canDelete={canDelete} onDelete={setDeleting} />
        )}
        {g.files.length === 0 && g.done ? (
          <p className="files-panel__empty">{t(kind === 'image' ? 'files.noImages' : 'files.noFiles')}</p>
        ) : null}
        {g.loading ? <p className="files-panel__empty">{t('files.loading')}</p> : null}
        {g.error ? (
          <p className="files-panel__empty" role="alert">
            {t('files.loadFailed')}{' '}
            <button type="button" className="link-button" onClick={() => void g.loadMore()}>
              {t('files.retry')}
            </button>
          </p>
        ) : null}
        <div ref={sentinel} className="files-panel__sentinel" />
      </div>
      {deleting ? (
        <ConfirmDialog
          title={t('files.deleteTitle')}
          body={t('files.deleteBody', { name: deleting.name })}
          confirmLabel={t('files.deleteConfirm')}
          onConfirm={() => void confirmDelete()}
          onClose={() => setDeleting(null)}
          testId="file-delete-dialog"
        />
      ) : null}
    </aside>
  );
}

interface ListProps {
  files: RoomFile[];
  canDelete: (f: RoomFile) => boolean;
  onDelete: (f: RoomFile) => void;
}

function ImageGrid({ files, canDelete, onDelete }: ListProps) {
  const { t } = useTranslation();
  const openViewer = useImageViewer();
  return (
    <ul className="files-grid">
      {files.map((f) => (
        <li key={f.id} className="files-grid__item" data-testid="gallery-image">
          <button
            type="button"
            className="files-grid__open"
            aria-label={t('files.openImage', { name: f.name })}
            onClick={() => openViewer?.(f)}
          >
            <img src={f.thumbUrl ?? f.url ?? ''} alt={f.name} loading="lazy" decoding="async" />
          </button>
          {canDelete(f) ? (
            <button
              type="button"
              className="icon-button icon-button--small files-grid__delete"
              aria-label={t('files.delete', { name: f.name })}
              onClick={() => onDelete(f)}
            >
              <TrashGlyph />
            </button>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function FileList({ files, canDelete, onDelete }: ListProps) {
  const { t, i18n } = useTranslation();
  return (
    <ul className="files-list">
      {files.map((f) => (
        <li key={f.id} className="files-list__item" data-testid="gallery-file">
          <FileIcon name={f.name} contentType={f.contentType} size="sm" />
          <div className="files-list__text">
            <span className="files-list__name" title={f.name}>
              {f.name}
            </span>
            <span className="files-list__meta">
              {formatBytes(f.size, i18n.language)} ·{' '}
              {t('files.sharedBy', {
                name: f.uploader?.nickname ?? t('chat.someone'),
                date: shortTime(f.createdAt, i18n.language),
              })}
            </span>
          </div>
          {f.url ? (
            <a
              className="icon-button icon-button--small"
              href={downloadUrl(f.url)}
              download={f.name}
              aria-label={t('files.downloadName', { name: f.name })}
            >
              <DownloadGlyph />
            </a>
          ) : null}
          {canDelete(f) ? (
            <button
              type="button"
              className="icon-button icon-button--small"
              aria-label={t('files.delete', { name: f.name })}
              onClick={() => onDelete(f)}
            >
              <TrashGlyph />
            </button>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function TrashGlyph() {
  return (
    <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path
        d="M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.6 8.5h5.8l.6-8.5"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.4"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

/**
 * A ref for the element at the end of a scrolled list: `onVisible` runs when it scrolls into view. The
 * observer is made anew after each page, so a sentinel that stays visible (a short page) loads the next.
 */
function useSentinel(onVisible: () => void, count: number, enabled: boolean) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || !enabled || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) onVisible();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [onVisible, count, enabled]);
  return ref;
}
