import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.ts';
import {
  closeAll,
  message,
  newActor,
  openRoom,
  roomItem,
  seedGroup,
  seedMessage,
  type Actor,
} from '../support/chat.ts';

/** My watermark in a room, as the server keeps it. */
async function watermark(actor: Actor, roomId: string): Promise<number> {
  const { members } = await actor.api<{ members: { user: { id: string }; lastReadSeq: number }[] }>(
    'GET',
    `/api/rooms/${roomId}`,
  );
  return members.find((m) => m.user.id === actor.id)!.lastReadSeq;
}

/** Whether a row is inside the timeline's visible area (not just rendered in the overscan). */
async function onScreen(page: Page, text: string): Promise<boolean> {
  const row = message(page, text);
  if ((await row.count()) === 0) return false;
  const list = await page.getByTestId('message-list').boundingBox();
  const box = await row.first().boundingBox();
  return !!list && !!box && box.y + box.height > list.y && box.y < list.y + list.height;
}

test('READ-3 MSG-9: a room with many unread messages opens at the first of them under a divider, fetched with ?after=; only what was on screen is read', async ({
  browser,
}) => {
  const reader = await newActor(browser, 'reader', { open: false });
  const writer = await newActor(browser, 'writer', { open: false });
  const roomId = await seedGroup(writer, '밀린 대화방', [reader]);
  let lastRead = 0;
  for (let i = 1; i <= 20; i++) lastRead = (await seedMessage(writer, roomId, `읽은 메시지 ${i}`)).seq;
  await reader.api('POST', `/api/rooms/${roomId}/read`, { seq: lastRead });
  let last = 0;
  for (let i = 1; i <= 120; i++) last = (await seedMessage(writer, roomId, `안 읽은 메시지 ${i}`)).seq;

  const pages: string[] = [];
  reader.page.on('request', (r) => {
    if (r.url().includes(`/api/rooms/${roomId}/messages`)) pages.push(new URL(r.url()).search);
  });
  await reader.page.goto('/');
  await openRoom(reader.page, '밀린 대화방');

  const divider = reader.page.getByTestId('unread-divider');
  await expect(divider).toBeVisible();
  await expect(divider).toHaveText('Read up to here · new messages below');
  await expect.poll(() => onScreen(reader.page, '안 읽은 메시지 1')).toBe(true);
  await expect.poll(() => onScreen(reader.page, '읽은 메시지 20')).toBe(true);
  expect(pages[0]).toContain(`after=${lastRead - 10}`);
  // The newest messages are not loaded yet; the pill takes the reader there.
  await expect(message(reader.page, '안 읽은 메시지 120')).toHaveCount(0);

  // Read marking still follows the screen: past the divider, but not to the end (READ-1).
  await expect.poll(() => watermark(reader, roomId)).toBeGreaterThan(lastRead);
  expect(await watermark(reader, roomId)).toBeLessThan(last);

  // The room list counts down what was read, not to zero: the rest is still unread.
  const badge = roomItem(reader.page, '밀린 대화방').getByTestId('room-unread');
  await expect
    .poll(async () => Number(await badge.textContent()))
    .toBe(120 - ((await watermark(reader, roomId)) - lastRead));

  await reader.page.getByTestId('new-messages').click();
  await expect.poll(() => onScreen(reader.page, '안 읽은 메시지 120')).toBe(true);
  await expect.poll(() => watermark(reader, roomId)).toBe(last);
  await expect(badge).toHaveCount(0);

  // Everything read: the next visit opens at the bottom without a divider.
  await reader.page.reload();
  await expect(reader.page.getByTestId('chat-view')).toBeVisible();
  await expect.poll(() => onScreen(reader.page, '안 읽은 메시지 120')).toBe(true);
  await expect(divider).toHaveCount(0);
  await closeAll(reader, writer);
});

test('READ-3: a few unread messages that fit on the screen open at the bottom, with the divider above them', async ({
  browser,
}) => {
  const reader = await newActor(browser, 'reader', { open: false });
  const writer = await newActor(browser, 'writer', { open: false });
  const roomId = await seedGroup(writer, '조금 밀린 방', [reader]);
  let lastRead = 0;
  for (let i = 1; i <= 30; i++) lastRead = (await seedMessage(writer, roomId, `지난 메시지 ${i}`)).seq;
  await reader.api('POST', `/api/rooms/${roomId}/read`, { seq: lastRead });
  for (let i = 1; i <= 2; i++) await seedMessage(writer, roomId, `새 메시지 ${i}`);

  const pages: string[] = [];
  reader.page.on('request', (r) => {
    if (r.url().includes(`/api/rooms/${roomId}/messages`)) pages.push(new URL(r.url()).search);
  });
  await reader.page.goto('/');
  await openRoom(reader.page, '조금 밀린 방');
  await expect(reader.page.getByTestId('unread-divider')).toBeVisible();
  await expect.poll(() => onScreen(reader.page, '새 메시지 2')).toBe(true);
  await expect(reader.page.getByTestId('new-messages')).toHaveCount(0);
  await expect.poll(() => reader.page.getByTestId('message').nth(1).getAttribute('data-seq')).not.toBe(null);
  await closeAll(reader, writer);
});
