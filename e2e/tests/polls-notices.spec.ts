import fs from 'node:fs/promises';
import type { WebSocketRoute } from '@playwright/test';
import { expect, test } from '../support/fixtures.ts';
import {
  closeAll,
  message,
  newActor,
  openApp,
  openRoom,
  roomItem,
  seedGroup,
  seedMessage,
} from '../support/chat.ts';

test('a poll made in the dialog is voted on by two members live; each keeps their choice after a reload; the creator closes it', async ({
  browser,
}) => {
  const a = await newActor(browser, 'polla');
  const b = await newActor(browser, 'pollb');
  await seedGroup(a, '점심방', [b]);
  await openRoom(a.page, '점심방');
  await openRoom(b.page, '점심방');

  await a.page.getByTestId('poll-button').click();
  const dialog = a.page.getByTestId('poll-dialog');
  await dialog.getByTestId('poll-question').fill('점심 뭐 먹을까요?');
  // An empty option list is refused before anything is sent.
  await dialog.getByTestId('poll-submit').click();
  await expect(dialog).toContainText('Give at least two options.');
  const inputs = dialog.getByTestId('poll-option-input');
  await inputs.nth(0).fill('김치찌개');
  await inputs.nth(1).fill('비빔밥');
  await dialog.getByTestId('poll-add-option').click();
  await inputs.nth(2).fill('냉면');
  await dialog.getByTestId('poll-submit').click();
  await expect(dialog).toBeHidden();

  const cardOf = (page: typeof a.page) =>
    page.getByTestId('poll-card').filter({ hasText: '점심 뭐 먹을까요?' });
  const option = (page: typeof a.page, text: string) =>
    cardOf(page).getByTestId('poll-option').filter({ hasText: text });
  await expect(cardOf(b.page)).toBeVisible();
  await option(b.page, '비빔밥').click();
  await expect(option(b.page, '비빔밥')).toHaveAttribute('aria-pressed', 'true');
  // The creator sees the vote arrive, with who voted (not anonymous), without their own choice being touched.
  await expect(option(a.page, '비빔밥')).toContainText('1 vote · 100%');
  await expect(cardOf(a.page).getByTestId('poll-voters')).toHaveText('pollb tester');
  await option(a.page, '김치찌개').click();
  await expect(option(b.page, '김치찌개')).toContainText('1 vote · 50%');
  await expect(option(b.page, '비빔밥')).toHaveAttribute('aria-pressed', 'true');
  await expect(option(b.page, '김치찌개')).toHaveAttribute('aria-pressed', 'false');

  await b.page.reload();
  await openRoom(b.page, '점심방');
  await expect(option(b.page, '비빔밥')).toHaveAttribute('aria-pressed', 'true');
  await expect(cardOf(b.page).getByTestId('poll-total')).toHaveText('2 people voted');

  await cardOf(a.page).getByRole('button', { name: 'Close poll' }).click();
  await a.page.getByRole('dialog').getByRole('button', { name: 'Close poll' }).click();
  await expect(cardOf(b.page).getByTestId('poll-closed')).toBeVisible();
  await expect(option(b.page, '냉면')).toBeDisabled();
  await expect(b.page.getByTestId('system-message').filter({ hasText: 'closed the poll' })).toBeVisible();
  await closeAll(a, b);
});

