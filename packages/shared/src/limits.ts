/** Account field limits, shared by the client's inline validation and the server. */
export const LIMITS = {
  usernameMin: 3,
  usernameMax: 20,
  nicknameMax: 20,
  passwordMin: 8,
  /** Upper bound only to keep hashing cheap; not a policy. */
  passwordMax: 256,
} as const;
