/** Nested UI strings: objects whose leaves are strings. */
export interface TextTree {
  readonly [key: string]: string | TextTree;
}

/** The shape a translation must have: the same nested keys as T, any strings. */
export type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/**
 * One feature's strings in both languages, side by side. English is the source of the key types (kept as
 * literals, like `as const`); the Korean must have exactly its keys, so a missing or extra key is a type error.
 */
export function defineText<const En extends TextTree>(text: {
  ko: NoInfer<Widen<En>>;
  en: En;
}): { ko: Widen<En>; en: En } {
  return text;
}
