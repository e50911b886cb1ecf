import { randomUUID } from 'node:crypto';
import { expect, test } from '../support/fixtures.ts';
import { closeAll, message, newActor, openRoom, seedGroup, seedMessage } from '../support/chat.ts';

test('Enter during Korean IME composition does not send; Enter after it does; Shift+Enter breaks the line', async ({
  browser,
}) => {
  const a = await newActor(browser, 'ime');
  await seedGroup(a, 'IME 방', []);
  await openRoom(a.page, 'IME 방');
  const composer = a.page.getByTestId('composer');
  await composer.click();
  await a.page.keyboard.insertText('안녕하세');
  // The Enter that commits the last syllable arrives with isComposing (and keyCode 229) set.
  await composer.evaluate((el) => {
    el.dispatchEvent(
      new KeyboardEvent('keydown', {
        key: 'Enter',
        isComposing: true,
        keyCode: 229,
        bubbles: true,
        cancelable: true,
      }),
    );
    el.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Enter', isComposing: true, bubbles: true, cancelable: true }),
    );
  });
  await expect(composer).toHaveValue('안녕하세');
  await expect(a.page.getByTestId('message')).toHaveCount(0);
  await expect(a.page.getByTestId('pending-message')).toHaveCount(0);

  await a.page.keyboard.insertText('요');
  await a.page.keyboard.press('Shift+Enter');
  await a.page.keyboard.insertText('두 번째 줄');
  await a.page.keyboard.press('Enter');
  await expect(message(a.page, '안녕하세요')).toContainText('두 번째 줄');
  await expect(a.page.getByTestId('message')).toHaveCount(1);
  await closeAll(a);
});

test('MSG-2: the counter appears near 10,000 characters and blocks sending over the limit', async ({
  browser,
}) => {
  const a = await newActor(browser, 'limit');
  await seedGroup(a, '긴 글 방', []);
  await openRoom(a.page, '긴 글 방');
  const composer = a.page.getByTestId('composer');
  await composer.fill('가'.repeat(10_001));
  await expect(a.page.getByTestId('char-counter')).toContainText('10,001 / 10,000');
  await expect(a.page.getByRole('button', { name: 'Send' })).toBeDisabled();
  await composer.press('Enter');
  await expect(a.page.getByTestId('pending-message')).toHaveCount(0);
  await composer.press('Backspace');
  await expect(a.page.getByTestId('char-counter')).toHaveText('10,000 / 10,000');
  await expect(a.page.getByRole('button', { name: 'Send' })).toBeEnabled();
  await closeAll(a);
});

test('MSG-4: @mention autocomplete from room members (arrows + Enter), highlighted for the mentioned reader', async ({
  browser,
}) => {
  const a = await newActor(browser, 'menta');
  const b = await newActor(browser, 'mentb');
  await seedGroup(a, '멘션방', [b]);
  await openRoom(a.page, '멘션방');
  const composer = a.page.getByTestId('composer');
  await composer.click();
  await a.page.keyboard.type(`@${b.user.username.slice(0, 4)}`);
  const menu = a.page.getByTestId('mention-menu');
  await expect(menu.getByRole('option').first()).toContainText(b.user.username);
  await a.page.keyboard.press('Enter');
  await expect(menu).toBeHidden();
  await expect(composer).toHaveValue(`@${b.user.username} `);
  await a.page.keyboard.type('hello');
  await a.page.keyboard.press('Escape');
  await a.page.keyboard.press('Enter');

  await openRoom(b.page, '멘션방');
  await expect(message(b.page, 'hello').locator('.mention-me')).toHaveText(`@${b.user.username}`);
  await closeAll(a, b);
});

