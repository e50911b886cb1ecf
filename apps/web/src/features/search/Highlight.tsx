import type { HighlightedText } from '@messenger/shared';
import { highlightSegments } from './searchModel.ts';

/** Text with the server's match ranges marked (React elements, never HTML). */
export function Highlight({ value }: { value: HighlightedText }) {
  return (
    <>
      {highlightSegments(value).map((s, i) =>
        s.mark ? (
          <mark key={i} className="search-mark">
            {s.text}
          </mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  );
}
