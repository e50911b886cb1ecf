import { dateFormat } from '../../../lib/time.ts';

/** "오후 3:05" / "3:05 PM" for today, otherwise a short date. */
export function shortTime(iso: string, locale: string, now = new Date()): string {
  const d = new Date(iso);
  const sameDay = d.toDateString() === now.toDateString();
  return dateFormat(
    locale,
    sameDay ? { hour: 'numeric', minute: '2-digit' } : { month: 'short', day: 'numeric' },
  ).format(d);
}

/** Time of a message, "오후 3:05". */
export function clockTime(iso: string, locale: string): string {
  return dateFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
}

/** A date divider, "2026년 11월 22일 일요일" / "Sunday, November 22, 2026", from a YYYY-MM-DD day key. */
export function dayLabel(day: string, locale: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return dateFormat(locale, { dateStyle: 'full' }).format(new Date(y!, m! - 1, d!));
}
