import { expect, test } from '../support/fixtures.ts';
import { closeAll, newActor, openRoom, seedGroup, type Actor } from '../support/chat.ts';
import { startOwnServer, type OwnServer } from '../support/own-server.ts';

const MB = 1024 * 1024;

test.describe('server settings without a restart (ADMIN-3)', () => {
  let server: OwnServer;

  // A server of its own: its first account is the administrator, and its limits change only here.
  test.beforeAll(async () => {
    server = await startOwnServer({ env: { MAX_UPLOAD_BYTES: String(8 * MB) } });
  });
  test.afterAll(async () => {
    await server.stop();
  });

  test('ADMIN-3: the admin lowers the upload size in Server settings, a larger upload is then refused in Korean; notification defaults reach new users', async ({
    browser,
  }) => {
    const admin: Actor = await newActor(browser, 'root', { baseURL: server.baseURL, locale: 'ko-KR' });
    const member: Actor = await newActor(browser, 'mem', { baseURL: server.baseURL, locale: 'ko-KR' });
    await seedGroup(admin, '자료방', [member]);
    // The member's page is open (with the limits it loaded) before the change and is never reloaded.
    await openRoom(member.page, '자료방');

    const page = admin.page;
    await page.getByTestId('profile-button').click();
    await page.getByRole('menuitem', { name: '설정', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '설정' });
    await dialog.getByRole('tab', { name: '서버 설정' }).click();
    const section = dialog.getByTestId('server-settings');
    const size = section.getByLabel('최대 파일 크기(MB)');
    await expect(size).toHaveValue('8');
    await expect(section.getByText('최대 8 MB까지')).toBeVisible();

    // Above the configured ceiling is refused with the server's reason, and nothing changes.
    await size.fill('9');
    await section.getByRole('button', { name: '저장' }).click();
    await expect(section.getByTestId('server-settings-error')).toContainText('MAX_UPLOAD_BYTES');

    await size.fill('1');
    await size.press('Enter'); // the form submits from the keyboard
    await expect(section.getByTestId('server-settings-saved')).toHaveText('서버 설정을 저장했습니다.');
    await expect(size).toHaveValue('1');
    await page.screenshot({ path: test.info().outputPath('server-settings-ko.png') });
    await section.getByRole('button', { name: '저장' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath('server-settings-ko-bottom.png') });
    // At phone width the form fits without sideways scrolling.
    await page.setViewportSize({ width: 390, height: 800 });
    await expect(size).toBeVisible();
    const overflow = await section.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: test.info().outputPath('server-settings-ko-phone.png') });
    await page.setViewportSize({ width: 1280, height: 720 });

    await member.page.getByTestId('file-input').setInputFiles({
      name: '보고서.txt',
      mimeType: 'text/plain',
      buffer: Buffer.alloc(2 * MB, 'a'),
    });
    const item = member.page.getByTestId('tray-item');
    await expect(item).toHaveAttribute('data-status', 'failed');
    await expect(item.getByTestId('tray-error')).toHaveText('파일이 허용된 최대 크기를 넘습니다.');

    // A page loaded after the change knows the new limit and refuses before sending anything.
    await item.getByTestId('tray-remove').click();
    await member.page.reload();
    await openRoom(member.page, '자료방');
    await member.page.getByTestId('file-input').setInputFiles({
      name: '보고서.txt',
      mimeType: 'text/plain',
      buffer: Buffer.alloc(2 * MB, 'a'),
    });
    await expect(member.page.getByTestId('tray-error')).toHaveText('1 MB보다 큰 파일은 보낼 수 없습니다.');

    // The change is in the audit log.
    await dialog.getByRole('tab', { name: '감사 로그' }).click();
    await expect(dialog.getByTestId('admin-audit')).toContainText('서버 설정 변경');

    // Notification defaults: a user who never chose starts from them; one who chose keeps their choice.
    await dialog.getByRole('tab', { name: '서버 설정' }).click();
    await section.getByLabel('데스크톱 알림').selectOption({ label: '멘션만' });
    await section.getByRole('checkbox', { name: '알림음 재생' }).check();
    await section.getByRole('button', { name: '저장' }).click();
    await expect(section.getByTestId('server-settings-saved')).toBeVisible();
    const newcomer: Actor = await newActor(browser, 'new', { baseURL: server.baseURL, locale: 'ko-KR' });
    await newcomer.page.getByRole('button', { name: '알림 설정' }).click();
    await expect(newcomer.page.getByRole('menuitemradio', { name: '멘션만' })).toHaveAttribute(
      'aria-checked',
      'true',
    );
    await expect(newcomer.page.getByRole('menuitemcheckbox', { name: '알림음 재생' })).toHaveAttribute(
      'aria-checked',
      'true',
    );
    await newcomer.page.getByRole('menuitemradio', { name: '모든 메시지' }).click();
    await newcomer.page.reload();
    await newcomer.page.getByRole('button', { name: '알림 설정' }).click();
    await expect(newcomer.page.getByRole('menuitemradio', { name: '모든 메시지' })).toHaveAttribute(
      'aria-checked',
      'true',
    );
    await closeAll(admin, member, newcomer);
  });

  test('ADMIN-3: members have no Server settings tab', async ({ browser }) => {
    // Someone else may be this server's first account (its administrator) if this test runs alone.
    const first: Actor = await newActor(browser, 'first', { baseURL: server.baseURL, open: false });
    const member: Actor = await newActor(browser, 'plain', { baseURL: server.baseURL });
    await member.page.getByTestId('profile-button').click();
    await member.page.getByRole('menuitem', { name: 'Settings' }).click();
    const dialog = member.page.getByRole('dialog', { name: 'Settings' });
    await expect(dialog.getByRole('tab', { name: 'Account' })).toBeVisible();
    await expect(dialog.getByRole('tab', { name: 'Server settings' })).toHaveCount(0);
    await closeAll(first, member);
  });
});
