/**
 * The device's search index of encrypted rooms (design e2e.md 5.8, SPEC E2E-90..E2E-95): the server never sees
 * their text, so each device indexes the messages it decrypts, with the server's tokenizer (SRCH-1) so a
 * Korean two-syllable word or a `deploy*` prefix finds on the device what it finds on the server. Lives in the
 * worker; only its sealed serialization is stored.
 */
import { foldText, indexTokens, parseQuery, type QueryTerm } from '@messenger/shared';

/** One indexed message. */
export interface LocalDoc {
  roomId: string;
  messageId: string;
  seq?: number;
  senderId: string;
  /** ISO timestamp of the message. */
  createdAt: string;
  body: string;
}

/** One hit, as `searchLocal` answers it. */
export interface LocalHit {
  roomId: string;
  messageId: string;
  seq?: number;
  senderId: string;
  createdAt: string;
  /** The text around the first match, with the matches marked ([start, end) UTF-16 offsets). */
  snippet: { text: string; ranges: [number, number][] };
}

/** Most messages kept: the oldest by time go first (a device's index must stay small to seal and save). */
export const LOCAL_INDEX_MAX = 20_000;

/** Characters of a snippet around its first match. */
const SNIPPET_CHARS = 160;

interface Indexed {
  doc: LocalDoc;
  tokens: string[];
}

/** The serialized form (versioned, so a later format can tell an old record). */
interface Serialized {
  v: 1;
  docs: LocalDoc[];
}

export class LocalIndex {
  readonly #docs = new Map<string, Indexed>();
  /** Token → ids of the messages holding it. */
  readonly #postings = new Map<string, Set<string>>();
  readonly #max: number;

  constructor(max = LOCAL_INDEX_MAX) {
    this.#max = max;
  }

  get size(): number {
    return this.#docs.size;
  }

