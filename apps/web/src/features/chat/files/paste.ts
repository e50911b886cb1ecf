/**
 * Files of a paste: screenshots and copied files go to the tray, but when an office program puts both text
 * and a picture of it on the clipboard (cells from a spreadsheet), the text is what was meant.
 */
export function pastedFiles(files: readonly File[], types: readonly string[]): File[] {
  if (files.length === 0) return [];
  const onlyImages = files.every((f) => f.type.startsWith('image/'));
  return onlyImages && types.includes('text/plain') ? [] : [...files];
}
