import sharp from 'sharp';

// One libvips thread per operation and no operation cache: a 2-core server must keep answering chats
// while it makes thumbnails, and memory must not grow with the images seen.
sharp.concurrency(1);
sharp.cache(false);

/** Largest side of a preview. */
const THUMB_SIDE = 480;
/** Refuse to decode images above this many pixels (decompression bombs). */
const MAX_PIXELS = 60_000_000;

/** Pixel size of an image as displayed (EXIF orientation applied). */
export interface ImageSize {
  width: number;
  height: number;
}

/**
 * Makes a WebP preview of at most 480x480 and returns the image's displayed size, or null when this
 * image cannot be previewed (an honest "no preview", never a failed upload: FILE-6).
 */
export async function makeThumbnail(source: string, target: string): Promise<ImageSize | null> {
  try {
    const meta = await sharp(source, { limitInputPixels: MAX_PIXELS }).metadata();
    if (!meta.width || !meta.height) return null;
    const rotated = (meta.orientation ?? 1) >= 5;
    await sharp(source, { limitInputPixels: MAX_PIXELS, animated: false })
      .autoOrient()
      .resize(THUMB_SIDE, THUMB_SIDE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 78 })
      .toFile(target);
    return rotated ? { width: meta.height, height: meta.width } : { width: meta.width, height: meta.height };
  } catch {
    return null;
  }
}

/** A square profile image (center crop) in two sizes; null when the input is not a usable image. */
export async function makeAvatar(source: string, full: string, thumb: string): Promise<boolean> {
  try {
    const base = sharp(source, { limitInputPixels: MAX_PIXELS, animated: false }).autoOrient();
    await base
      .clone()
      .resize(512, 512, { fit: 'cover', position: 'attention' })
      .webp({ quality: 82 })
      .toFile(full);
    await base
      .clone()
      .resize(96, 96, { fit: 'cover', position: 'attention' })
      .webp({ quality: 80 })
      .toFile(thumb);
    return true;
  } catch {
    return false;
  }
}
