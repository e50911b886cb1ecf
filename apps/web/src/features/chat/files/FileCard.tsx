import type { FileInfo } from '@messenger/shared';
import { useTranslation } from 'react-i18next';
import { FileIcon } from './FileIcon.tsx';
import { downloadUrl, formatBytes } from './format.ts';

/** A file that is not shown as a picture: icon by extension, name, size and a download link. */
export function FileCard({ file }: { file: FileInfo }) {
  const { t, i18n } = useTranslation();
  const href = file.url ? downloadUrl(file.url) : undefined;
  return (
    <div className="file-card" data-testid="file-card" data-file-id={file.id}>
      <FileIcon name={file.name} contentType={file.contentType} />
      <div className="file-card__text">
        <span className="file-card__name" title={file.name}>
          {file.name}
        </span>
        <span className="file-card__size">{formatBytes(file.size, i18n.language)}</span>
      </div>
      {href ? (
        <a
          className="icon-button file-card__download"
          href={href}
          download={file.name}
          aria-label={t('files.downloadName', { name: file.name })}
          title={t('files.download')}
          data-testid="file-download"
        >
          <DownloadGlyph />
        </a>
      ) : null}
    </div>
  );
}

/** The download arrow used by cards, the viewer and the gallery. */
export function DownloadGlyph() {
  return (
    <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path
        d="M8 2v8M4.5 6.5L8 10l3.5-3.5M3 13h10"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
