import type { AckReport, Pin, PinState } from '@messenger/shared';
import type { MessageRow } from '../messages/messages.repository.ts';
import type { MemberWithUser } from '../rooms/rooms.repository.ts';
import type { UserRow } from '../users/users.repository.ts';
import { presentUserSummary } from '../users/users.presenter.ts';
import type { PinAckRow, PinReminderRow, PinRow } from './pins.repository.ts';

/** What presenting notices needs besides their rows. */
export interface PinContext {
  messages: Map<string, MessageRow>;
  users: Map<string, UserRow>;
  acks: PinAckRow[];
  /** Current members of each notice's room, by room id: only they count as asked or acknowledged. */
  memberIds: Map<string, Set<string>>;
  /** The latest reminder of each notice (PIN-6). */
  reminders: Map<string, PinReminderRow>;
}

/** Who is looking: their id, and since when they are a member (a reminder before that was not to them). */
export interface PinViewer {
  id: string;
  joinedAt: number;
}

/** Members asked to acknowledge: everyone but the author. */
function asked(pin: PinRow, members: Set<string>): number {
  return [...members].filter((id) => id !== pin.pinned_by).length;
}

/** A notice as every member sees it; a pinned message shows its current text. */
export function presentPinState(pin: PinRow, ctx: PinContext): PinState {
  const message = pin.message_id ? ctx.messages.get(pin.message_id) : undefined;
  const user = (id: string | null) => (id ? presentUserSummary(ctx.users.get(id), id) : null);
  const members = ctx.memberIds.get(pin.room_id) ?? new Set<string>();
  const acked = ctx.acks.filter(
    (a) => a.pin_id === pin.id && a.user_id !== pin.pinned_by && members.has(a.user_id),
  );
  return {
    id: pin.id,
    roomId: pin.room_id,
    message: message
      ? {
          id: message.id,
          seq: message.seq,
          sender: user(message.sender_id),
          createdAt: new Date(message.created_at).toISOString(),
        }
      : null,
    body: message ? message.body : pin.body,
    author: user(pin.pinned_by),
    requiresAck: pin.requires_ack === 1,
    ackCount: pin.requires_ack === 1 ? acked.length : 0,
    ackTotal: pin.requires_ack === 1 ? asked(pin, members) : 0,
    createdAt: new Date(pin.created_at).toISOString(),
  };
}

/** A notice as one member sees it, with the reminder they have not yet answered (PIN-6). */
export function presentPin(pin: PinRow, ctx: PinContext, viewer: PinViewer): Pin {
  const acknowledgedByMe = ctx.acks.some((a) => a.pin_id === pin.id && a.user_id === viewer.id);
  const r = ctx.reminders.get(pin.id);
  const remindedMe =
    r !== undefined &&
    pin.requires_ack === 1 &&
    !acknowledgedByMe &&
    pin.pinned_by !== viewer.id &&
    r.by !== viewer.id &&
    r.at > viewer.joinedAt;
  return {
    ...presentPinState(pin, ctx),
    acknowledgedByMe,
    myReminder: remindedMe
      ? { at: new Date(r.at).toISOString(), by: (r.by && ctx.users.get(r.by)?.nickname) || '' }
      : null,
  };
}

/** Who has and has not acknowledged, among current members other than the author (PIN-5). */
export function presentAckReport(pin: PinRow, members: MemberWithUser[], acks: PinAckRow[]): AckReport {
  const at = new Map(acks.filter((a) => a.pin_id === pin.id).map((a) => [a.user_id, a.created_at]));
  const others = members.filter((m) => m.user_id !== pin.pinned_by);
  return {
    acknowledged: others
      .filter((m) => at.has(m.user_id))
      .sort((a, b) => at.get(a.user_id)! - at.get(b.user_id)!)
      .map((m) => ({
        user: presentUserSummary(m.user, m.user_id),
        at: new Date(at.get(m.user_id)!).toISOString(),
      })),
    pending: others
      .filter((m) => !at.has(m.user_id))
      .sort((a, b) => a.user.nickname.localeCompare(b.user.nickname, 'ko'))
      .map((m) => presentUserSummary(m.user, m.user_id)),
  };
}

/** A spreadsheet cell: quoted when needed, and never read as a formula (`=`, `+`, `-`, `@`). */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const CSV_HEADERS = {
  ko: ['이름', '아이디', '상태', '확인 시각 (UTC)'],
  en: ['Name', 'Username', 'Status', 'Acknowledged at (UTC)'],
} as const;
const CSV_STATUS = { ko: ['확인함', '미확인'], en: ['Acknowledged', 'Not yet'] } as const;

/** The report as CSV: UTF-8 with a byte-order mark (Excel reads Korean names right), CRLF lines. */
export function ackReportCsv(report: AckReport, locale: 'ko' | 'en'): string {
  const [done, pending] = CSV_STATUS[locale];
  const rows = [
    [...CSV_HEADERS[locale]],
    ...report.acknowledged.map((a) => [a.user.nickname, a.user.username, done, a.at]),
    ...report.pending.map((u) => [u.nickname, u.username, pending, '']),
  ];
  return `\uFEFF${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
