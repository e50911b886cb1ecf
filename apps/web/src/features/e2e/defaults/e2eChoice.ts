import { E2E_ROOM_MEMBERS_MAX, type E2ePolicy } from '@messenger/shared';

/** What the new-chat dialog offers for end-to-end encryption (SPEC E2E-113). */
export type E2eChoice =
  /** The server's policy is off: no switch, a standard room. */
  | { kind: 'none' }
  /** Off and disabled, with the reason: this browser cannot, or the group is over the cap. */
  | { kind: 'unavailable'; reason: 'unsupported' | 'tooLarge' }
  /** On and disabled, with the reason: a direct chat, or the policy allows no opt-out. */
  | { kind: 'fixed'; reason: 'direct' | 'required' }
  /** A switch the creator may turn off (policy `default`, a group of up to the cap). */
  | { kind: 'optional'; on: boolean };

/** What the choice depends on. */
export interface E2eChoiceInput {
  policy: E2ePolicy;
  /** This browser can hold an E2E device (not `unsupported`, not failed). */
  capable: boolean;
  group: boolean;
  /** The people chosen and me. */
  members: number;
  /** The creator turned the switch off (kept only where opting out is allowed). */
  optedOut: boolean;
}

/**
 * The dialog's end-to-end choice (design e2e.md 5.10): direct chats are encrypted, groups of up to
 * E2E_ROOM_MEMBERS_MAX start encrypted and may opt out only under policy `default`; larger groups, a browser
 * that cannot, and policy `off` make standard rooms.
 */
export function e2eChoice(i: E2eChoiceInput): E2eChoice {
  if (i.policy === 'off') return { kind: 'none' };
  if (!i.capable) return { kind: 'unavailable', reason: 'unsupported' };
  if (i.group && i.members > E2E_ROOM_MEMBERS_MAX) return { kind: 'unavailable', reason: 'tooLarge' };
  if (!i.group) return { kind: 'fixed', reason: 'direct' };
  if (i.policy === 'required') return { kind: 'fixed', reason: 'required' };
  return { kind: 'optional', on: !i.optedOut };
}

/** Whether the room made from this choice is end-to-end encrypted. */
export function encryptedBy(c: E2eChoice): boolean {
  return c.kind === 'fixed' || (c.kind === 'optional' && c.on);
}
