/**
 * The one search tokenizer (SRCH-1), used by the server when it indexes and when it queries, and by anyone
 * who wants the same idea of a "word". Korean has no spaces inside compounds ("주간회의록"), so Hangul and
 * Han runs become overlapping character bigrams: "회의" is found inside "주간회의록" because its bigram is
 * one of the document's. Latin letters and digits become lower-cased words.
 */

// Scripts written without spaces between words: cut into bigrams.
const CJK = String.raw`\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}`;
const RUN = new RegExp(`[${CJK}]+|(?:(?![${CJK}])[\\p{L}\\p{N}\\p{M}])+`, 'gu');
const IS_CJK = new RegExp(`^[${CJK}]`, 'u');

/** Longest word kept (longer ones are noise: hashes, base64, URLs without breaks). */
const WORD_MAX = 64;

/** A text as the index sees it, with where each of its code units came from in the original. */
export interface FoldedText {
  /** NFC, then each code point NFKC-normalized and lower-cased. */
  text: string;
  /** Start offset in the original text of the code point behind each code unit of `text`. */
  from: number[];
  /** End offset (exclusive) in the original text of that code point. */
  to: number[];
}

/**
 * Folds a text (NFC, then per code point NFKC + lower case) and remembers the original offsets, so a match
 * found in the folded text can be highlighted in the text as written. Per code point (not the whole string
 * at once) so that offsets stay exact; the text is NFC first, so nothing is left to compose.
 */
export function foldText(input: string): FoldedText {
  const source = input.normalize('NFC');
  let text = '';
  const from: number[] = [];
  const to: number[] = [];
  let i = 0;
  for (const ch of source) {
    const c = ch.codePointAt(0)!;
    // Fast paths: ASCII and precomposed Hangul syllables are their own NFKC form.
    const f =
      c < 0x80
        ? c >= 65 && c <= 90
          ? String.fromCharCode(c + 32)
          : ch
        : c >= 0xac00 && c <= 0xd7a3
          ? ch
          : ch.normalize('NFKC').toLowerCase();
    const end = i + ch.length;
    for (let k = 0; k < f.length; k++) {
      from.push(i);
      to.push(end);
    }
    text += f;
    i = end;
  }
  return { text, from, to };
}

/** A run of the folded text: a CJK run (bigrammed) or a word. */
export interface TextRun {
  kind: 'cjk' | 'word';
  /** The run's folded text. */
  text: string;
  /** Offset of the run in the folded text. */
  start: number;
}

/** The runs of a folded text, in order (punctuation, spaces and symbols separate them and are dropped). */
export function textRuns(folded: string): TextRun[] {
  const runs: TextRun[] = [];
  for (const m of folded.matchAll(RUN)) {
    const kind = IS_CJK.test(m[0]) ? 'cjk' : 'word';
    if (kind === 'word' && m[0].length > WORD_MAX) continue;
    runs.push({ kind, text: m[0], start: m.index });
  }
  return runs;
}

/** The tokens of one run in order: a word, one character, or the overlapping bigrams of a CJK run. */
export function runTokens(run: TextRun): string[] {
  if (run.kind === 'word') return [run.text];
  const chars = [...run.text];
  if (chars.length === 1) return chars;
  const out: string[] = [];
  for (let k = 0; k + 1 < chars.length; k++) out.push(chars[k]! + chars[k + 1]!);
  return out;
}

/**
 * The tokens a text is indexed under: the runs' tokens in order (adjacent tokens stay adjacent, so phrase
 * queries work), then the last character of every longer CJK run. With those, a one-character query is a
 * prefix query that finds the character wherever it stands: as the first of a bigram, or last in its run.
 */
export function indexTokens(text: string): string[] {
  const runs = textRuns(foldText(text).text);
  const tokens: string[] = [];
  const tails = new Set<string>();
  for (const run of runs) {
    const t = runTokens(run);
    tokens.push(...t);
    if (run.kind === 'cjk' && t.length > 0 && t[0]!.length > 1) tails.add([...run.text].at(-1)!);
  }
  tokens.push(...tails);
  return tokens;
}

/** One thing a query asks for: adjacent tokens (a word, a run, a quoted phrase), or one CJK character. */
export interface QueryTerm {
  /** Tokens that must appear next to each other, in this order. */
  tokens: string[];
  /**
   * One CJK character, or a word typed with a star ("deploy*"): matches any token starting with it (a word
   * prefix only at the start of a word).
   */
  prefix: boolean;
  /** What to highlight in a matching text (folded runs of the term). */
  highlights: TextRun[];
}

/** Most terms a query may have (more would be slow and is never typed). */
export const QUERY_TERMS_MAX = 10;

/** Shortest word a star makes a prefix of ("de*"); a shorter one is searched as the word itself. */
export const WORD_PREFIX_MIN = 2;

/**
 * Parses a query: text in double quotes is one phrase, every other space-separated word is a term; all terms
 * must match (SRCH-4). A word mixing scripts ("v2배포") or a Korean compound ("회의록") is itself a phrase of
 * its tokens. A single word ending in `*` ("deploy*") matches words starting with it. Terms without any
 * letter or digit are dropped; a query of none matches nothing.
 */
export function parseQuery(query: string): QueryTerm[] {
  const pieces: { text: string; starred: boolean }[] = [];
  const re = /"([^"]*)"?|(\S+)/g;
  for (const m of query.matchAll(re)) {
    if (m[1] !== undefined) pieces.push({ text: m[1], starred: false });
    else pieces.push({ text: m[2] ?? '', starred: /\*$/.test(m[2] ?? '') });
  }
  const terms: QueryTerm[] = [];
  const seen = new Set<string>();
  for (const piece of pieces) {
    const runs = textRuns(foldText(piece.text).text);
    const tokens = runs.flatMap(runTokens);
    if (tokens.length === 0) continue;
    const one = tokens.length === 1 ? runs[0]! : null;
    const prefix =
      (one?.kind === 'cjk' && [...tokens[0]!].length === 1) ||
      (one?.kind === 'word' && piece.starred && [...tokens[0]!].length >= WORD_PREFIX_MIN);
    const key = (prefix ? '*' : '') + tokens.join(' ');
    if (seen.has(key)) continue;
    seen.add(key);
    terms.push({ tokens, prefix, highlights: runs });
    if (terms.length === QUERY_TERMS_MAX) break;
  }
  return terms;
}
