import { expect, test } from '../support/fixtures.ts';
import { closeAll, message, newActor, openRoom, roomItem, seedGroup, seedMessage } from '../support/chat.ts';
import { loginButton, openSettings } from '../support/pages.ts';
import { png } from '../support/png.ts';
import { openAdmin } from '../support/admin.ts';

test('ADM-5 ROOM-8: a kicked member loses the open room at once and cannot send into it', async ({
  browser,
}) => {
  const owner = await newActor(browser, 'owner');
  const m = await newActor(browser, 'kicked');
  const roomId = await seedGroup(owner, '보안방', [m]);
  await openRoom(owner.page, '보안방');
  await openRoom(m.page, '보안방');
  // A draft is in progress when the removal lands.
  await m.page.getByTestId('composer').click();
  await m.page.keyboard.insertText('마지막으로 한마디');

  await owner.page.getByTestId('members-toggle').click();
  await owner.page
    .getByTestId('members-panel')
    .getByTestId('member-row')
    .filter({ hasText: m.user.nickname })
    .getByRole('button', { name: 'Remove' })
    .click();
  await owner.page.getByTestId('confirm-dialog').getByRole('button', { name: 'Remove' }).click();

  await expect(m.page.getByTestId('removed-notice')).toContainText('You were removed from “보안방”');
  await expect(m.page.getByTestId('chat-view')).toHaveCount(0);
  await expect(m.page.getByTestId('composer')).toHaveCount(0);
  await expect(roomItem(m.page, '보안방')).toHaveCount(0);
  // Nothing said afterwards reaches them, and the server refuses their sends.
  await seedMessage(owner, roomId, '이제 비밀 이야기');
  const token = ((await (await m.context.request.get('/api/config')).json()) as { csrfToken: string })
    .csrfToken;
  const refused = await m.context.request.post(`/api/rooms/${roomId}/messages`, {
    headers: { 'x-csrf-token': token },
    data: { body: '저 아직 있어요' },
  });
  expect(refused.status()).toBe(403);
  expect(((await refused.json()) as { code: string }).code).toBe('room.not_member');
  await expect(roomItem(m.page, '보안방')).toHaveCount(0);
  await expect(message(owner.page, '저 아직 있어요')).toHaveCount(0);
  await closeAll(owner, m);
});

