import { isInlineImage, thumbSize } from './attachments.ts';

/**
 * A small JPEG of an image, made in this browser (design 5.5: the server never sees the picture, so it cannot
 * make the preview): null for a type that is not a plain image, or one the browser cannot decode.
 */
export async function makeThumbnail(
  file: Blob,
): Promise<{ data: Blob; width: number; height: number } | null> {
  if (!isInlineImage(file.type) || typeof createImageBitmap !== 'function') return null;
  let bitmap: ImageBitmap | null = null;
  try {
    bitmap = await createImageBitmap(file);
    const { width, height } = thumbSize(bitmap.width, bitmap.height);
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    if (!ctx) return null;
    // JPEG has no transparency: a white ground instead of black behind transparent pixels.
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    ctx.drawImage(bitmap, 0, 0, width, height);
    const data = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.8));
    return data ? { data, width, height } : null;
  } catch {
    return null;
  } finally {
    bitmap?.close();
  }
}
