import QRCode from 'qrcode';
import { useMemo } from 'react';

/** Modules of white border around the code, as the QR standard asks for a reliable scan. */
const QUIET = 4;

/**
 * A QR code drawn as SVG from the `qrcode` package's module matrix, in the page (no canvas, no network, no
 * generated markup injected): one path of dark squares on a white square.
 */
export function QrCode({
  text,
  label,
  size = 176,
  testId = 'safety-qr',
}: {
  text: string;
  label: string;
  size?: number;
  testId?: string;
}) {
  const { path, width } = useMemo(() => {
    const code = QRCode.create(text, { errorCorrectionLevel: 'M' });
    const n = code.modules.size;
    let d = '';
    for (let y = 0; y < n; y++)
      for (let x = 0; x < n; x++) if (code.modules.get(y, x)) d += `M${x + QUIET} ${y + QUIET}h1v1h-1z`;
    return { path: d, width: n + 2 * QUIET };
  }, [text]);
  return (
    <svg
      className="qr-code"
      role="img"
      aria-label={label}
      width={size}
      height={size}
      viewBox={`0 0 ${width} ${width}`}
      shapeRendering="crispEdges"
      data-testid={testId}
      data-payload={text}
    >
      <rect width={width} height={width} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