test('a notice asking for acknowledgement: one of two members acknowledges, the report shows who has not, as CSV too, and a reminder reaches them', async ({
  browser,
}) => {
  const a = await newActor(browser, 'noticea');
  const b = await newActor(browser, 'noticeb');
  const c = await newActor(browser, 'noticec');
  await seedGroup(a, '공지방', [b, c]);
  for (const x of [a, b, c]) await openRoom(x.page, '공지방');

  await a.page.getByTestId('notices-toggle').click();
  const panel = a.page.getByTestId('notices-panel');
  await panel.getByTestId('notice-text').fill('보안 교육을 금요일까지 이수해 주세요.');
  await panel.getByTestId('notice-post').click();
  await expect(panel.getByTestId('notice-card')).toHaveCount(1);

  // The other members see the banner at once, asking them to acknowledge.
  const bannerB = b.page.getByTestId('notice-banner');
  await expect(bannerB).toContainText('보안 교육을 금요일까지 이수해 주세요.');
  await bannerB.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(bannerB).toContainText('Acknowledged');
  await expect(
    c.page.getByTestId('notice-banner').getByRole('button', { name: 'Acknowledge' }),
  ).toBeVisible();
  await expect(panel.getByTestId('notice-progress')).toHaveText('1 of 2 acknowledged');

  await panel.getByTestId('notice-report').click();
  const report = a.page.getByTestId('ack-report');
  await expect(report.getByTestId('ack-done')).toContainText('noticeb tester');
  await expect(report.getByTestId('ack-pending')).toHaveText('noticec tester');
  const [download] = await Promise.all([
    a.page.waitForEvent('download'),
    report.getByTestId('ack-csv').click(),
  ]);
  const csv = await fs.readFile(await download.path());
  expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = csv.subarray(3).toString('utf8');
  expect(text).toMatch(/noticeb tester,noticeb_\w+,Acknowledged,\d{4}-/);
  expect(text).toMatch(/noticec tester,noticec_\w+,Not yet,/);

  await report.getByTestId('ack-remind').click();
  await expect(report).toContainText('1 person was reminded.');
  await expect(c.page.getByTestId('reminder-toast')).toContainText('noticea tester asks you to acknowledge');
  await expect(b.page.getByTestId('reminder-toast')).toBeHidden();
  await c.page.getByTestId('notice-banner').getByRole('button', { name: 'Acknowledge' }).click();
  await expect(c.page.getByTestId('reminder-toast')).toBeHidden();
  await expect(report.getByTestId('ack-pending')).toHaveText('');
  await closeAll(a, b, c);
});

test('PIN-6: a member who was away when reminded sees it on coming back, a toast once and the banner until they acknowledge', async ({
  browser,
}) => {
  const a = await newActor(browser, 'awaya', { open: false });
  const b = await newActor(browser, 'awayb', { open: false });
  // On a phone, where coming back lands on the room list (the conversation area is hidden).
  const c = await newActor(browser, 'awayc', { open: false, viewport: { width: 390, height: 844 } });
  const roomId = await seedGroup(a, '출장팀', [b, c]);
  const { pin } = await a.api<{ pin: { id: string } }>('POST', `/api/rooms/${roomId}/pins`, {
    body: '출장비 영수증을 금요일까지 제출해 주세요.',
    requiresAck: true,
  });
  await b.api('POST', `/api/rooms/${roomId}/pins/${pin.id}/ack`);
  // Nobody but the author has the app open when the reminder goes out.
  await a.api('POST', `/api/rooms/${roomId}/pins/${pin.id}/remind`);

  const cameBack = async (x: typeof c) => {
    const reminders = x.page.waitForResponse((r) => r.url().endsWith('/api/pins/reminders'));
    await openApp(x);
    await reminders;
  };
  await cameBack(c);
  const toast = c.page.getByTestId('reminder-toast');
  await expect(toast).toBeVisible();
  await expect(toast).toContainText('awaya tester asks you to acknowledge a notice');
  await expect(toast).toContainText('출장비 영수증을');
  // Who had acknowledged is not reminded.
  await cameBack(b);
  await expect(b.page.getByTestId('reminder-toast')).toBeHidden();

  // Dismissed, the toast does not come back on the next visit; the banner still says who asked.
  await toast.getByRole('button', { name: 'Dismiss' }).click();
  await expect(toast).toBeHidden();
  const again = c.page.waitForResponse((r) => r.url().endsWith('/api/pins/reminders'));
  await c.page.reload();
  await again;
  await expect(toast).toBeHidden();
  await openRoom(c.page, '출장팀');
  const banner = c.page.getByTestId('notice-banner');
  await expect(banner.getByTestId('notice-reminded')).toContainText('awaya tester asked you to acknowledge');
  await banner.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(banner).toContainText('Acknowledged');
  await expect(banner.getByTestId('notice-reminded')).toHaveCount(0);
  await b.page.reload();
  await openRoom(b.page, '출장팀');
  await expect(b.page.getByTestId('notice-banner').getByTestId('notice-reminded')).toHaveCount(0);
  await closeAll(a, b, c);
});

test('a member pins a message from its toolbar; deleting the message removes the notice for everyone', async ({
  browser,
}) => {
  const a = await newActor(browser, 'pina');
  const b = await newActor(browser, 'pinb');
  const roomId = await seedGroup(a, '고정방', [b]);
  await seedMessage(b, roomId, '회의실은 3층입니다');
  await openRoom(a.page, '고정방');
  await openRoom(b.page, '고정방');
  const row = message(a.page, '회의실은 3층입니다');
  await row.hover();
  await row.getByTestId('pin-message').click();
  await a.page.getByTestId('pin-confirm').click();
  await expect(b.page.getByTestId('notice-banner')).toContainText('회의실은 3층입니다');
  // The sender deletes it (through the API here): the banner goes for everyone.
  const pins = await b.api<{ pins: { message: { id: string } }[] }>('GET', `/api/rooms/${roomId}/pins`);
  await b.api('DELETE', `/api/messages/${pins.pins[0]!.message.id}`);
  await expect(a.page.getByTestId('notice-banner')).toBeHidden();
  await expect(b.page.getByTestId('notice-banner')).toBeHidden();
  await closeAll(a, b);
});

