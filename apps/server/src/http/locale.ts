import type { Locale } from '@messenger/shared';

/** Korean when the Accept-Language header prefers Korean over English, English otherwise. */
export function localeFromHeader(header: string | undefined): Locale {
  if (!header) return 'en';
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
      return { lang: tag.split('-')[0], q: q ? Number(q) : 1, index };
    })
    .filter((l) => l.lang === 'ko' || l.lang === 'en')
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.lang === 'ko' ? 'ko' : 'en';
}
