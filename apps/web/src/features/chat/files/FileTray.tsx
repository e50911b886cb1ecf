import { useTranslation } from 'react-i18next';
import { FileIcon } from './FileIcon.tsx';
import { formatBytes } from './format.ts';
import type { TrayItem } from './tray.ts';
import type { UploadTray } from './useUploadTray.ts';

/** The files waiting above the composer: preview, name and size, progress, cancel, retry and remove. */
export function FileTray({ tray }: { tray: UploadTray }) {
  const { t } = useTranslation();
  if (tray.items.length === 0 && !tray.notice) return null;
  return (
    <div className="file-tray" data-testid="file-tray">
      {tray.items.length > 0 ? (
        <ul className="file-tray__list" aria-label={t('files.tray')}>
          {tray.items.map((item) => (
            <TrayRow key={item.key} item={item} tray={tray} />
          ))}
        </ul>
      ) : null}
      {tray.notice ? (
        <p className="file-tray__notice" role="status">
          {tray.notice}
        </p>
      ) : null}
    </div>
  );
}

function TrayRow({ item, tray }: { item: TrayItem; tray: UploadTray }) {
  const { t, i18n } = useTranslation();
  const inFlight = item.status === 'uploading' || item.status === 'scanning';
  const percent = Math.round(item.progress * 100);
  return (
    <li className="tray-item" data-testid="tray-item" data-status={item.status} data-name={item.name}>
      <div className="tray-item__preview">
        {item.previewUrl ? (
          <img src={item.previewUrl} alt="" />
        ) : (
          <FileIcon name={item.name} contentType={item.type} />
        )}
      </div>
      <div className="tray-item__text">
        <span className="tray-item__name" title={item.name}>
          {item.name}
        </span>
        {item.status === 'failed' ? (
          <span className="tray-item__error" role="alert" data-testid="tray-error">
            {item.error}
          </span>
        ) : (
          <span className="tray-item__meta">
            {formatBytes(item.size, i18n.language)}
            {' · '}
            {item.status === 'uploading'
              ? t('files.uploading', { percent })
              : item.status === 'scanning'
                ? t('files.scanning')
                : t('files.ready')}
          </span>
        )}
        {inFlight ? (
          <progress
            className="tray-item__progress"
            max={100}
            value={item.status === 'scanning' ? undefined : percent}
            aria-label={t('files.uploading', { percent })}
          />
        ) : null}
      </div>
      <div className="tray-item__actions">
        {item.status === 'failed' && item.retryable ? (
          <button
            type="button"
            className="link-button"
            aria-label={t('files.retryName', { name: item.name })}
            onClick={() => tray.retry(item.key)}
          >
            {t('files.retry')}
          </button>
        ) : null}
        <button
          type="button"
          className="icon-button icon-button--small"
          aria-label={t(inFlight ? 'files.cancel' : 'files.remove', { name: item.name })}
          data-testid="tray-remove"
          onClick={() => tray.remove(item.key)}
        >
          <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
          </svg>
        </button>
      </div>
    </li>
  );
}
