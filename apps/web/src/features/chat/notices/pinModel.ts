import type { Pin, PinReminder, PinState, RoomSummary } from '@messenger/shared';

/** A room's notices after one pushed change; newest first. */
export type PinEvent =
  | { type: 'created'; pin: PinState }
  | { type: 'removed'; pinId: string }
  | { type: 'acknowledged'; pinId: string; byMe: boolean; ackCount: number }
  | { type: 'reminded'; pinId: string; reminder: PinReminder }
  | { type: 'messageChanged'; messageId: string; body: string };

/** Applies a pushed change to a room's notices (PIN-9). */
export function applyPinEvent(pins: Pin[], e: PinEvent): Pin[] {
  switch (e.type) {
    case 'created':
      if (pins.some((p) => p.id === e.pin.id)) return pins;
      return [{ ...e.pin, acknowledgedByMe: false, myReminder: null }, ...pins];
    case 'removed':
      return pins.filter((p) => p.id !== e.pinId);
    case 'acknowledged':
      return pins.map((p) =>
        p.id === e.pinId
          ? {
              ...p,
              ackCount: e.ackCount,
              acknowledgedByMe: p.acknowledgedByMe || e.byMe,
              myReminder: e.byMe ? null : p.myReminder,
            }
          : p,
      );
    case 'reminded':
      return pins.map((p) => (p.id === e.pinId ? { ...p, myReminder: e.reminder } : p));
    case 'messageChanged':
      return pins.map((p) => (p.message?.id === e.messageId ? { ...p, body: e.body } : p));
  }
}

/** Whether the member still has to acknowledge a notice (the author never does). */
export function needsMyAck(pin: Pin, meId: string): boolean {
  return pin.requiresAck && !pin.acknowledgedByMe && pin.author?.id !== meId;
}

/**
 * The notice the banner shows: the newest one I was reminded of and still have to acknowledge, else the
 * newest one still waiting for my acknowledgement, else the newest.
 */
export function bannerPin(pins: Pin[], meId: string): Pin | undefined {
  const waiting = pins.filter((p) => needsMyAck(p, meId));
  return waiting.find((p) => p.myReminder) ?? waiting[0] ?? pins[0];
}

/** Names one reminder (a notice can be reminded of again later, which is a new one). */
export function reminderKey(pinId: string, at: string): string {
  return `${pinId}@${at}`;
}

/**
 * The reminder to show as a toast when I come back (PIN-6): the newest one I still have to answer and have
 * not dismissed in this browser.
 */
export function reminderToShow(pins: Pin[], meId: string, dismissed: ReadonlySet<string>): Pin | undefined {
  return pins
    .filter((p) => p.myReminder && needsMyAck(p, meId) && !dismissed.has(reminderKey(p.id, p.myReminder.at)))
    .sort((a, b) => (a.myReminder!.at < b.myReminder!.at ? 1 : -1))[0];
}

/**
 * Whether I may post in a room: polls and notices follow its post policy like messages (ADM-4), and nobody
 * posts in an archived room (ADMIN-2).
 */
export function mayPost(
  room: Pick<RoomSummary, 'postPolicy' | 'myRole'> & Partial<Pick<RoomSummary, 'archivedAt'>>,
): boolean {
  if (room.archivedAt || room.postPolicy === 'closed') return false;
  return room.postPolicy === 'everyone' || room.myRole === 'owner' || room.myRole === 'admin';
}
