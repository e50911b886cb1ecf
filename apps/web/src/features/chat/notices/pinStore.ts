import type { CreatePinBody, Pin, PinState } from '@messenger/shared';
import { realtime } from '../../../lib/socket.ts';
import { applyPinEvent, type PinEvent } from './pinModel.ts';
import type { PinsApi } from './pinsApi.ts';

/** A reminder to acknowledge a notice, shown until dismissed (PIN-6). */
export interface Reminder {
  pin: PinState;
  by: string;
}

export interface PinsSnapshot {
  /** Notices per loaded room, newest first. */
  byRoom: Record<string, Pin[]>;
  /** Notices someone reminded me of: their banner stays prominent until I acknowledge. */
  reminded: Record<string, true>;
  reminder: Reminder | null;
}

/** Notices of the rooms opened so far, kept current by `pin:*` events. Read with useSyncExternalStore. */
export class PinStore {
  private snap: PinsSnapshot = { byRoom: {}, reminded: {}, reminder: null };
  private readonly subscribers = new Set<() => void>();
  readonly api: PinsApi;

  constructor(api: PinsApi) {
    this.api = api;
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
    const pins = this.snap.byRoom[roomId];
    if (pins) this.update({ byRoom: { ...this.snap.byRoom, [roomId]: applyPinEvent(pins, e) } });
  }

  private replace(pin: Pin): void {
    const pins = this.snap.byRoom[pin.roomId];
    if (!pins) return;
    const next = pins.some((p) => p.id === pin.id)
      ? pins.map((p) => (p.id === pin.id ? pin : p))
      : [pin, ...pins];
    this.update({ byRoom: { ...this.snap.byRoom, [pin.roomId]: next } });
  }

  /** Subscribes to server events; returns the cleanup. */
  start(): () => void {
    const offs = [
      realtime.on('pin:created', ({ pin }) => this.apply(pin.roomId, { type: 'created', pin })),
      realtime.on('pin:removed', ({ roomId, pinId }) => this.apply(roomId, { type: 'removed', pinId })),
      realtime.on('pin:acknowledged', ({ roomId, ...rest }) =>
        this.apply(roomId, { type: 'acknowledged', ...rest }),
      ),
      realtime.on('pin:reminded', ({ pin, by }) => {
        this.update({ reminded: { ...this.snap.reminded, [pin.id]: true }, reminder: { pin, by } });
        if (!this.snap.byRoom[pin.roomId]) void this.loadRoom(pin.roomId);
      }),
      realtime.on('message:updated', ({ message }) =>
        this.apply(message.roomId, { type: 'messageChanged', messageId: message.id, body: message.body }),
      ),
      realtime.onConnect(() => {
        for (const roomId of Object.keys(this.snap.byRoom)) void this.loadRoom(roomId);
      }),
    ];
    return () => offs.forEach((off) => off());
  }

  async loadRoom(roomId: string): Promise<void> {
    try {
      const pins = await this.api.list(roomId);
      this.update({ byRoom: { ...this.snap.byRoom, [roomId]: pins } });
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
    const { [pinId]: _, ...reminded } = this.snap.reminded;
    const reminder = this.snap.reminder?.pin.id === pinId ? null : this.snap.reminder;
    this.update({ reminded, reminder });
    this.replace(pin);
  }

  dismissReminder(): void {
    this.update({ reminder: null });
  }
}
