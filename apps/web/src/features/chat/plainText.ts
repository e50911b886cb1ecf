/**
 * A one-line plain version of a Markdown message, for reply quotes and room-list previews: drops the
 * formatting marks (`**`, `~~`, backticks, quote and list markers) and joins the lines.
 */
export function plainText(md: string): string {
  return md
    .replace(/```[^\n]*\n?/g, '')
    .split('\n')
    .map((line) => line.replace(/^\s*(?:>\s?|[-*]\s+|\d+\.\s+)/, ''))
    .filter((line) => line.trim() !== '')
    .join(' ')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/~~([^~]+)~~/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1')
    .replace(/(^|[^\w*])\*([^*\n]+)\*(?!\w)/g, '$1$2')
    .trim();
}
