/** Picks one of a few calm colors from a stable id, so a person keeps their color everywhere. */
function hue(seed: string): number {
  let hash = 0;
  for (const ch of seed) hash = (hash * 31 + ch.codePointAt(0)!) >>> 0;
  return hash % 6;
}

export interface AvatarProps {
  name: string;
  seed: string;
  size?: 'sm' | 'md';
}

/** A round badge with the first character of a name (a Korean name shows its first syllable). */
export function Avatar({ name, seed, size = 'md' }: AvatarProps) {
  const initial = [...name.trim()][0]?.toUpperCase() ?? '?';
  return (
    <span className={`avatar avatar--${size} avatar--hue-${hue(seed)}`} aria-hidden="true">
      {initial}
    </span>
  );
}
