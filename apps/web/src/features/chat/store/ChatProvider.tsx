import { useEffect, useState, type ReactNode } from 'react';
import type { ApiClient } from '../../../lib/api.ts';
import { socketEvents } from '../../../lib/socket.ts';
import { startInbound } from '../../realtime/inbound.ts';
import { chatApi } from '../chatApi.ts';
import { PinsContext } from '../notices/PinsContext.tsx';
import { pinsApi } from '../notices/pinsApi.ts';
import { PinStore } from '../notices/pinStore.ts';
import { PollsContext } from '../polls/PollsContext.tsx';
import { pollsApi } from '../polls/pollsApi.ts';
import { PollStore } from '../polls/pollStore.ts';
import { ChatContext } from './ChatContext.tsx';
import { ChatStore } from './chatStore.ts';

/**
 * Creates the signed-in user's chat, poll and notice stores and feeds them the server's events through the
 * inbound pipeline.
 */
export function ChatProvider({
  api,
  userId,
  children,
}: {
  api: ApiClient;
  userId: string;
  children: ReactNode;
}) {
  const [store] = useState(() => new ChatStore(chatApi(api), userId));
  const [polls] = useState(() => new PollStore(pollsApi(api)));
  const [pins] = useState(() => new PinStore(pinsApi(api), userId));
  useEffect(() => store.start(), [store]);
  useEffect(() => polls.start(), [polls]);
  useEffect(() => pins.start(), [pins]);
  useEffect(() => startInbound(socketEvents, { chat: store, polls, pins }), [store, polls, pins]);
  return (
    <ChatContext value={store}>
      <PollsContext value={polls}>
        <PinsContext value={pins}>{children}</PinsContext>
      </PollsContext>
    </ChatContext>
  );
}
