import { expect, test } from '../support/fixtures.ts';
import {
  closeAll,
  message,
  newActor,
  openRoom,
  roomItem,
  seedGroup,
  seedMessage,
  sendWithEnter,
} from '../support/chat.ts';
import { devicesRegistered } from '../support/e2e-devices.ts';

test('ROOM-1 MSG-1 E2E-112: a 1:1 chat started from the new-chat dialog (the encrypted one) delivers Korean text sent with Enter, both ways', async ({
  browser,
}) => {
  test.setTimeout(60_000);
  const kim = await newActor(browser, 'kim');
  const lee = await newActor(browser, 'lee');
  // A direct chat started from the dialog is end-to-end encrypted (E2E-112): both browsers hold a device first,
  // so that lee's device is in the room from its first message.
  await devicesRegistered([kim, lee]);

  await kim.page.getByTestId('new-chat').click();
  const dialog = kim.page.getByTestId('new-chat-dialog');
  await dialog.getByRole('searchbox').fill(lee.user.username);
  await dialog.getByTestId('user-option').filter({ hasText: lee.user.username }).click();
  await dialog.getByRole('button', { name: 'Start chat' }).click();
  await expect(kim.page.getByTestId('chat-title')).toHaveText(lee.user.nickname);
  await expect(kim.page.getByTestId('e2e-badge')).toBeVisible();
  await expect(kim.page.getByTestId('composer')).toBeEnabled({ timeout: 20_000 });

  await sendWithEnter(kim.page, '안녕하세요');
  await expect(message(kim.page, '안녕하세요')).toBeVisible();
  await expect(kim.page.getByTestId('composer')).toHaveValue('');

  // The other side gets the room live, with an unread badge, and reads it.
  const row = roomItem(lee.page, kim.user.nickname);
  await expect(row.getByTestId('room-unread')).toHaveText('1');
  await openRoom(lee.page, kim.user.nickname);
  await expect(message(lee.page, '안녕하세요')).toBeVisible({ timeout: 20_000 });
  await expect(row.getByTestId('room-unread')).toHaveCount(0);

  await expect(lee.page.getByTestId('composer')).toBeEnabled({ timeout: 20_000 });
  await sendWithEnter(lee.page, '네, 반갑습니다');
  await expect(message(kim.page, '네, 반갑습니다')).toBeVisible({ timeout: 20_000 });
  // Sent exactly once (MSG-1): one row each.
  await expect(message(kim.page, '안녕하세요')).toHaveCount(1);
  await closeAll(kim, lee);
});

test('READ-1 READ-2: the unread number on a message falls from 2 to 1 to none as the others read it', async ({
  browser,
}) => {
  const a = await newActor(browser, 'reada');
  const b = await newActor(browser, 'readb');
  const c = await newActor(browser, 'readc');
  await seedGroup(a, '읽음 확인방', [b, c]);
  await openRoom(a.page, '읽음 확인방');

  await sendWithEnter(a.page, '다들 확인 부탁드려요');
  const mine = message(a.page, '다들 확인 부탁드려요');
  await expect(mine.getByTestId('unread-count')).toHaveText('2');

  await openRoom(b.page, '읽음 확인방');
  await expect(message(b.page, '다들 확인 부탁드려요')).toBeVisible();
  await expect(mine.getByTestId('unread-count')).toHaveText('1');

  // "Read by" on demand lists who has and has not read it.
  await mine.getByTestId('unread-count').click();
  const readers = a.page.getByTestId('readers-dialog');
  await expect(readers.getByTestId('read-by')).toContainText(b.user.nickname);
  await expect(readers.getByTestId('unread-by')).toContainText(c.user.nickname);
  await a.page.keyboard.press('Escape');
  await expect(readers).toBeHidden();

  await openRoom(c.page, '읽음 확인방');
  await expect(message(c.page, '다들 확인 부탁드려요')).toBeVisible();
  await expect(mine.getByTestId('unread-count')).toHaveCount(0);
  await closeAll(a, b, c);
});

