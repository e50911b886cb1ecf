import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { renderMarkdown, safeHref } from './markdown.tsx';

const html = (text: string, opts = {}) => renderToStaticMarkup(<>{renderMarkdown(text, opts)}</>);

describe('MSG-5: message Markdown never lets HTML through', () => {
  it('shows HTML as text', () => {
    const out = html('<img src=x onerror=alert(1)> & <script>alert(1)</script>');
    expect(out).toBe('<p>&lt;img src=x onerror=alert(1)&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;</p>');
  });

  it('formats bold, italic, strike, code and code blocks', () => {
    expect(html('**굵게** *기울임* _also_ ~~취소~~ `a < b`')).toBe(
      '<p><strong>굵게</strong> <em>기울임</em> <em>also</em> <s>취소</s> <code>a &lt; b</code></p>',
    );
    expect(html('```\nconst a = "<b>";\n**not bold**\n```')).toBe(
      '<pre><code>const a = &quot;&lt;b&gt;&quot;;\n**not bold**</code></pre>',
    );
  });

  it('links only http(s) and mailto, and linkifies bare URLs', () => {
    expect(html('[문서](https://wiki.example.com/a?b=1)')).toContain(
      '<a href="https://wiki.example.com/a?b=1" target="_blank" rel="noopener noreferrer nofollow">문서</a>',
    );
    expect(html('[click](javascript:alert(1))')).not.toContain('<a');
    expect(html('see http://intranet.local/path, then')).toContain('<a href="http://intranet.local/path"');
    expect(html('see http://intranet.local/path, then')).toContain('</a>, then');
    expect(safeHref('data:text/html,x')).toBeNull();
  });

  it('renders quotes, lists and keeps line breaks', () => {
    expect(html('> 인용\n> 둘째 줄')).toBe('<blockquote>인용<br/>둘째 줄</blockquote>');
    expect(html('- 하나\n- 둘')).toBe('<ul><li>하나</li><li>둘</li></ul>');
    expect(html('1. first\n2. second')).toBe('<ol><li>first</li><li>second</li></ol>');
    expect(html('줄1\n줄2\n\n문단2')).toBe('<p>줄1<br/>줄2</p><p>문단2</p>');
  });

  it('highlights real mentions, the reader’s own more', () => {
    const opts = { isMention: (n: string) => n === 'kim' || n === 'lee', self: 'kim' };
    expect(html('@kim @lee @ghost a@b.c @all', opts)).toBe(
      '<p><span class="mention mention-me">@kim</span> <span class="mention">@lee</span> @ghost a@b.c <span class="mention mention-me">@all</span></p>',
    );
  });
});
