/** localStorage when the browser allows it (it throws in some privacy modes), otherwise undefined. */
export function browserStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
