import type { Message } from '@messenger/shared';
import type { MessageActionsModel } from './useMessageActions.ts';

/** What a row does; the list hands every row the same object, so a row's props change only with its data. */
export type RowActions = Pick<
  MessageActionsModel,
  | 'reply'
  | 'startEdit'
  | 'cancelEdit'
  | 'saveEdit'
  | 'askDelete'
  | 'react'
  | 'showReaders'
  | 'retry'
  | 'discard'
> & {
  /** Jump to a quoted message. */
  jump: (messageId: string) => void;
};

/** Everything one message row renders: its data and values, never the whole timeline model. */
export interface MessageRowProps {
  message: Message;
  continued: boolean;
  highlighted: boolean;
  /** How many members have not read it (KakaoTalk's number). */
  unread: number;
  editing: boolean;
  meId: string;
  canModerate: boolean;
  /** The room is archived (ADMIN-2): only reading actions are offered. */
  readOnly: boolean;
  myUsername: string | undefined;
  /** Whether `@name` is a member (stable while the members do not change). */
  isMention: (username: string) => boolean;
  /** The sentence of a system message; null for text messages. */
  systemLine: string | null;
  actions: RowActions;
}

/** What the list knows when it builds rows. */
export interface RowContext {
  meId: string;
  canModerate: boolean;
  readOnly: boolean;
  myUsername: string | undefined;
  editingId: string | null;
  highlight: string | null;
  unread: (m: Message) => number;
  isMention: (username: string) => boolean;
  systemLine: (m: Message) => string;
  actions: RowActions;
}

/** The props of one message row. */
export function messageRowProps(message: Message, continued: boolean, ctx: RowContext): MessageRowProps {
  return {
    message,
    continued,
    highlighted: ctx.highlight === message.id,
    unread: ctx.unread(message),
    editing: ctx.editingId === message.id,
    meId: ctx.meId,
    canModerate: ctx.canModerate,
    readOnly: ctx.readOnly,
    myUsername: ctx.myUsername,
    isMention: ctx.isMention,
    systemLine: message.kind === 'system' ? ctx.systemLine(message) : null,
    actions: ctx.actions,
  };
}

/**
 * React.memo's comparator for message rows: equal when every prop is the same value. A new message, a typing
 * update or another row's change leave a row's props equal, so it does not render again.
 */
export function rowPropsEqual(a: MessageRowProps, b: MessageRowProps): boolean {
  for (const key of Object.keys(a) as (keyof MessageRowProps)[]) if (!Object.is(a[key], b[key])) return false;
  return true;
}
