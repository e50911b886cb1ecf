import { expect, test } from '../support/fixtures.ts';
import { closeAll, newActor, openRoom, roomItem, seedGroup } from '../support/chat.ts';

test('ROOM-3 ROOM-4 ROOM-6: the owner promotes and removes members from the panel; system lines record it; the removed member is told', async ({
  browser,
}) => {
  const owner = await newActor(browser, 'owner');
  const b = await newActor(browser, 'memb');
  const c = await newActor(browser, 'memc');
  await seedGroup(owner, '관리방', [b, c]);
  await openRoom(owner.page, '관리방');
  await openRoom(c.page, '관리방');

  await owner.page.getByTestId('members-toggle').click();
  const panel = owner.page.getByTestId('members-panel');
  const rowB = panel.getByTestId('member-row').filter({ hasText: b.user.nickname });
  await rowB.getByRole('button', { name: 'Make admin' }).click();
  await expect(rowB).toContainText('Admin');
  await expect(owner.page.getByTestId('system-message').last()).toHaveText(
    `${owner.user.nickname} made ${b.user.nickname} an admin`,
  );

  await panel
    .getByTestId('member-row')
    .filter({ hasText: c.user.nickname })
    .getByRole('button', { name: 'Remove' })
    .click();
  await owner.page.getByTestId('confirm-dialog').getByRole('button', { name: 'Remove' }).click();
  await expect(panel.getByTestId('member-row')).toHaveCount(2);
  await expect(owner.page.getByTestId('system-message').last()).toHaveText(
    `${owner.user.nickname} removed ${c.user.nickname}`,
  );
  await expect(c.page.getByTestId('removed-notice')).toContainText('You were removed from “관리방”');
  await expect(roomItem(c.page, '관리방')).toHaveCount(0);
  await expect(c.page.getByTestId('chat-view')).toHaveCount(0);

  // Anyone may leave; the room disappears from their list.
  await openRoom(b.page, '관리방');
  await b.page.getByTestId('members-toggle').click();
  await b.page.getByTestId('leave-room').click();
  await b.page.getByTestId('confirm-dialog').getByRole('button', { name: 'Leave room' }).click();
  await expect(roomItem(b.page, '관리방')).toHaveCount(0);
  await expect(panel.getByTestId('member-row')).toHaveCount(1);
  await closeAll(owner, b, c);
});

test('ROOM-4 ROOM-6: the owner transfers ownership after a confirmation; roles and actions follow on both sides', async ({
  browser,
}) => {
  const owner = await newActor(browser, 'owner');
  const b = await newActor(browser, 'heir');
  await seedGroup(owner, '위임방', [b]);
  await openRoom(owner.page, '위임방');
  await openRoom(b.page, '위임방');
  await b.page.getByTestId('members-toggle').click();
  const panelB = b.page.getByTestId('members-panel');
  await expect(panelB.getByTestId('transfer-owner')).toHaveCount(0);

  await owner.page.getByTestId('members-toggle').click();
  const panel = owner.page.getByTestId('members-panel');
  const rowB = panel.getByTestId('member-row').filter({ hasText: b.user.nickname });
  // Cancelling changes nothing.
  await rowB.getByRole('button', { name: 'Make owner' }).click();
  const dialog = owner.page.getByTestId('confirm-dialog');
  await expect(dialog).toContainText(`Make ${b.user.nickname} the owner?`);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(rowB).not.toContainText('Owner');

  await rowB.getByRole('button', { name: 'Make owner' }).click();
  await dialog.getByRole('button', { name: 'Transfer ownership' }).click();
  await expect(rowB).toContainText('Owner');
  await expect(panel.getByTestId('member-row').filter({ hasText: owner.user.nickname })).toContainText(
    'Admin',
  );
  await expect(owner.page.getByTestId('system-message').last()).toHaveText(
    `${owner.user.nickname} made ${b.user.nickname} the owner`,
  );
  // The old owner is an admin now: no owner-only actions are left.
  await expect(panel.getByTestId('transfer-owner')).toHaveCount(0);
  await expect(panel.getByRole('button', { name: 'Make admin' })).toHaveCount(0);

  // The new owner's panel offers the owner's actions at once, without a reload.
  await expect(panelB.getByTestId('transfer-owner')).toHaveCount(1);
  await expect(
    panelB.getByTestId('member-row').filter({ hasText: owner.user.nickname }).getByRole('button', {
      name: 'Remove admin',
    }),
  ).toBeVisible();
  await closeAll(owner, b);
});
