import fs from 'node:fs';
import QRCode from 'qrcode';

/**
 * A Y4M video (YUV4MPEG2, 4:2:0) whose every frame shows `text` as a QR code, black on white with a quiet
 * zone: Chromium plays it as the camera with `--use-file-for-fake-video-capture` (no real camera here).
 */
export function writeQrVideo(file: string, text: string, width = 640, height = 480, frames = 5): void {
  const code = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = code.modules.size;
  const scale = Math.floor(Math.min(width, height) / (n + 8));
  const left = Math.floor((width - n * scale) / 2);
  const top = Math.floor((height - n * scale) / 2);
  const y = Buffer.alloc(width * height, 255);
  for (let my = 0; my < n; my++)
    for (let mx = 0; mx < n; mx++) {
      if (!code.modules.get(my, mx)) continue;
      for (let dy = 0; dy < scale; dy++)
        y.fill(
          0,
          (top + my * scale + dy) * width + left + mx * scale,
          (top + my * scale + dy) * width + left + (mx + 1) * scale,
        );
    }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  fs.writeFileSync(file, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
}