test('a reload mid-conversation keeps the open room, its history at the bottom, and the unsent draft', async ({
  browser,
}) => {
  const a = await newActor(browser, 'reload');
  const b = await newActor(browser, 'reloadb', { open: false });
  const room = await seedGroup(a, '새로고침방', [b]);
  for (let i = 1; i <= 30; i++) await seedMessage(i % 2 ? a : b, room, `대화 ${i}번째`);
  await openRoom(a.page, '새로고침방');
  await expect(message(a.page, '대화 30번째')).toBeInViewport();
  await a.page.getByTestId('composer').fill('아직 안 보낸 초안');
  await a.page.reload();
  await expect(a.page.getByTestId('chat-title')).toHaveText('새로고침방');
  await expect(message(a.page, '대화 30번째')).toBeInViewport();
  await expect(a.page.getByTestId('composer')).toHaveValue('아직 안 보낸 초안');
  await expect(a.page.getByTestId('message').filter({ hasText: '대화 30번째' })).toHaveCount(1);
  await closeAll(a, b);
});

test('MSG-1 RT-3: an outbox entry left by a closed tab is re-sent on connect and stored once', async ({
  browser,
}) => {
  const a = await newActor(browser, 'outbox', { open: false });
  const b = await newActor(browser, 'outboxb');
  const room = await seedGroup(a, '보낼편지함', [b]);
  await a.page.goto('/');
  const id = randomUUID();
  await a.page.evaluate(
    ([roomId, msgId, userId]) =>
      localStorage.setItem(
        `${userId}:mx.outbox`,
        JSON.stringify([
          {
            id: msgId,
            roomId,
            body: '오프라인에서 쓴 메시지',
            createdAt: new Date().toISOString(),
            status: 'pending',
          },
        ]),
      ),
    [room, id, a.id],
  );
  await a.page.reload();
  await openRoom(b.page, '보낼편지함');
  await expect(message(b.page, '오프라인에서 쓴 메시지')).toHaveCount(1);
  await openRoom(a.page, '보낼편지함');
  await expect(message(a.page, '오프라인에서 쓴 메시지')).toHaveCount(1);
  await expect(a.page.getByTestId('pending-message')).toHaveCount(0);
  await expect
    .poll(() => a.page.evaluate((userId) => localStorage.getItem(`${userId}:mx.outbox`), a.id))
    .toBeNull();
  // Re-sending the same id stores nothing new (MSG-1).
  await a.page.reload();
  await openRoom(a.page, '보낼편지함');
  await expect(message(a.page, '오프라인에서 쓴 메시지')).toHaveCount(1);
  await closeAll(a, b);
});

test('the timeline keeps the reader in place while history loads above and shows "N new messages" instead of jumping', async ({
  browser,
}) => {
  const a = await newActor(browser, 'scrolla', { open: false });
  const b = await newActor(browser, 'scrollb', { open: false });
  const room = await seedGroup(a, '스크롤방', [b]);
  let last = 0;
  for (let i = 1; i <= 80; i++) last = (await seedMessage(b, room, `기록 ${i}`)).seq;
  // All read: the room opens at the bottom (with unread messages it would open at the first of them, READ-3).
  await a.api('POST', `/api/rooms/${room}/read`, { seq: last });
  await a.page.goto('/');
  await openRoom(a.page, '스크롤방');
  await expect(message(a.page, '기록 80')).toBeInViewport();

  // Scroll to the top: older pages load above, until the first message.
  const list = a.page.getByTestId('message-list');
  await expect(async () => {
    await list.hover();
    await a.page.mouse.wheel(0, -3000);
    await expect(message(a.page, '기록 1').first()).toBeInViewport({ timeout: 500 });
  }).toPass();
  const top = await message(a.page, '기록 1').first().boundingBox();

  await seedMessage(b, room, '새로 온 메시지');
  await expect(a.page.getByTestId('new-messages')).toHaveText(/1 new message/);
  expect((await message(a.page, '기록 1').first().boundingBox())?.y).toBe(top?.y);

  await a.page.getByTestId('new-messages').click();
  await expect(message(a.page, '새로 온 메시지')).toBeInViewport();
  await expect(a.page.getByTestId('new-messages')).toBeHidden();
  await closeAll(a, b);
});
