/** The parts of a keyboard event the composer decides on. */
export interface ComposerKey {
  key: string;
  shiftKey: boolean;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
  /** True while an IME (Korean, Japanese, …) is composing a character. */
  isComposing: boolean;
  /** 229 is what browsers report for keys that an IME is handling. */
  keyCode?: number;
}

/**
 * Enter sends, Shift+Enter breaks the line, and nothing sends while a Korean IME is composing: the Enter
 * that commits the last syllable must not also send the message (the original's double-send bug).
 */
export function shouldSend(e: ComposerKey): boolean {
  if (e.key !== 'Enter' || e.shiftKey || e.altKey) return false;
  if (e.isComposing || e.keyCode === 229) return false;
  return true;
}