test('ADM-1 ADM-4: room settings changed by an admin reach another member live; an announcement room locks their composer', async ({
  browser,
}) => {
  const owner = await newActor(browser, 'owner');
  const m = await newActor(browser, 'reader');
  await seedGroup(owner, '총무팀', [m]);
  await openRoom(owner.page, '총무팀');
  await openRoom(m.page, '총무팀');
  await m.page.getByTestId('members-toggle').click();
  const memberPanel = m.page.getByTestId('members-panel');
  // A member has no settings to open.
  await expect(memberPanel.getByTestId('open-room-settings')).toHaveCount(0);

  await owner.page.getByTestId('members-toggle').click();
  await owner.page.getByTestId('open-room-settings').click();
  const dialog = owner.page.getByTestId('room-settings-dialog');
  await dialog.getByLabel('Room name').fill('총무팀 공지');
  await dialog.getByLabel('Description').fill('매주 월요일 공지를 올립니다');
  await dialog.getByTestId('post-policy-admins').check();
  await dialog.getByTestId('room-settings-save').click();
  await expect(dialog).toHaveCount(0);

  // The other member's screen follows without a reload: title, list, description, locked composer.
  await expect(m.page.getByTestId('chat-title')).toHaveText('총무팀 공지');
  await expect(roomItem(m.page, '총무팀 공지')).toHaveCount(1);
  await expect(memberPanel.getByTestId('room-description')).toHaveText('매주 월요일 공지를 올립니다');
  await expect(m.page.getByTestId('composer-locked')).toHaveText('Only admins can post in this room.');
  await expect(m.page.getByTestId('composer')).toHaveCount(0);
  // The owner still posts, and the member reads it.
  await owner.page.getByTestId('composer').click();
  await owner.page.keyboard.insertText('이번 주 회의는 없습니다');
  await owner.page.keyboard.press('Enter');
  await expect(message(m.page, '이번 주 회의는 없습니다')).toBeVisible();

  // A room image reaches them too: the header and the list show it.
  await owner.page.getByTestId('open-room-settings').click();
  // The change is in the room's admin log.
  await dialog.getByTestId('room-audit-toggle').click();
  await expect(dialog.getByTestId('room-audit-entry').first()).toContainText(
    `${owner.user.nickname} changed the name, the description, who can post`,
  );
  await dialog.getByTestId('room-image-input').setInputFiles({
    name: '로고.png',
    mimeType: 'image/png',
    buffer: png(200, 120, [40, 120, 200]),
  });
  await expect(dialog.getByRole('button', { name: 'Remove image' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(m.page.locator('.chat-header .avatar--image img')).toHaveAttribute(
    'src',
    /\/uploads\/rooms\/.+\/1\?size=thumb$/,
  );
  await expect(roomItem(m.page, '총무팀 공지').locator('.avatar--image')).toBeVisible();

  // Opening it again unlocks the member's composer, live.
  await owner.page.getByTestId('open-room-settings').click();
  await dialog.getByTestId('post-policy-everyone').check();
  await dialog.getByTestId('room-settings-save').click();
  await expect(m.page.getByTestId('composer')).toBeVisible();
  await expect(m.page.getByTestId('composer-locked')).toHaveCount(0);
  await closeAll(owner, m);
});

test('ACCT-1 ACCT-2 ACCT-3: a user deletes their account from settings; the other side sees a deleted user in a closed conversation', async ({
  browser,
}) => {
  const leaver = await newActor(browser, 'leaver');
  const peer = await newActor(browser, 'peer');
  const dm = await leaver.api<{ room: { id: string } }>('POST', '/api/rooms', {
    kind: 'direct',
    userId: peer.id,
  });
  await seedMessage(leaver, dm.room.id, '그동안 고마웠어요');
  await openRoom(peer.page, leaver.user.nickname);

  const settings = await openSettings(leaver.page, 'Account');
  const section = settings.getByTestId('delete-account');
  await section.getByLabel('Password, to confirm').fill('not the password');
  await section.getByRole('button', { name: 'Delete my account…' }).click();
  await leaver.page
    .getByTestId('delete-account-confirm')
    .getByRole('button', { name: 'Delete account' })
    .click();
  await expect(section.getByText('The current password is incorrect.')).toBeVisible();

  await section.getByLabel('Password, to confirm').fill(leaver.user.password);
  await section.getByRole('button', { name: 'Delete my account…' }).click();
  // Cancelling keeps the account.
  await leaver.page.getByTestId('delete-account-confirm').getByRole('button', { name: 'Cancel' }).click();
  await section.getByRole('button', { name: 'Delete my account…' }).click();
  await leaver.page
    .getByTestId('delete-account-confirm')
    .getByRole('button', { name: 'Delete account' })
    .click();

  await expect(loginButton(leaver.page)).toBeVisible();
  await expect(leaver.page.getByTestId('signed-out-notice')).toContainText('Your account was deleted.');

  // The peer's open conversation: the message stays under "(deleted user)", and no reply is possible.
  await expect(peer.page.getByTestId('chat-title')).toHaveText('(deleted user)');
  await expect(message(peer.page, '그동안 고마웠어요')).toContainText('(deleted user)');
  await expect(peer.page.getByTestId('composer-locked')).toContainText('deleted their account');
  await expect(peer.page.getByTestId('composer')).toHaveCount(0);

  // The old password no longer logs in.
  await leaver.page.getByLabel('Username').fill(leaver.user.username);
  await leaver.page.getByLabel('Password', { exact: true }).fill(leaver.user.password);
  await loginButton(leaver.page).click();
  await expect(leaver.page.getByRole('alert')).toContainText('Incorrect username or password.');
  await closeAll(leaver, peer);
});

test('ACCT-4: a server admin deactivates a user from settings; they are signed out at once and can log in again once reactivated', async ({
  browser,
}) => {
  const { context: adminContext, page: adminPage } = await openAdmin(browser);
  const target = await newActor(browser, 'worker');
  const peer = await newActor(browser, 'peer');
  await peer.api('POST', '/api/rooms', { kind: 'direct', userId: target.id });
  await openRoom(peer.page, target.user.nickname);

  const settings = await openSettings(adminPage, 'Users');
  const users = settings.getByTestId('admin-users');
  await users.getByRole('searchbox', { name: 'Search users' }).fill(target.user.username);
  const row = users.getByTestId('admin-user-row').filter({ hasText: target.user.username });
  await row.getByRole('button', { name: `Deactivate ${target.user.nickname}` }).click();
  await adminPage.getByTestId('deactivate-confirm').getByRole('button', { name: 'Deactivate' }).click();
  await expect(row).toContainText('Deactivated');

  await expect(loginButton(target.page)).toBeVisible();
  await expect(target.page.getByTestId('signed-out-notice')).toContainText('deactivated by an administrator');
  // People who talk with them see it live.
  await expect(peer.page.locator('.chat-header__sub')).toHaveText('Deactivated');
  await target.page.getByLabel('Username').fill(target.user.username);
  await target.page.getByLabel('Password', { exact: true }).fill(target.user.password);
  await loginButton(target.page).click();
  await expect(target.page.getByRole('alert').filter({ hasText: 'has been deactivated' })).toBeVisible();

  await row.getByRole('button', { name: `Reactivate ${target.user.nickname}` }).click();
  await expect(row).not.toContainText('Deactivated');
  await expect(peer.page.locator('.chat-header__sub')).not.toHaveText('Deactivated');
  await loginButton(target.page).click();
  await expect(target.page.getByTestId('shell')).toBeVisible();
  await adminContext.close();
  await closeAll(target, peer);
});
