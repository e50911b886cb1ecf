import { openAdmin } from '../support/admin.ts';
import { closeAll, message, newActor, openRoom, seedGroup, seedMessage } from '../support/chat.ts';
import { expect, test } from '../support/fixtures.ts';
import { expectShellConnected, openSettings } from '../support/pages.ts';

test('ADMIN-2 RET-2: a room under legal hold cannot be deleted from the console; released, it can', async ({
  browser,
}) => {
  const owner = await newActor(browser, 'holder');
  const member = await newActor(browser, 'held');
  const name = `보존 ${owner.user.username}`;
  const roomId = await seedGroup(owner, name, [member]);
  await seedMessage(owner, roomId, '증거로 남길 메시지');
  const admin = await openAdmin(browser, 'roomboss');

  const settings = await openSettings(admin.page, 'Rooms');
  const rooms = settings.getByTestId('admin-rooms');
  await rooms.getByRole('searchbox', { name: 'Search by room name or person' }).fill(owner.user.username);
  const row = rooms.getByTestId('admin-room-row').filter({ hasText: name });
  await expect(row).toContainText('2 members');
  await row.getByRole('button', { name: 'Members' }).click();
  await expect(row.getByRole('list', { name: `Members of “${name}”` })).toContainText(member.user.nickname);

  await row.getByRole('button', { name: `Put “${name}” under legal hold` }).click();
  await expect(row.getByTestId('legal-hold-badge')).toHaveText('Legal hold');
  await row.getByRole('button', { name: `Delete “${name}”` }).click();
  await admin.page.getByTestId('delete-room-confirm').getByRole('button', { name: 'Delete' }).click();
  await expect(rooms.getByRole('alert')).toHaveText(
    'This room is under legal hold and cannot be deleted. Release the hold first.',
  );
  await expect(row).toBeVisible();
  await admin.page.screenshot({ path: test.info().outputPath('admin-rooms-tab.png') });

  // Released, the room can go: its members' lists drop it at once.
  await row.getByRole('button', { name: `Release the legal hold of “${name}”` }).click();
  await expect(row.getByTestId('legal-hold-badge')).toHaveCount(0);
  await row.getByRole('button', { name: `Delete “${name}”` }).click();
  await admin.page.getByTestId('delete-room-confirm').getByRole('button', { name: 'Delete' }).click();
  await expect(row).toHaveCount(0);
  await expect(member.page.getByTestId('room-item').filter({ hasText: name })).toHaveCount(0);
  await admin.context.close();
  await closeAll(owner, member);
});

test('ADMIN-2: a room archived in the console locks a member’s composer live; reading goes on; unarchived, it opens again', async ({
  browser,
}) => {
  const owner = await newActor(browser, 'archown');
  const member = await newActor(browser, 'archmem', { locale: 'ko-KR' });
  const name = `보관 ${owner.user.username}`;
  const roomId = await seedGroup(owner, name, [member]);
  await seedMessage(owner, roomId, '보관 전에 쓴 글');
  await member.page.reload();
  await expectShellConnected(member.page);
  await openRoom(member.page, name);
  await expect(member.page.getByTestId('composer')).toBeVisible();

  const admin = await openAdmin(browser, 'roomboss');
  const settings = await openSettings(admin.page, 'Rooms');
  const rooms = settings.getByTestId('admin-rooms');
  await rooms.getByRole('searchbox', { name: 'Search by room name or person' }).fill(name);
  const row = rooms.getByTestId('admin-room-row').filter({ hasText: name });
  await row.getByRole('button', { name: `Archive “${name}”` }).click();
  await expect(row).toContainText('Archived');

  await expect(member.page.getByTestId('composer-locked')).toContainText('보관된 대화방입니다');
  await expect(member.page.getByTestId('composer')).toHaveCount(0);
  await expect(message(member.page, '보관 전에 쓴 글')).toBeVisible();
  // Nothing that writes is offered on a message of an archived room: only who read it.
  await message(member.page, '보관 전에 쓴 글').hover();
  const toolbar = message(member.page, '보관 전에 쓴 글').getByRole('toolbar');
  await expect(toolbar.getByRole('button', { name: '읽은 사람' })).toBeVisible();
  await expect(toolbar.getByRole('button')).toHaveCount(1);
  await member.page.screenshot({ path: test.info().outputPath('archived-composer.png') });

  await row.getByRole('button', { name: `Unarchive “${name}”` }).click();
  await expect(member.page.getByTestId('composer')).toBeVisible();
  await admin.context.close();
  await closeAll(owner, member);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 375, height: 740 } });

  test('ADMIN-2: the Rooms tab fits a 375px screen', async ({ browser }) => {
    const owner = await newActor(browser, 'phone', { viewport: { width: 375, height: 740 } });
    await seedGroup(owner, `전화 ${owner.user.username} 아주 긴 대화방 이름이 들어갑니다`, []);
    const admin = await openAdmin(browser, 'roomboss');
    await admin.page.setViewportSize({ width: 375, height: 740 });
    const settings = await openSettings(admin.page, 'Rooms');
    await settings
      .getByRole('searchbox', { name: 'Search by room name or person' })
      .fill(owner.user.username);
    await expect(settings.getByTestId('admin-room-row')).toHaveCount(1);
    expect(await admin.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await admin.page.screenshot({ path: test.info().outputPath('admin-rooms-phone.png') });
    await admin.context.close();
    await closeAll(owner);
  });
});
