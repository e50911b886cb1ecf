import type { FileInfo } from '@messenger/shared';
import { useTranslation } from 'react-i18next';
import { FileCard } from './FileCard.tsx';
import { ImageThumb } from './ImageThumb.tsx';

/** The files of a message in their order: image previews, file cards, and tombstones of deleted files. */
export function MessageFiles({ files }: { files: FileInfo[] }) {
  const { t } = useTranslation();
  if (files.length === 0) return null;
  const compact = files.filter((f) => f.kind === 'image' && !f.deleted).length > 1;
  return (
    <div className="msg-files" data-testid="message-files">
      {files.map((f) =>
        f.deleted ? (
          <p key={f.id} className="msg-files__deleted" data-testid="file-deleted">
            {t('files.deleted')}
          </p>
        ) : f.kind === 'image' && f.thumbUrl ? (
          <ImageThumb key={f.id} file={f} compact={compact} />
        ) : (
          <FileCard key={f.id} file={f} />
        ),
      )}
    </div>
  );
}
