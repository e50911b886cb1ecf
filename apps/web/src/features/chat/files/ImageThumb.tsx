import type { FileInfo } from '@messenger/shared';
import { useTranslation } from 'react-i18next';
import { thumbBox } from './format.ts';
import { useImageViewer } from './viewerContext.ts';

/**
 * An image in the timeline: the preview in a box of the image's aspect ratio, reserved before it loads so the
 * timeline does not jump; a click opens the viewer.
 */
export function ImageThumb({ file, compact }: { file: FileInfo; compact: boolean }) {
  const { t } = useTranslation();
  const openViewer = useImageViewer();
  const box = compact ? thumbBox(file.width, file.height, 200, 200) : thumbBox(file.width, file.height);
  const open = () => {
    if (openViewer) openViewer(file);
    else if (file.url) window.open(file.url, '_blank', 'noopener');
  };
  return (
    <button
      type="button"
      className="image-thumb"
      data-testid="image-thumb"
      data-file-id={file.id}
      aria-label={t('files.openImage', { name: file.name })}
      // CSSOM styles (not a style attribute) pass the strict CSP; aspect-ratio keeps the shape when narrowed.
      style={{ width: box.width, aspectRatio: `${box.width} / ${box.height}` }}
      onClick={open}
    >
      <img
        src={file.thumbUrl ?? file.url ?? ''}
        alt={file.name}
        width={box.width}
        height={box.height}
        decoding="async"
      />
    </button>
  );
}
