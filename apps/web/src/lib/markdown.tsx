import { Fragment, type ReactNode } from 'react';

/**
 * A small, safe Markdown subset for messages: **bold**, *italic* / _italic_, ~~strike~~, `code`, fenced code
 * blocks, [links](https://…), bare URLs, `> quotes`, `-`/`1.` lists, and @mentions. It builds React elements
 * from text, so raw HTML in a message is shown as text and never reaches the DOM as markup (MSG-5).
 */

const SAFE_SCHEMES = ['http:', 'https:', 'mailto:'];

/** The URL if it is http(s) or mailto, else null (no javascript:, data:, …). */
export function safeHref(raw: string): string | null {
  try {
    const url = new URL(raw);
    return SAFE_SCHEMES.includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

export interface MarkdownOptions {
  /** Usernames (lower-case) that exist, so that only real mentions are highlighted. */
  isMention?: (username: string) => boolean;
  /** The reader's own username (lower-case): their mentions stand out. */
  self?: string;
}

// One alternation, tried left to right at each position: code, link, bold, strike, italic, url, mention.
const INLINE =
  /(`[^`\n]+`)|\[([^\]\n]+)\]\(([^)\s]+)\)|\*\*([^*\n]+)\*\*|~~([^~\n]+)~~|(?<![\w*])\*([^*\n]+)\*(?!\w)|(?<![\w_])_([^_\n]+)_(?![\w_])|(https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]])|(?<![\w@])@([A-Za-z0-9_]{3,20}|all)(?!\w)/g;

function link(href: string, label: ReactNode, key: string): ReactNode {
  return (
    <a key={key} href={href} target="_blank" rel="noopener noreferrer nofollow">
      {label}
    </a>
  );
}

/** Inline formatting of one line of text. */
export function renderInline(text: string, opts: MarkdownOptions = {}, keyPrefix = 'i'): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  let n = 0;
  for (const m of text.matchAll(INLINE)) {
    const start = m.index;
    if (start > last) out.push(text.slice(last, start));
    const key = `${keyPrefix}-${n++}`;
    const [whole, code, linkText, linkUrl, bold, strike, italic1, italic2, url, mention] = m;
    if (code) out.push(<code key={key}>{code.slice(1, -1)}</code>);
    else if (linkText && linkUrl) {
      const href = safeHref(linkUrl);
      out.push(href ? link(href, renderInline(linkText, opts, key), key) : whole);
    } else if (bold) out.push(<strong key={key}>{renderInline(bold, opts, key)}</strong>);
    else if (strike) out.push(<s key={key}>{renderInline(strike, opts, key)}</s>);
    else if (italic1 || italic2)
      out.push(<em key={key}>{renderInline((italic1 ?? italic2)!, opts, key)}</em>);
    else if (url) {
      const href = safeHref(url);
      out.push(href ? link(href, url, key) : url);
    } else if (mention) {
      const name = mention.toLowerCase();
      const real = name === 'all' || (opts.isMention?.(name) ?? false);
      out.push(
        real ? (
          <span key={key} className={name === opts.self || name === 'all' ? 'mention mention-me' : 'mention'}>
            @{mention}
          </span>
        ) : (
          whole
        ),
      );
    } else out.push(whole);
    last = start + whole.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

type Block =
  | { kind: 'code'; text: string }
  | { kind: 'quote'; lines: string[] }
  | { kind: 'ul' | 'ol'; items: string[] }
  | { kind: 'p'; lines: string[] };

/** Splits a message into blocks: fenced code, quotes, lists, paragraphs. */
export function parseBlocks(text: string): Block[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('```')) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i]!.startsWith('```')) body.push(lines[i++]!);
      blocks.push({ kind: 'code', text: body.join('\n') });
      continue;
    }
    const prev = blocks.at(-1);
    const quote = /^>\s?(.*)$/.exec(line);
    const ul = /^\s*[-*•]\s+(.*)$/.exec(line);
    const ol = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    if (quote) {
      if (prev?.kind === 'quote') prev.lines.push(quote[1]!);
      else blocks.push({ kind: 'quote', lines: [quote[1]!] });
    } else if (ul || ol) {
      const kind = ul ? 'ul' : 'ol';
      const item = (ul ?? ol)![1]!;
      if (prev?.kind === kind) prev.items.push(item);
      else blocks.push({ kind, items: [item] });
    } else if (line === '') {
      // A blank line ends the paragraph: an empty one marks where the next starts.
      if (!(prev?.kind === 'p' && prev.lines.length === 0)) blocks.push({ kind: 'p', lines: [] });
    } else if (prev?.kind === 'p') {
      prev.lines.push(line);
    } else {
      blocks.push({ kind: 'p', lines: [line] });
    }
  }
  return blocks.filter((b) => !(b.kind === 'p' && b.lines.length === 0));
}

function lines(ls: string[], opts: MarkdownOptions, key: string): ReactNode[] {
  return ls.map((l, i) => (
    <Fragment key={`${key}-${i}`}>
      {i > 0 && <br />}
      {renderInline(l, opts, `${key}-${i}`)}
    </Fragment>
  ));
}

/** The message text as React elements. */
export function renderMarkdown(text: string, opts: MarkdownOptions = {}): ReactNode {
  return parseBlocks(text).map((b, i) => {
    const key = `b${i}`;
    switch (b.kind) {
      case 'code':
        return (
          <pre key={key}>
            <code>{b.text}</code>
          </pre>
        );
      case 'quote':
        return <blockquote key={key}>{lines(b.lines, opts, key)}</blockquote>;
      case 'ul':
      case 'ol': {
        const Tag = b.kind;
        return (
          <Tag key={key}>
            {b.items.map((item, j) => (
              <li key={j}>{renderInline(item, opts, `${key}-${j}`)}</li>
            ))}
          </Tag>
        );
      }
      default:
        return <p key={key}>{lines(b.lines, opts, key)}</p>;
    }
  });
}
