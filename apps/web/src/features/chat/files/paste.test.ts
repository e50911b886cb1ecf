import { describe, expect, it } from 'vitest';
import { pastedFiles } from './paste.ts';

const png = new File([new Uint8Array([1])], 'image.png', { type: 'image/png' });
const pdf = new File([new Uint8Array([1])], '계약서.pdf', { type: 'application/pdf' });

describe('pastedFiles', () => {
  it('a screenshot goes to the tray', () => {
    expect(pastedFiles([png], ['Files'])).toEqual([png]);
  });

  it('copied files go to the tray even with their names as text', () => {
    expect(pastedFiles([pdf], ['Files', 'text/plain'])).toEqual([pdf]);
  });

  it('spreadsheet cells (text plus a picture of them) paste as text', () => {
    expect(pastedFiles([png], ['text/plain', 'text/html', 'Files'])).toEqual([]);
  });

  it('plain text has no files', () => {
    expect(pastedFiles([], ['text/plain'])).toEqual([]);
  });
});
