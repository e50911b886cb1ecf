import { foldText, type QueryTerm } from './search-tokens.ts';

/** A highlighted excerpt: plain text and the [start, end) ranges (UTF-16 offsets) to mark in it. */
export interface Highlighted {
  text: string;
  ranges: [number, number][];
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

/** Whether a match starts a word (and, unless it is a prefix, ends one). */
function isWordBoundary(text: string, start: number, end: number, prefix: boolean): boolean {
  const before = start > 0 ? text[start - 1]! : '';
  const after = end < text.length ? text[end]! : '';
  return !(before && WORD_CHAR.test(before)) && (prefix || !(after && WORD_CHAR.test(after)));
}

/**
 * Where the query's terms occur in a text (offsets in the NFC text, merged and sorted). Korean runs match
 * anywhere (as the index does); words match whole words (a starred word, the start of one), case- and
 * width-insensitively.
 */
export function highlightRanges(text: string, terms: QueryTerm[]): [number, number][] {
  const folded = foldText(text);
  const hits: [number, number][] = [];
  for (const term of terms) {
    for (const run of term.highlights) {
      const needle = run.text;
      for (let at = folded.text.indexOf(needle); at >= 0; at = folded.text.indexOf(needle, at + 1)) {
        const end = at + needle.length;
        if (run.kind === 'word' && !isWordBoundary(folded.text, at, end, term.prefix)) continue;
        hits.push([folded.from[at]!, folded.to[end - 1]!]);
      }
    }
  }
  hits.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: [number, number][] = [];
  for (const h of hits) {
    const last = merged.at(-1);
    if (last && h[0] <= last[1]) last[1] = Math.max(last[1], h[1]);
    else merged.push([h[0], h[1]]);
  }
  return merged;
}

/** Characters of a snippet around the first match (longer texts are cut, with an ellipsis). */
export const SNIPPET_LENGTH = 160;
const SNIPPET_LEAD = 40;

/**
 * The text to show for a result: the whole text when short, otherwise a window starting a little before the
 * first match; the ranges are relative to the returned text (SRCH-6). Never HTML: the client marks ranges.
 */
export function snippet(input: string, terms: QueryTerm[]): Highlighted {
  const text = input.normalize('NFC');
  const ranges = highlightRanges(text, terms);
  if (text.length <= SNIPPET_LENGTH) return { text, ranges };
  const first = ranges[0]?.[0] ?? 0;
  let start = first <= SNIPPET_LEAD ? 0 : first - SNIPPET_LEAD;
  // Never cut a surrogate pair in two.
  if (start > 0 && /[\udc00-\udfff]/.test(text[start]!)) start -= 1;
  let end = Math.min(text.length, start + SNIPPET_LENGTH);
  if (end < text.length && /[\udc00-\udfff]/.test(text[end]!)) end += 1;
  const lead = start > 0 ? '…' : '';
  const out = lead + text.slice(start, end) + (end < text.length ? '…' : '');
  const shift = lead.length - start;
  return {
    text: out,
    ranges: ranges
      .filter(([s, e]) => e > start && s < end)
      .map(([s, e]) => [Math.max(s, start) + shift, Math.min(e, end) + shift] as [number, number]),
  };
}
