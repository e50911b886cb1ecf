import type { CreatePinBody, Message, Pin, PinState } from '@messenger/shared';
import { realtime } from '../../../lib/socket.ts';
import { dismissedReminders } from './dismissedReminders.ts';
import { applyPinEvent, reminderKey, reminderToShow, type PinEvent } from './pinModel.ts';
import type { PinsApi } from './pinsApi.ts';

/** A reminder to acknowledge a notice, shown as a toast until dismissed (PIN-6). */
export interface Reminder {
  pin: PinState;
  by: string;
  at: string;
}

export interface PinsSnapshot {
  /** Notices per loaded room, newest first; a notice I was reminded of carries `myReminder`. */
  byRoom: Record<string, Pin[]>;
  reminder: Reminder | null;
}

/** Notices of the rooms opened so far, kept current by `pin:*` events. Read with useSyncExternalStore. */
export class PinStore {
  private snap: PinsSnapshot = { byRoom: {}, reminder: null };
  private readonly subscribers = new Set<() => void>();
  readonly api: PinsApi;
  private readonly meId: string;
  private readonly dismissed: ReturnType<typeof dismissedReminders>;
  /**
   * Notices removed while this tab runs. A reply that was already on its way (my own pin or acknowledgement,
   * a list being loaded) can arrive after `pin:removed`; it must not bring the notice back (PIN-9).
   */
  private readonly removed = new Set<string>();

  constructor(api: PinsApi, meId: string) {
    this.api = api;
    this.meId = meId;
    this.dismissed = dismissedReminders(meId);
  }

  subscribe = (fn: () => void): (() => void) => {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  };

  getSnapshot = (): PinsSnapshot => this.snap;

  private update(change: Partial<PinsSnapshot>): void {
    this.snap = { ...this.snap, ...change };
    for (const fn of this.subscribers) fn();
  }

  private apply(roomId: string, e: PinEvent): void {
    if (e.type === 'removed') this.removed.add(e.pinId);
    if (e.type === 'created' && this.removed.has(e.pin.id)) return;
    const pins = this.snap.byRoom[roomId];
    if (pins) this.update({ byRoom: { ...this.snap.byRoom, [roomId]: applyPinEvent(pins, e) } });
  }

  private replace(pin: Pin): void {
    const pins = this.snap.byRoom[pin.roomId];
    if (!pins || this.removed.has(pin.id)) return;
    const next = pins.some((p) => p.id === pin.id)
      ? pins.map((p) => (p.id === pin.id ? pin : p))
      : [pin, ...pins];
    this.update({ byRoom: { ...this.snap.byRoom, [pin.roomId]: next } });
  }

  /** Follows reconnects (server events arrive through the inbound pipeline); returns the cleanup. */
  start(): () => void {
    const off = realtime.onConnect(() => {
      for (const roomId of Object.keys(this.snap.byRoom)) void this.loadRoom(roomId);
      void this.loadReminders();
    });
    // The socket may have connected before this store subscribed.
    if (realtime.isConnected()) void this.loadReminders();
    return off;
  }

  /** `pin:created`, `pin:removed`, `pin:acknowledged`: a change to a room's notices. */
  pinEvent(roomId: string, e: PinEvent): void {
    this.apply(roomId, e);
  }

  /** `pin:reminded`: I am reminded of a notice (a toast, and the banner's reminder). */
  reminded(pin: PinState, by: string, at: string): void {
    this.apply(pin.roomId, { type: 'reminded', pinId: pin.id, reminder: { at, by } });
    this.update({ reminder: { pin, by, at } });
    if (!this.snap.byRoom[pin.roomId]) void this.loadRoom(pin.roomId);
  }

  /** `message:updated`: a pinned message's text follows its edits. */
  messageChanged(message: Message): void {
    this.apply(message.roomId, { type: 'messageChanged', messageId: message.id, body: message.body });
  }

  /**
   * Reminders sent while I was away (or before this tab opened): the newest one I have not dismissed shows
   * as a toast, as it would have live (PIN-6).
   */
  async loadReminders(): Promise<void> {
    try {
      const pins = await this.api.reminders();
      const pin = reminderToShow(pins, this.meId, this.dismissed.all());
      if (!pin?.myReminder || this.snap.reminder) return;
      const { acknowledgedByMe: _, myReminder, ...state } = pin;
      this.update({ reminder: { pin: state, by: myReminder.by, at: myReminder.at } });
    } catch {
      // No toast; the banner still shows the reminder when the room opens.
    }
  }

  async loadRoom(roomId: string): Promise<void> {
    try {
      const pins = await this.api.list(roomId);
      const current = pins.filter((p) => !this.removed.has(p.id));
      this.update({ byRoom: { ...this.snap.byRoom, [roomId]: current } });
    } catch {
      // The banner stays empty; the next reconnect or opening tries again.
    }
  }

  async create(roomId: string, body: CreatePinBody): Promise<void> {
    this.replace(await this.api.create(roomId, body));
  }

  async remove(roomId: string, pinId: string): Promise<void> {
    await this.api.remove(roomId, pinId);
    this.apply(roomId, { type: 'removed', pinId });
  }

  async acknowledge(roomId: string, pinId: string): Promise<void> {
    const pin = await this.api.ack(roomId, pinId);
    if (this.snap.reminder?.pin.id === pinId) this.update({ reminder: null });
    this.replace(pin);
  }

  /** Hides the toast, also on later visits; the banner keeps the reminder until I acknowledge. */
  dismissReminder(): void {
    const r = this.snap.reminder;
    if (r) this.dismissed.add(reminderKey(r.pin.id, r.at));
    this.update({ reminder: null });
  }
}
