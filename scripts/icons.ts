// Draws the app icons of the web app manifest from one SVG (apps/web/public/favicon.svg's bubble):
// any-purpose icons with rounded corners, a maskable one whose bubble stays inside the 80% safe zone, and
// the apple-touch-icon. Run after changing the design: node scripts/icons.ts
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

const out = path.resolve(import.meta.dirname, '../apps/web/public/icons');
const BLUE = '#3b5bdb';
const BUBBLE =
  'M12.5 8h7a3.5 3.5 0 0 1 3.5 3.5v5a3.5 3.5 0 0 1-3.5 3.5H15l-4.2 3.4c-.5.4-1.3 0-1.3-.6V11.5A3.5 3.5 0 0 1 12.5 8z';

/** The bubble on blue; `rounded` corners for plain icons, a full square (the platform masks it) otherwise. */
const svg = (rounded: boolean, scale: number) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
  <rect width="32" height="32" rx="${rounded ? 7 : 0}" fill="${BLUE}"/>
  <g transform="translate(16 16) scale(${scale}) translate(-16.25 -15.8)"><path d="${BUBBLE}" fill="#fff"/></g>
</svg>`;

await mkdir(out, { recursive: true });
const draw = (file: string, size: number, rounded: boolean, scale: number) =>
  sharp(Buffer.from(svg(rounded, scale)), { density: (72 * size) / 32 })
    .resize(size, size)
    .png({ compressionLevel: 9 })
    .toFile(path.join(out, file));
await draw('icon-192.png', 192, true, 1.1);
await draw('icon-512.png', 512, true, 1.1);
await draw('maskable-512.png', 512, false, 0.9);
await draw('apple-touch-icon.png', 180, false, 1);
process.stdout.write(`icons written to ${out}\n`);
