import type { BrowserKind, PlatformKind, SessionInfo } from '@messenger/shared';
import type { SessionRow } from './sessions.repository.ts';

// Order matters: Edge, Opera, Whale and Samsung Internet also say "Chrome", and Chrome also says "Safari".
const BROWSERS: [RegExp, BrowserKind][] = [
  [/Whale\//, 'whale'],
  [/Edg\//, 'edge'],
  [/OPR\//, 'opera'],
  [/SamsungBrowser\//, 'samsung'],
  [/Firefox\//, 'firefox'],
  [/Chrom(e|ium)\//, 'chrome'],
  [/Safari\//, 'safari'],
  [/curl\//, 'curl'],
  [/node|undici/i, 'script'],
];
// Android before Linux (Android says "Linux"), iOS before macOS (iPad says "Mac OS X").
const PLATFORMS: [RegExp, PlatformKind][] = [
  [/Windows/, 'windows'],
  [/Android/, 'android'],
  [/iPhone|iPad/, 'ios'],
  [/Mac OS X/, 'macos'],
  [/Linux/, 'linux'],
];

/** Browser and platform from a User-Agent, each null when not recognized. */
export function describeUserAgent(ua: string): {
  browser: BrowserKind | null;
  platform: PlatformKind | null;
} {
  return {
    browser: BROWSERS.find(([re]) => re.test(ua))?.[1] ?? null,
    platform: PLATFORMS.find(([re]) => re.test(ua))?.[1] ?? null,
  };
}

/** A session row as listed to its owner. */
export function presentSession(row: SessionRow, currentId: string): SessionInfo {
  return {
    id: row.id,
    current: row.id === currentId,
    ...describeUserAgent(row.user_agent),
    ip: row.ip,
    createdAt: new Date(row.created_at).toISOString(),
    lastSeenAt: new Date(row.last_seen_at).toISOString(),
  };
}
