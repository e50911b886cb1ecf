import { describe, expect, it } from 'vitest';
import { snippet, highlightRanges } from './search-highlight.ts';
import { foldText, indexTokens, parseQuery } from './search-tokens.ts';

/** Whether every term of a query is found among a text's tokens (phrases adjacent), like the index. */
function matches(text: string, query: string): boolean {
  const doc = indexTokens(text);
  const terms = parseQuery(query);
  if (terms.length === 0) return false;
  return terms.every((t) => {
    if (t.prefix) return doc.some((d) => d.startsWith(t.tokens[0]!));
    return doc.some((_, i) => t.tokens.every((tok, k) => doc[i + k] === tok));
  });
}

describe('search tokenizer', () => {
  it('SRCH-1 Korean runs become overlapping bigrams, then the last character of each run', () => {
    expect(indexTokens('주간회의록')).toEqual(['주간', '간회', '회의', '의록', '록']);
    expect(indexTokens('회의')).toEqual(['회의', '의']);
    expect(indexTokens('나')).toEqual(['나']);
    expect(indexTokens('漢字 テスト')).toEqual(['漢字', 'テス', 'スト', '字', 'ト']);
  });

  it('SRCH-1 Latin and digits become lower-cased words; punctuation and emoji separate them', () => {
    expect(indexTokens('Hello, World! v2.5 🎉 DEPLOY_done')).toEqual([
      'hello',
      'world',
      'v2',
      '5',
      'deploy',
      'done',
    ]);
  });

  it('SRCH-1 mixed text splits at the script boundary', () => {
    expect(indexTokens('v2배포 내일 API회의')).toEqual([
      'v2',
      '배포',
      '내일',
      'api',
      '회의',
      '포',
      '일',
      '의',
    ]);
  });

  it('SRCH-1 NFD (macOS file names), full-width and compatibility forms fold to the same tokens', () => {
    const nfd = '회의록.pdf'.normalize('NFD');
    expect(nfd).not.toBe('회의록.pdf');
    expect(indexTokens(nfd)).toEqual(indexTokens('회의록.pdf'));
    expect(indexTokens('ＡＰＩ　１２３')).toEqual(['api', '123']);
    expect(foldText('Ｈi').text).toBe('hi');
  });

  it('SRCH-1 a two-syllable word is found inside a compound; one syllable anywhere in a word', () => {
    expect(matches('주간회의록 공유합니다', '회의')).toBe(true);
    expect(matches('주간회의록 공유합니다', '의')).toBe(true);
    expect(matches('주간회의록 공유합니다', '록')).toBe(true);
    expect(matches('주간회의록 공유합니다', '회의실')).toBe(false);
    expect(matches('회 의', '회의')).toBe(false);
  });

  it('SRCH-4 several words must all match; quotes keep a phrase together', () => {
    expect(matches('내일 주간 회의 자료', '회의 자료')).toBe(true);
    expect(matches('내일 주간 회의 자료', '회의 예산')).toBe(false);
    expect(matches('내일 주간 회의 자료', '"주간 회의"')).toBe(true);
    expect(matches('회의 내일 주간', '"주간 회의"')).toBe(false);
    expect(matches('Deploy the API today', '"the api"')).toBe(true);
    expect(matches('Deploy the API today', '"api the"')).toBe(false);
    expect(matches('Deploy the API today', 'DEPLOY today')).toBe(true);
  });

  it('SRCH-4 queries of only symbols have no terms; an unclosed quote runs to the end', () => {
    expect(parseQuery('"" *** ( ) : ^ -')).toEqual([]);
    // FTS operators are plain words here.
    expect(parseQuery('OR NEAR').map((t) => t.tokens)).toEqual([['or'], ['near']]);
    expect(parseQuery('"주간 회의').map((t) => t.tokens)).toEqual([['주간', '회의']]);
    expect(parseQuery('의').map((t) => t.prefix)).toEqual([true]);
    expect(parseQuery('a').map((t) => t.prefix)).toEqual([false]);
  });

  it('SRCH-4 a word with a star is a prefix; in quotes, of one letter or in a compound it is not', () => {
    expect(parseQuery('Deploy*')).toMatchObject([{ tokens: ['deploy'], prefix: true }]);
    expect(matches('deployment done', 'deploy*')).toBe(true);
    expect(matches('redeploy done', 'deploy*')).toBe(false);
    expect(parseQuery('"deploy*"').map((t) => t.prefix)).toEqual([false]);
    expect(parseQuery('d*').map((t) => t.prefix)).toEqual([false]);
    expect(parseQuery('v2배포*').map((t) => t.prefix)).toEqual([false]);
    expect(parseQuery('deploy deploy*').map((t) => t.prefix)).toEqual([false, true]);
  });
});

describe('search highlight', () => {
  it('SRCH-6 marks Korean inside words and whole English words, in the text as written', () => {
    const text = '주간회의록: Meeting notes, meet at 3';
    const ranges = highlightRanges(text, parseQuery('회의 MEET'));
    expect(ranges.map(([s, e]) => text.slice(s, e))).toEqual(['회의', 'meet']);
  });

  it('SRCH-6 a starred word marks the start of the words it found, not the middle of others', () => {
    const text = 'Deployment of the redeploy, deployed';
    const ranges = highlightRanges(text, parseQuery('deploy*'));
    expect(ranges.map(([s, e]) => [s, text.slice(s, e)])).toEqual([
      [0, 'Deploy'],
      [28, 'deploy'],
    ]);
  });

  it('SRCH-6 offsets refer to the original text even where folding changed its length', () => {
    const text = 'ﬁle ＡＰＩ 회의';
    const ranges = highlightRanges(text, parseQuery('api 회의'));
    expect(ranges.map(([s, e]) => text.slice(s, e))).toEqual(['ＡＰＩ', '회의']);
  });

  it('SRCH-6 a long text is cut around the first match, with ellipses and shifted ranges', () => {
    const text = '가'.repeat(300) + ' 회의록 ' + '나'.repeat(300);
    const s = snippet(text, parseQuery('회의'));
    expect(s.text.startsWith('…')).toBe(true);
    expect(s.text.endsWith('…')).toBe(true);
    expect(s.ranges).toHaveLength(1);
    expect(s.text.slice(s.ranges[0]![0], s.ranges[0]![1])).toBe('회의');
  });
});
