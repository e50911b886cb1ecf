import { expect, test } from '../support/fixtures.ts';
import { closeAll, message, newActor, openRoom, seedGroup, seedMessage } from '../support/chat.ts';

test('SRCH-1 SRCH-7: "회의" finds "주간회의록" from the sidebar; results are grouped by room with the match marked, and Enter opens the room at that message', async ({
  browser,
}) => {
  const a = await newActor(browser, 'srcha', { open: false });
  const b = await newActor(browser, 'srchb', { open: false });
  const dev = await seedGroup(a, '개발팀', [b]);
  const weekly = await seedGroup(a, '주간 보고', [b]);
  await seedMessage(a, dev, '주간회의록 초안 공유합니다');
  for (let i = 1; i <= 60; i++) await seedMessage(b, dev, `채우기 메시지 ${i}`);
  await seedMessage(a, weekly, '이번 주 회의는 목요일입니다');
  await seedMessage(a, weekly, '점심 메뉴 정했어요');
  await b.page.goto('/');

  await b.page.getByTestId('search-open').click();
  const panel = b.page.getByTestId('search-panel');
  await panel.getByTestId('search-input').fill('회의');
  const hits = panel.getByTestId('search-hit');
  await expect(hits).toHaveCount(2);
  // Newest first, grouped under their rooms.
  await expect(panel.getByRole('group', { name: '주간 보고' }).getByTestId('search-hit')).toHaveText(
    /이번 주 회의는/,
  );
  const old = panel.getByRole('group', { name: '개발팀' }).getByTestId('search-hit');
  await expect(old.locator('mark')).toHaveText('회의');
  await expect(panel.getByText('점심 메뉴')).toHaveCount(0);

  // The arrow keys move through the results; Enter opens the second one, far up its room's history.
  await panel.getByTestId('search-input').press('ArrowDown');
  await expect(old).toHaveAttribute('aria-selected', 'true');
  await panel.getByTestId('search-input').press('Enter');
  await expect(panel).toBeHidden();
  await expect(b.page.getByTestId('chat-title')).toHaveText('개발팀');
  await expect(message(b.page, '주간회의록 초안 공유합니다')).toHaveClass(/msg--highlight/);
  await expect(message(b.page, '주간회의록 초안 공유합니다')).toBeInViewport();
  await closeAll(a, b);
});

test('SRCH-4 SRCH-5 SRCH-7: searching within a room keeps its chip; "mentions me" filters; a starred word finds word starts; an empty result says so; Ctrl+K opens search', async ({
  browser,
}) => {
  const a = await newActor(browser, 'srchc', { open: false });
  const b = await newActor(browser, 'srchd', { open: false });
  const room = await seedGroup(a, '기획팀', [b]);
  const other = await seedGroup(a, '다른방', [b]);
  await seedMessage(a, room, '배포 일정 공유드립니다');
  await seedMessage(a, room, `@${b.user.username} 배포 일정 확인 부탁해요`);
  await seedMessage(a, other, '배포 일정은 다른 방에도 있어요');
  await seedMessage(a, other, 'Deployment checklist 올렸습니다');
  await b.page.goto('/');
  await openRoom(b.page, '기획팀');

  await b.page.getByTestId('search-room').click();
  const panel = b.page.getByTestId('search-panel');
  await expect(panel.getByTestId('search-filter-room')).toHaveValue(room);
  await panel.getByTestId('search-input').fill('"배포 일정"');
  await expect(panel.getByTestId('search-hit')).toHaveCount(2);
  await panel.getByTestId('search-filter-mentions').click();
  await expect(panel.getByTestId('search-filter-mentions')).toHaveAttribute('aria-pressed', 'true');
  await expect(panel.getByTestId('search-hit')).toHaveCount(1);
  await expect(panel.getByTestId('search-hit')).toContainText('확인 부탁해요');
  await panel.getByTestId('search-filter-mentions').click();
  await panel.getByTestId('search-filter-room').selectOption('');
  await expect(panel.getByTestId('search-hit')).toHaveCount(3);
  // A starred word finds the words starting with it, marked as far as typed (SRCH-4).
  await panel.getByTestId('search-input').fill('deploy*');
  await expect(panel.getByTestId('search-hit')).toHaveCount(1);
  await expect(panel.getByTestId('search-hit').locator('mark')).toHaveText('Deploy');
  await panel.getByTestId('search-input').fill('존재하지않는단어');
  await expect(panel.getByTestId('search-empty')).toBeVisible();
  await b.page.keyboard.press('Escape');
  await expect(panel).toBeHidden();

  await b.page.keyboard.press('Control+k');
  await expect(b.page.getByTestId('search-input')).toBeFocused();
  await expect(b.page.getByTestId('search-filter-room')).toHaveValue('');
  await closeAll(a, b);
});

test('SRCH-7: on a phone the search is a full-screen sheet and a result opens the conversation', async ({
  browser,
}) => {
  const a = await newActor(browser, 'srche', { open: false });
  const b = await newActor(browser, 'srchf', { viewport: { width: 390, height: 844 }, open: false });
  const room = await seedGroup(a, '모바일방', [b]);
  await seedMessage(a, room, 'Quarterly roadmap review 자료입니다');
  await b.page.goto('/');
  await b.page.getByTestId('search-open').click();
  const panel = b.page.getByTestId('search-panel');
  // Polled: the sheet scales in.
  await expect.poll(async () => Math.round((await panel.boundingBox())?.width ?? 0)).toBe(390);
  await panel.getByTestId('search-input').fill('ROADMAP');
  await expect(panel.getByTestId('search-hit').locator('mark')).toHaveText('roadmap');
  await panel.getByTestId('search-hit').click();
  await expect(b.page.getByTestId('chat-title')).toHaveText('모바일방');
  await expect(message(b.page, 'Quarterly roadmap review')).toBeVisible();
  await closeAll(a, b);
});
