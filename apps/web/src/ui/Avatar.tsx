import { useState } from 'react';

/** Picks one of a few calm colors from a stable id, so a person keeps their color everywhere. */
function hue(seed: string): number {
  let hash = 0;
  for (const ch of seed) hash = (hash * 31 + ch.codePointAt(0)!) >>> 0;
  return hash % 6;
}

export interface AvatarProps {
  name: string;
  seed: string;
  size?: 'sm' | 'md' | 'lg';
  /** The profile image (`UserSummary.avatarUrl`); the 96 px thumbnail is loaded unless `full`. */
  url?: string | null | undefined;
  /** Load the full 512 px image (large previews) instead of the thumbnail. */
  full?: boolean;
}

/**
 * A round badge with the profile image, or the first character of a name (a Korean name shows its first
 * syllable) when there is none or it fails to load. Decorative: the name is always shown next to it.
 */
export function Avatar({ name, seed, size = 'md', url, full = false }: AvatarProps) {
  const src = url ? (full ? url : `${url}?size=thumb`) : null;
  // Remembers which URL failed, so a new one (a new image) is tried again.
  const [failed, setFailed] = useState<string | null>(null);
  // The first letter or digit: "(탈퇴한 사용자)" shows 탈, not a parenthesis.
  const initial = /[\p{L}\p{N}]/u.exec(name)?.[0].toUpperCase() ?? '?';
  if (src && failed !== src) {
    return (
      <span className={`avatar avatar--${size} avatar--image`} aria-hidden="true">
        <img src={src} alt="" className="avatar__img" draggable={false} onError={() => setFailed(src)} />
      </span>
    );
  }
  return (
    <span className={`avatar avatar--${size} avatar--hue-${hue(seed)}`} aria-hidden="true">
      {initial}
    </span>
  );
}
