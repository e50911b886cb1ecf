import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { decodeQrFrame } from './qrDecode.ts';

/**
 * The camera (getUserMedia, the back camera where there is one) until a QR code is read; `onText` gets its
 * text once. Without a camera (or permission) it says so, and the person compares the digits instead.
 */
export function QrScanner({
  onText,
  hint,
  unavailable,
  testId = 'e2e-link-scanner',
}: {
  onText: (text: string) => void;
  /** What to point the camera at (default: the new device's screen, for linking). */
  hint?: string;
  /** What to do without a camera (default: compare the 8 digits, for linking). */
  unavailable?: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [failed, setFailed] = useState(false);
  const latest = useRef(onText);
  useEffect(() => {
    latest.current = onText;
  });

  useEffect(() => {
    let stream: MediaStream | null = null;
    let frame = 0;
    let live = true;
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    const scan = () => {
      const v = video.current;
      if (!live || !v || !ctx) return;
      if (v.readyState >= v.HAVE_CURRENT_DATA && v.videoWidth > 0) {
        canvas.width = v.videoWidth;
        canvas.height = v.videoHeight;
        ctx.drawImage(v, 0, 0);
        const text = decodeQrFrame(
          ctx.getImageData(0, 0, canvas.width, canvas.height).data,
          canvas.width,
          canvas.height,
        );
        if (text) {
          live = false;
          latest.current(text);
          return;
        }
      }
      frame = requestAnimationFrame(scan);
    };
    void (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: 'environment' },
          audio: false,
        });
        if (!live || !video.current) return;
        video.current.srcObject = stream;
        await video.current.play();
        frame = requestAnimationFrame(scan);
      } catch {
        if (live) setFailed(true);
      }
    })();
    return () => {
      live = false;
      cancelAnimationFrame(frame);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, []);

  const hintText = hint ?? t('e2eLink.scanHint');
  return failed ? (
    <p role="status" data-testid={`${testId}-no-camera`}>
      {unavailable ?? t('e2eLink.noCamera')}
    </p>
  ) : (
    <div className="qr-scanner" data-testid={testId}>
      <video ref={video} className="qr-scanner__video" muted playsInline aria-label={hintText} />
      <p className="settings-section__hint">{hintText}</p>
    </div>
  );
}
