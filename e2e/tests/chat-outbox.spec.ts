import type { Page, WebSocketRoute } from '@playwright/test';
import { expect, test } from '../support/fixtures.ts';
import { closeAll, message, newActor, openApp, openRoom, seedGroup, sendWithEnter } from '../support/chat.ts';

/** A Socket.IO `message:send` event frame from the page: `42<ackId>["message:send",…]`. */
const SEND_FRAME = /^42(\d+)\["message:send",/;

/** The failed row of an unsent message, by its text. */
function failed(page: Page, text: string) {
  return page.getByTestId('pending-message').filter({ hasText: text });
}

test('MSG-1: a refused send shows Not sent with Retry and Discard; Retry delivers it once, Discard removes it for good (outbox in localStorage)', async ({
  browser,
}) => {
  const a = await newActor(browser, 'outa', { open: false });
  // Proxies this actor's realtime traffic; while `refuse` is on, the server's answer to message:send is a
  // refusal (rate.limited) instead of the real one, and the frame never reaches the server.
  let refuse = false;
  await a.context.routeWebSocket(/socket\.io/, (ws: WebSocketRoute) => {
    const server = ws.connectToServer();
    ws.onMessage((frame) => {
      const send = typeof frame === 'string' ? SEND_FRAME.exec(frame) : null;
      if (send && refuse) {
        const error = { code: 'rate.limited', message: 'Too many requests' };
        ws.send(`43${send[1]}${JSON.stringify([{ ok: false, error }])}`);
        return;
      }
      server.send(frame);
    });
  });
  await openApp(a);
  const b = await newActor(browser, 'outb');
  const roomId = await seedGroup(b, '재전송방', [a]);
  await openRoom(a.page, '재전송방');
  await openRoom(b.page, '재전송방');

  refuse = true;
  await sendWithEnter(a.page, '다시 보낼 메시지');
  const retryRow = failed(a.page, '다시 보낼 메시지');
  await expect(retryRow).toHaveAttribute('data-status', 'failed');
  await expect(retryRow).toContainText('Not sent.');
  await expect(retryRow.getByRole('button', { name: 'Discard' })).toBeVisible();

  refuse = false;
  await retryRow.getByRole('button', { name: 'Retry' }).click();
  await expect(message(a.page, '다시 보낼 메시지')).toHaveCount(1);
  await expect(a.page.getByTestId('pending-message')).toHaveCount(0);
  await expect(message(b.page, '다시 보낼 메시지')).toHaveCount(1);

  refuse = true;
  await sendWithEnter(a.page, '버릴 메시지');
  const discardRow = failed(a.page, '버릴 메시지');
  await expect(discardRow).toHaveAttribute('data-status', 'failed');
  // The outbox survives a reload: the failed message is still there, still waiting for the user.
  await openApp(a);
  await openRoom(a.page, '재전송방');
  await expect(discardRow).toHaveAttribute('data-status', 'failed');
  await discardRow.getByRole('button', { name: 'Discard' }).click();
  await expect(discardRow).toHaveCount(0);

  refuse = false;
  await openApp(a);
  await openRoom(a.page, '재전송방');
  await expect(message(a.page, '다시 보낼 메시지')).toHaveCount(1);
  await expect(a.page.getByTestId('pending-message')).toHaveCount(0);
  expect(await a.page.evaluate(() => JSON.stringify(localStorage))).not.toContain('버릴 메시지');
  // Delivered once, and the discarded one never reached anyone.
  const history = await b.api<{ messages: { body: string }[] }>('GET', `/api/rooms/${roomId}/messages`);
  expect(history.messages.filter((m) => m.body === '다시 보낼 메시지')).toHaveLength(1);
  expect(history.messages.some((m) => m.body === '버릴 메시지')).toBe(false);
  await expect(message(b.page, '버릴 메시지')).toHaveCount(0);
  await closeAll(a, b);
});
