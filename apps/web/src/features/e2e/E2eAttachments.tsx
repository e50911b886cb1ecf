import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DownloadGlyph } from '../chat/files/FileCard.tsx';
import { FileIcon } from '../chat/files/FileIcon.tsx';
import { formatBytes, thumbBox } from '../chat/files/format.ts';
import { isInlineImage, type AttachmentView } from './attachments.ts';
import { codeOf } from './e2eClient.ts';
import { useE2e } from './E2eContext.tsx';
import { failureText } from './failureText.ts';

/** Decrypted bytes of one blob of a message, from the worker (the page never holds the key). */
function useFetchFile(roomId: string, msgId: string) {
  const client = useE2e()?.client;
  return async (fileId: string): Promise<Uint8Array> => {
    if (!client) throw Object.assign(new Error('no E2E device'), { code: 'device.stopped' });
    return client.fetchFile(roomId, msgId, fileId);
  };
}

/** An object URL of decrypted bytes, revoked when the component goes or the bytes change. */
function useObjectUrl(load: (() => Promise<Blob>) | null, key: string) {
  const [state, setState] = useState<{ url: string } | { code: string } | null>(null);
  // The effect runs per `key`; it reads the latest loader through this ref (a new closure every render).
  const loadRef = useRef(load);
  useLayoutEffect(() => {
    loadRef.current = load;
  });
  useEffect(() => {
    const run = loadRef.current;
    if (!run) return;
    let url: string | null = null;
    let live = true;
    run().then(
      (blob) => {
        url = URL.createObjectURL(blob);
        if (live) setState({ url });
        else URL.revokeObjectURL(url);
      },
      (err: unknown) => live && setState({ code: codeOf(err) }),
    );
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [key]);
  return state;
}

const bytesBlob = (bytes: Uint8Array, type: string) => new Blob([bytes as Uint8Array<ArrayBuffer>], { type });

/** The full image, decrypted, in a modal dialog; only an allow-listed image type is ever shown (E2E-76). */
function E2eImageViewer({
  name,
  load,
  onClose,
}: {
  name: string;
  load: () => Promise<Blob>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const image = useObjectUrl(load, name);
  useEffect(() => ref.current?.showModal(), []);
  return (
    <dialog ref={ref} className="lightbox" aria-label={name} data-testid="e2e-image-viewer" onClose={onClose}>
      <div className="lightbox__bar">
        <div className="lightbox__titles">
          <span className="lightbox__name">{name}</span>
        </div>
        <button
          type="button"
          className="icon-button lightbox__button"
          aria-label={t('e2e.file.close')}
          onClick={() => ref.current?.close()}
        >
          ×
        </button>
      </div>
      <div className="lightbox__stage">
        {image && 'url' in image ? (
          <img className="lightbox__image" src={image.url} alt={name} data-testid="e2e-image-full" />
        ) : (
          <p className="msg__body--e2e-failed" data-code={image && 'code' in image ? image.code : undefined}>
            {image && 'code' in image ? failureText(image.code) : t('e2e.file.decrypting')}
          </p>
        )}
      </div>
    </dialog>
  );
}

/** An encrypted image: its decrypted thumbnail; a click opens the decrypted full image. */
function E2eImage({
  a,
  fetchFile,
}: {
  a: AttachmentView & { thumb: NonNullable<AttachmentView['thumb']> };
  fetchFile: (id: string) => Promise<Uint8Array>;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const thumb = useObjectUrl(
    async () => bytesBlob(await fetchFile(a.thumb.fileId), 'image/jpeg'),
    a.thumb.fileId,
  );
  const box = thumbBox(a.thumb.width, a.thumb.height);
  if (thumb && 'code' in thumb)
    return (
      <p className="msg__body--e2e-failed" data-testid="e2e-file-failed" data-code={thumb.code}>
        {failureText(thumb.code)}
      </p>
    );
  return (
    <>
      <button
        type="button"
        className="image-thumb"
        data-testid="e2e-image-thumb"
        aria-label={t('e2e.file.view', { name: a.name })}
        style={{ width: box.width, aspectRatio: `${box.width} / ${box.height}` }}
        onClick={() => setOpen(true)}
      >
        {thumb ? <img src={thumb.url} alt={a.name} width={box.width} height={box.height} /> : null}
      </button>
      {open ? (
        <E2eImageViewer
          name={a.name}
          load={async () => bytesBlob(await fetchFile(a.fileId), a.mime)}
          onClose={() => setOpen(false)}
        />
      ) : null}
    </>
  );
}

/**
 * Any other file: name and size; the download decrypts it to a blob saved under its real name, as opaque
 * bytes (never rendered, E2E-76).
 */
function E2eFileCard({
  a,
  fetchFile,
}: {
  a: AttachmentView;
  fetchFile: (id: string) => Promise<Uint8Array>;
}) {
  const { t, i18n } = useTranslation();
  const [state, setState] = useState<'idle' | 'busy' | { code: string }>('idle');
  const download = async () => {
    setState('busy');
    try {
      const url = URL.createObjectURL(bytesBlob(await fetchFile(a.fileId), 'application/octet-stream'));
      const link = document.createElement('a');
      link.href = url;
      link.download = a.name;
      link.click();
      // Revoked once the browser has taken the download.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setState('idle');
    } catch (err) {
      setState({ code: codeOf(err) });
    }
  };
  return (
    <div className="file-card" data-testid="e2e-file-card">
      <FileIcon name={a.name} contentType="application/octet-stream" />
      <div className="file-card__text">
        <span className="file-card__name" title={a.name}>
          {a.name}
        </span>
        <span className="file-card__size">
          {typeof state === 'object' ? (
            <span className="msg__body--e2e-failed" data-testid="e2e-file-failed" data-code={state.code}>
              {failureText(state.code)}
            </span>
          ) : state === 'busy' ? (
            t('e2e.file.decrypting')
          ) : (
            formatBytes(a.size, i18n.language)
          )}
        </span>
      </div>
      <button
        type="button"
        className="icon-button file-card__download"
        aria-label={t('e2e.file.download', { name: a.name })}
        title={t('e2e.file.download', { name: a.name })}
        data-testid="e2e-file-download"
        disabled={state === 'busy'}
        onClick={() => void download()}
      >
        <DownloadGlyph />
      </button>
    </div>
  );
}

/** The attachments of a decrypted message (E2E-76): decrypted in the worker on demand, never by the server. */
export function E2eAttachments({
  roomId,
  msgId,
  attachments,
}: {
  roomId: string;
  msgId: string;
  attachments: AttachmentView[];
}) {
  const fetchFile = useFetchFile(roomId, msgId);
  if (attachments.length === 0) return null;
  return (
    <div className="msg-files" data-testid="e2e-files">
      {attachments.map((a) =>
        a.thumb && isInlineImage(a.mime) ? (
          <E2eImage key={a.fileId} a={{ ...a, thumb: a.thumb }} fetchFile={fetchFile} />
        ) : (
          <E2eFileCard key={a.fileId} a={a} fetchFile={fetchFile} />
        ),
      )}
    </div>
  );
}
