/** The localStorage key that remembers "Later" for one user in this browser (no secret: a flag). */
const keyOf = (uid: string) => `messenger.e2e.recoveryPromptLater.${uid}`;

/** Whether this user chose "Later" on the recovery prompt in this browser (E2E-115). */
export function recoveryPromptDismissed(uid: string): boolean {
  try {
    return localStorage.getItem(keyOf(uid)) === '1';
  } catch {
    return false;
  }
}

/** Remembers "Later" for this user, so the prompt does not come back in every encrypted room. */
export function dismissRecoveryPrompt(uid: string): void {
  try {
    localStorage.setItem(keyOf(uid), '1');
  } catch {
    // A browser that refuses storage asks again next time: no harm.
  }
}
