import { expect, test } from '../support/fixtures.ts';
import {
  closeAll,
  message,
  newActor,
  openRoom,
  seedGroup,
  seedMessage,
  sendWithEnter,
} from '../support/chat.ts';

test('on a phone (390×844) the room list opens a full-screen chat with a back button', async ({
  browser,
}) => {
  const a = await newActor(browser, 'phone', { viewport: { width: 390, height: 844 } });
  const b = await newActor(browser, 'phoneb', { open: false });
  const room = await seedGroup(b, '모바일방', [a]);
  await seedMessage(b, room, '폰에서도 보이나요?');
  await a.page.reload();

  await openRoom(a.page, '모바일방');
  await expect(a.page.getByRole('navigation', { name: 'Conversations and account' })).toBeHidden();
  await expect(message(a.page, '폰에서도 보이나요?')).toBeInViewport();
  await sendWithEnter(a.page, '네 잘 보여요');
  await expect(message(a.page, '네 잘 보여요')).toBeInViewport();

  await a.page.getByTestId('back-to-list').click();
  await expect(a.page.getByTestId('room-item').filter({ hasText: '모바일방' })).toBeInViewport();
  await expect(a.page.getByTestId('chat-view')).toHaveCount(0);
  await closeAll(a, b);
});

test('the app loads nothing from outside its own origin', async ({ browser, baseURL }) => {
  const a = await newActor(browser, 'origin', { open: false });
  const b = await newActor(browser, 'originb', { open: false });
  const room = await seedGroup(b, '출처방', [a]);
  await seedMessage(b, room, '링크 https://example.com 와 **굵게**');
  const urls: string[] = [];
  a.page.on('request', (r) => urls.push(r.url()));
  await a.page.goto('/');
  await openRoom(a.page, '출처방');
  await expect(message(a.page, '링크')).toBeVisible();
  await sendWithEnter(a.page, '확인 👍');
  await expect(message(a.page, '확인')).toBeVisible();
  const origin = new URL(baseURL!).origin;
  const foreign = urls.filter(
    (u) => !u.startsWith(origin + '/') && !u.startsWith('data:') && !u.startsWith('blob:'),
  );
  expect(urls.length).toBeGreaterThan(0);
  expect(foreign).toEqual([]);
  await closeAll(a, b);
});