  /** Adds a message, or replaces it (an edit: same id, new text). */
  add(doc: LocalDoc): void {
    this.remove(doc.messageId);
    const tokens = indexTokens(doc.body);
    this.#docs.set(doc.messageId, { doc: { ...doc }, tokens });
    for (const t of new Set(tokens)) {
      let ids = this.#postings.get(t);
      if (!ids) this.#postings.set(t, (ids = new Set()));
      ids.add(doc.messageId);
    }
    if (this.#docs.size > this.#max) this.#evictOldest();
  }

  /** Forgets a message (deleted, or no longer readable here). */
  remove(messageId: string): boolean {
    const old = this.#docs.get(messageId);
    if (!old) return false;
    this.#docs.delete(messageId);
    for (const t of new Set(old.tokens)) {
      const ids = this.#postings.get(t);
      ids?.delete(messageId);
      if (ids?.size === 0) this.#postings.delete(t);
    }
    return true;
  }

  #evictOldest(): void {
    let oldest: Indexed | null = null;
    for (const e of this.#docs.values()) if (!oldest || e.doc.createdAt < oldest.doc.createdAt) oldest = e;
    if (oldest) this.remove(oldest.doc.messageId);
  }

  /** Messages holding every term of the query (SRCH-4: AND), newest first; none for a query of no terms. */
  search(query: string, opts: { roomId?: string; limit?: number } = {}): LocalHit[] {
    const terms = parseQuery(query);
    if (terms.length === 0) return [];
    // The first term's messages, narrowed by each other term's; then checked for phrases and prefixes.
    let candidates = this.#candidates(terms[0]!);
    for (const term of terms.slice(1)) {
      const ids = this.#candidates(term);
      candidates = new Set([...candidates].filter((id) => ids.has(id)));
      if (candidates.size === 0) return [];
    }
    const found: Indexed[] = [];
    for (const id of candidates) {
      const e = this.#docs.get(id)!;
      if (opts.roomId && e.doc.roomId !== opts.roomId) continue;
      if (terms.every((term) => matches(e.tokens, term))) found.push(e);
    }
    found.sort((a, b) =>
      a.doc.createdAt === b.doc.createdAt
        ? (b.doc.seq ?? 0) - (a.doc.seq ?? 0)
        : a.doc.createdAt < b.doc.createdAt
          ? 1
          : -1,
    );
    return found.slice(0, opts.limit ?? 30).map(({ doc }) => ({
      roomId: doc.roomId,
      messageId: doc.messageId,
      ...(doc.seq !== undefined ? { seq: doc.seq } : {}),
      senderId: doc.senderId,
      createdAt: doc.createdAt,
      snippet: snippet(doc.body, terms),
    }));
  }

  /** Ids of the messages holding the term's first token (or, for a prefix, any token starting with it). */
  #candidates(term: QueryTerm): Set<string> {
    const first = term.tokens[0]!;
    if (!term.prefix) return new Set(this.#postings.get(first) ?? []);
    const out = new Set<string>();
    for (const [token, ids] of this.#postings) if (token.startsWith(first)) for (const id of ids) out.add(id);
    return out;
  }

  serialize(): string {
    const body: Serialized = { v: 1, docs: [...this.#docs.values()].map((e) => e.doc) };
    return JSON.stringify(body);
  }

  /** An index of a serialization; an unreadable one gives an empty index (it refills as messages are opened). */
  static deserialize(text: string, max = LOCAL_INDEX_MAX): LocalIndex {
    const index = new LocalIndex(max);
    try {
      const body = JSON.parse(text) as Partial<Serialized>;
      if (body.v !== 1 || !Array.isArray(body.docs)) return index;
      for (const d of body.docs) if (isDoc(d)) index.add(d);
    } catch {
      // Nothing to keep: see above.
    }
    return index;
  }
}

function isDoc(d: unknown): d is LocalDoc {
  const o = d as Record<string, unknown> | null;
  return (
    !!o &&
    typeof o.roomId === 'string' &&
    typeof o.messageId === 'string' &&
    typeof o.senderId === 'string' &&
    typeof o.createdAt === 'string' &&
    typeof o.body === 'string' &&
    (o.seq === undefined || typeof o.seq === 'number')
  );
}

/** Whether a message's tokens hold the term: its tokens adjacent and in order, or a token with its prefix. */
function matches(tokens: string[], term: QueryTerm): boolean {
  if (term.prefix) return tokens.some((t) => t.startsWith(term.tokens[0]!));
  const n = term.tokens.length;
  for (let i = 0; i + n <= tokens.length; i++) {
    let k = 0;
    while (k < n && tokens[i + k] === term.tokens[k]) k++;
    if (k === n) return true;
  }
  return false;
}

/**
 * The text around the first match, with every match of a term's folded text marked. Marks are found in the
 * folded text and mapped back to the text as written, so "DEPLOY" is marked for "deploy".
 */
function snippet(body: string, terms: QueryTerm[]): LocalHit['snippet'] {
  const folded = foldText(body);
  const ranges: [number, number][] = [];
  for (const term of terms)
    for (const run of term.highlights) {
      if (!run.text) continue;
      let at = folded.text.indexOf(run.text);
      while (at >= 0) {
        const end = at + run.text.length;
        ranges.push([folded.from[at]!, folded.to[end - 1]!]);
        at = folded.text.indexOf(run.text, end);
      }
    }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  const text = body.normalize('NFC');
  if (text.length <= SNIPPET_CHARS) return { text, ranges: merged };
  const start = Math.max(0, (merged[0]?.[0] ?? 0) - SNIPPET_CHARS / 4);
  const end = Math.min(text.length, start + SNIPPET_CHARS);
  const prefix = start > 0 ? '…' : '';
  const cut = text.slice(start, end) + (end < text.length ? '…' : '');
  const shift = prefix.length - start;
  return {
    text: prefix + cut,
    ranges: merged
      .filter(([s, e]) => s >= start && e <= end)
      .map(([s, e]) => [s + shift, e + shift] as [number, number]),
  };
}