test('TYPE-1: the other member sees the typing indicator while one types, and it goes away after sending', async ({
  browser,
}) => {
  const a = await newActor(browser, 'typa');
  const b = await newActor(browser, 'typb');
  await seedGroup(a, '타이핑방', [b]);
  await openRoom(a.page, '타이핑방');
  await openRoom(b.page, '타이핑방');

  await a.page.getByTestId('composer').click();
  await a.page.keyboard.insertText('입력 중');
  await expect(b.page.getByTestId('typing-indicator')).toContainText(`${a.user.nickname} is typing`);
  await a.page.keyboard.press('Enter');
  await expect(message(b.page, '입력 중')).toBeVisible();
  await expect(b.page.getByTestId('typing-indicator')).toBeEmpty();
  await closeAll(a, b);
});

test('ROOM-7: the room list shows unread counts and the @ marker live, pinned rooms first, and filters by name', async ({
  browser,
}) => {
  const a = await newActor(browser, 'lista');
  const b = await newActor(browser, 'listb', { open: false });
  const first = await seedGroup(b, '첫번째 방', [a]);
  await seedGroup(b, '두번째 방', [a]);
  await a.page.reload();
  await seedMessage(b, first, `@${a.user.username} 확인해 주세요`);
  const row = roomItem(a.page, '첫번째 방');
  await expect(row.getByTestId('room-unread')).toHaveText('1');
  await expect(row.getByTestId('room-mention')).toBeVisible();
  // Latest activity first.
  await expect(a.page.getByTestId('room-item').first()).toContainText('첫번째 방');

  await openRoom(a.page, '두번째 방');
  await a.page.getByTestId('room-menu').click();
  await a.page.getByTestId('toggle-pin').click();
  await expect(a.page.getByTestId('room-item').first()).toContainText('두번째 방');

  await a.page.getByRole('searchbox', { name: 'Filter conversations' }).fill('첫번째');
  await expect(a.page.getByTestId('room-item')).toHaveCount(1);
  await closeAll(a, b);
});

test('ROOM-2 E2E-113: a group made in the new-chat dialog (two people and a name, encryption switched off) reaches all three members live', async ({
  browser,
}) => {
  const a = await newActor(browser, 'grpa');
  const b = await newActor(browser, 'grpb');
  const c = await newActor(browser, 'grpc');

  await a.page.getByTestId('new-chat').click();
  const dialog = a.page.getByTestId('new-chat-dialog');
  for (const other of [b, c]) {
    await dialog.getByRole('searchbox').fill(other.user.username);
    await dialog.getByTestId('user-option').filter({ hasText: other.user.username }).click();
  }
  // The switch starts on for a small group; the creator turns it off to make a standard room (E2E-113).
  const encrypted = dialog.getByRole('switch', { name: 'End-to-end encrypted' });
  await expect(encrypted).toBeChecked();
  await encrypted.uncheck();
  await dialog.getByRole('button', { name: 'Create group with 2 people' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Give the group a name.');
  await dialog.getByLabel('Group name').fill('세 사람 방');
  await dialog.getByRole('button', { name: 'Create group with 2 people' }).click();
  await expect(a.page.getByTestId('chat-title')).toHaveText('세 사람 방');
  await expect(a.page.getByTestId('system-message')).toContainText(`${a.user.nickname} created “세 사람 방”`);
  await expect(a.page.getByTestId('e2e-badge')).toHaveCount(0);

  await sendWithEnter(a.page, '모두 환영합니다');
  for (const other of [b, c]) {
    await expect(roomItem(other.page, '세 사람 방').getByTestId('room-unread')).toHaveText('1');
    await openRoom(other.page, '세 사람 방');
    await expect(message(other.page, '모두 환영합니다')).toBeVisible();
  }
  await sendWithEnter(c.page, '감사합니다');
  await expect(message(a.page, '감사합니다')).toBeVisible();
  await expect(message(b.page, '감사합니다')).toBeVisible();
  await closeAll(a, b, c);
});
