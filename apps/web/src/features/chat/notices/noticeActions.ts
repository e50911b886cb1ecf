import type { Message } from '@messenger/shared';
import { createContext, useContext } from 'react';

/** What a message row can ask of the notices (the toolbar's "pin as notice"). */
export interface NoticeActions {
  askPin(message: Message): void;
}

export const NoticeActionsContext = createContext<NoticeActions | null>(null);

/** The notice actions of the open room (null outside a room view). */
export function useNoticeActions(): NoticeActions | null {
  return useContext(NoticeActionsContext);
}