test('PIN-10: pinning and unpinning a notice show as lines in the timeline, and leave no unread badge', async ({
  browser,
}) => {
  const a = await newActor(browser, 'pinloga');
  const b = await newActor(browser, 'pinlogb');
  await seedGroup(a, '공지 기록방', [b]);
  await seedGroup(b, '다른 방', [a]);
  await openRoom(a.page, '공지 기록방');
  await openRoom(b.page, '다른 방');

  await a.page.getByTestId('notices-toggle').click();
  const panel = a.page.getByTestId('notices-panel');
  await panel.getByTestId('notice-text').fill('다음 주 월요일은 휴무입니다.');
  await panel.getByTestId('notice-post').click();
  await expect(panel.getByTestId('notice-card')).toHaveCount(1);
  const line = (page: typeof a.page, text: string) =>
    page.getByTestId('system-message').filter({ hasText: text });
  await expect(line(a.page, 'pinloga tester pinned a notice')).toBeVisible();

  // B, in another room, hears of it (the room moves to the top of the list) but gets no unread badge:
  // system lines never count.
  await expect(b.page.getByTestId('room-item').first()).toContainText('공지 기록방');
  const row = roomItem(b.page, '공지 기록방');
  await expect(row).toContainText('Room activity');
  await expect(row.getByTestId('room-unread')).toHaveCount(0);
  await openRoom(b.page, '공지 기록방');
  await expect(line(b.page, 'pinloga tester pinned a notice')).toBeVisible();

  await panel.getByTestId('notice-card').getByRole('button', { name: 'Unpin' }).click();
  await a.page.getByRole('dialog').getByRole('button', { name: 'Unpin' }).click();
  await expect(b.page.getByTestId('notice-banner')).toBeHidden();
  await expect(line(b.page, 'pinloga tester unpinned a notice')).toBeVisible();
  await closeAll(a, b);
});

test('POLL-7 PIN-9: votes, a close and a notice that happened while a member was offline show after the reconnect', async ({
  browser,
}) => {
  const a = await newActor(browser, 'offa', { open: false });
  let offline = false;
  const sockets: WebSocketRoute[] = [];
  await a.context.routeWebSocket(/socket\.io/, (ws) => {
    if (offline) return ws.close();
    ws.connectToServer();
    sockets.push(ws);
  });
  await a.context.route('**/socket.io/**', (route) => (offline ? route.abort() : route.continue()));
  await openApp(a);
  const b = await newActor(browser, 'offb', { open: false });
  const roomId = await seedGroup(b, '오프라인방', [a]);
  const { poll } = await b.api<{ poll: { id: string; options: { id: string }[] } }>(
    'POST',
    `/api/rooms/${roomId}/polls`,
    { question: '끊긴 동안 투표', options: ['하나', '둘'] },
  );
  await openRoom(a.page, '오프라인방');
  const card = a.page.getByTestId('poll-card').filter({ hasText: '끊긴 동안 투표' });
  await expect(card).toBeVisible();

  await expect.poll(() => sockets.length).toBeGreaterThan(0);
  offline = true;
  for (const ws of sockets) await ws.close();
  await expect(a.page.getByTestId('shell')).toHaveAttribute('data-connection', 'reconnecting');
  await b.api('POST', `/api/polls/${poll.id}/vote`, { optionId: poll.options[1]!.id });
  await b.api('POST', `/api/polls/${poll.id}/close`);
  await b.api('POST', `/api/rooms/${roomId}/pins`, { body: '오프라인 중 공지', requiresAck: true });

  offline = false;
  await expect(a.page.getByTestId('shell')).toHaveAttribute('data-connection', 'connected', {
    timeout: 20_000,
  });
  await expect(card.getByTestId('poll-closed')).toBeVisible();
  await expect(card.getByTestId('poll-option').filter({ hasText: '둘' })).toContainText('1 vote · 100%');
  await expect(a.page.getByTestId('notice-banner')).toContainText('오프라인 중 공지');
  await closeAll(a, b);
});
