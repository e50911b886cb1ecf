import { randomBytes } from 'node:crypto';
import { expect, test } from '../support/fixtures.ts';
import {
  closeAll,
  message,
  newActor,
  openRoom,
  roomItem,
  seedGroup,
  sendWithEnter,
} from '../support/chat.ts';
import { devicesRegistered } from '../support/e2e-devices.ts';

test('E2E-50: a mention inside an encrypted message marks the room in the other person’s list while they read another room, and the mark goes once they open it', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const a = await newActor(browser, 'menta');
  const b = await newActor(browser, 'mentb');
  await devicesRegistered([a, b]);
  const tag = randomBytes(3).toString('hex');
  const secret = `비밀방 ${tag}`;
  const other = `일반방 ${tag}`;
  await a.api('POST', '/api/rooms', { kind: 'group', name: secret, memberIds: [b.id], encrypted: true });
  await seedGroup(a, other, [b]);

  // Both devices are in the encrypted room's group.
  await openRoom(a.page, secret);
  await expect(a.page.getByTestId('composer')).toBeEnabled({ timeout: 20_000 });
  await openRoom(b.page, secret);
  await expect(b.page.getByTestId('composer')).toBeEnabled({ timeout: 20_000 });

  // B reads another room; A's plain message in the encrypted room counts as unread with no mark.
  await openRoom(b.page, other);
  await sendWithEnter(a.page, `그냥 말 ${tag}`);
  const row = roomItem(b.page, secret);
  await expect(row.getByTestId('room-unread')).toHaveText('1', { timeout: 20_000 });
  await expect(row.getByTestId('room-mention')).toHaveCount(0);

  // A mentions B: the server never saw the name, yet B's list shows the @ mark.
  await sendWithEnter(a.page, `@${b.user.username} 확인 부탁해요 ${tag}`);
  await expect(row.getByTestId('room-unread')).toHaveText('2', { timeout: 20_000 });
  await expect(row.getByTestId('room-mention')).toBeVisible({ timeout: 20_000 });

  // Opening the room reads it: the mark goes, and the message shows.
  await openRoom(b.page, secret);
  await expect(message(b.page, `확인 부탁해요 ${tag}`)).toBeVisible({ timeout: 20_000 });
  await expect(row.getByTestId('room-mention')).toHaveCount(0);
  await closeAll(a, b);
});
