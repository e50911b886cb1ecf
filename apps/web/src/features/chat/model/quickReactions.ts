/** Reactions offered first, like KakaoWork's quick row (kept apart from the emoji set, which loads lazily). */
export const QUICK_REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🙏', '✅', '👀'];
