import type { WebSocketRoute } from '@playwright/test';
import { expect, test } from '../support/fixtures.ts';
import {
  closeAll,
  message,
  newActor,
  openApp,
  openRoom,
  seedGroup,
  seedMessage,
  sendWithEnter,
} from '../support/chat.ts';

test('RT-3 MSG-1: after a dropped connection the client resyncs missed messages and edits, and delivers what was written offline once', async ({
  browser,
}) => {
  const a = await newActor(browser, 'reca', { open: false });
  // A switchable network cut for this actor's realtime traffic: the WebSocket is proxied so it can be
  // dropped, and reconnect attempts fail while "offline".
  let offline = false;
  const sockets: WebSocketRoute[] = [];
  await a.context.routeWebSocket(/socket\.io/, (ws) => {
    if (offline) return ws.close();
    ws.connectToServer();
    sockets.push(ws);
  });
  await a.context.route('**/socket.io/**', (route) => (offline ? route.abort() : route.continue()));
  await openApp(a);
  const b = await newActor(browser, 'recb', { open: false });
  const room = await seedGroup(b, '재연결방', [a]);
  const early = await seedMessage(b, room, '끊기기 전 메시지');
  await openRoom(a.page, '재연결방');
  await expect(message(a.page, '끊기기 전 메시지')).toBeVisible();

  await expect.poll(() => sockets.length).toBeGreaterThan(0);
  offline = true;
  for (const ws of sockets) await ws.close();
  await expect(a.page.getByTestId('shell')).toHaveAttribute('data-connection', 'reconnecting');
  await seedMessage(b, room, '끊긴 동안 온 메시지');
  await b.api('PUT', `/api/messages/${early.id}`, { body: '끊긴 동안 고친 메시지' });
  // Written while offline: shown as pending, kept in the outbox.
  await sendWithEnter(a.page, '오프라인에서 보냄');
  await expect(a.page.getByTestId('pending-message')).toContainText('오프라인에서 보냄');

  offline = false;
  // Socket.IO retries with a backoff of a few seconds.
  await expect(a.page.getByTestId('shell')).toHaveAttribute('data-connection', 'connected', {
    timeout: 20_000,
  });
  await expect(message(a.page, '끊긴 동안 온 메시지')).toHaveCount(1);
  await expect(message(a.page, '끊긴 동안 고친 메시지')).toContainText('(edited)');
  await expect(message(a.page, '오프라인에서 보냄')).toHaveCount(1);
  await expect(a.page.getByTestId('pending-message')).toHaveCount(0);
  const history = await b.api<{ messages: { body: string }[] }>('GET', `/api/rooms/${room}/messages`);
  expect(history.messages.filter((m) => m.body === '오프라인에서 보냄')).toHaveLength(1);
  await closeAll(a, b);
});
