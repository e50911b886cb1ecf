import { expect, test } from '../support/fixtures.ts';
import { closeAll, newActor, openApp, roomItem, seedGroup, seedMessage } from '../support/chat.ts';

test('notifications: the tab title counts unread, and "mentions only" raises a desktop notification just for a mention', async ({
  browser,
}) => {
  const a = await newActor(browser, 'nota', { open: false });
  const b = await newActor(browser, 'notb', { open: false });
  const room = await seedGroup(b, '알림방', [a]);
  await a.context.grantPermissions(['notifications']);
  // Record notifications instead of showing them.
  await a.page.addInitScript(() => {
    const shown: string[] = [];
    (window as unknown as { shown: string[] }).shown = shown;
    class FakeNotification {
      static permission = 'granted';
      static requestPermission = () => Promise.resolve('granted');
      onclick: (() => void) | null = null;
      constructor(title: string, options?: { body?: string }) {
        shown.push(`${title}|${options?.body ?? ''}`);
      }
      close() {}
    }
    (window as unknown as { Notification: unknown }).Notification = FakeNotification;
  });
  await openApp(a);
  const shown = () => a.page.evaluate(() => (window as unknown as { shown: string[] }).shown);

  await a.page.getByRole('button', { name: 'Notification settings' }).click();
  await a.page.getByRole('menuitemradio', { name: 'Mentions only' }).click();
  await a.page.keyboard.press('Escape');

  await seedMessage(b, room, '그냥 메시지');
  await expect(roomItem(a.page, '알림방').getByTestId('room-unread')).toHaveText('1');
  await expect(a.page).toHaveTitle('(1) Intranet Messenger');
  await seedMessage(b, room, `@${a.user.username} 확인 부탁해요`);
  await expect(a.page).toHaveTitle('(2) Intranet Messenger');
  await expect.poll(shown).toEqual([`알림방|${b.user.nickname}: @${a.user.username} 확인 부탁해요`]);
  await closeAll(a, b);
});

test('PRES-1: a direct chat shows the peer online while connected and offline after they leave', async ({
  browser,
}) => {
  const a = await newActor(browser, 'presa');
  const b = await newActor(browser, 'presb', { open: false });
  await a.api('POST', '/api/rooms', { kind: 'direct', userId: b.id });
  await a.page.reload();
  const dot = roomItem(a.page, b.user.nickname).locator('[data-presence]');
  await expect(dot).toHaveAttribute('data-presence', 'offline');
  await openApp(b);
  await expect(dot).toHaveAttribute('data-presence', 'online');
  b.checkConsole();
  // Closing the browser context drops its connection; the server pushes the change at once.
  await b.context.close();
  await expect(dot).toHaveAttribute('data-presence', 'offline');
  a.checkConsole();
  await a.context.close();
});
