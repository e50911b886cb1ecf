import fs from 'node:fs';
import { expect, test } from '../support/fixtures.ts';
import { closeAll, newActor, seedGroup, seedMessage, type Actor } from '../support/chat.ts';
import { startOwnServer, type OwnServer } from '../support/own-server.ts';
import { openSettings } from '../support/pages.ts';
import { unzip } from '../../apps/server/src/test/zip.ts';

// A server of its own, so that the first account (the administrator) is this scenario's.
test.describe('compliance export (ADMIN-6)', () => {
  let server: OwnServer;
  let admin: Actor;
  let member: Actor;
  let roomId: string;

  test.beforeAll(async ({ browser }) => {
    server = await startOwnServer({ env: {} });
    admin = await newActor(browser, 'boss', { baseURL: server.baseURL, open: false });
    member = await newActor(browser, 'staff', { baseURL: server.baseURL, open: false });
    roomId = await seedGroup(admin, 'Audit target', [member]);
    await seedMessage(member, roomId, 'quarterly numbers attached');
    await seedMessage(admin, roomId, 'thanks, received');
  });
  test.afterAll(async () => {
    await closeAll(admin, member);
    await server?.stop();
  });

  test('ADMIN-6: the administrator exports a room, watches it finish, and downloads a ZIP with its messages', async () => {
    const page = admin.page;
    await page.goto('/');
    const dialog = await openSettings(page, 'Exports');
    const section = dialog.getByTestId('admin-exports');
    await section.getByRole('combobox', { name: 'Room' }).selectOption({ label: 'Audit target' });
    await section.getByRole('button', { name: 'Start export' }).click();
    await expect(section.getByText('Export started.')).toBeVisible();

    const item = section.getByTestId('export-item').first();
    await expect(item).toContainText('Room: Audit target');
    await expect(item).toHaveAttribute('data-status', 'done');
    await expect(item).toContainText('Done');
    // The two messages, and the system message of the room's creation.
    await expect(item).toContainText('3 of 3 messages');
    await page.screenshot({ path: test.info().outputPath('exports-tab.png') });

    const download = page.waitForEvent('download');
    await item.getByRole('link', { name: 'Download the ZIP of the Audit target export' }).click();
    const file = await (await download).path();
    const zip = unzip(fs.readFileSync(file));
    const lines = zip
      .get('messages.jsonl')!
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { text: string; kind: string; roomId: string });
    expect(lines.filter((l) => l.kind === 'text').map((l) => l.text)).toEqual([
      'quarterly numbers attached',
      'thanks, received',
    ]);
    expect(lines.every((l) => l.roomId === roomId)).toBe(true);
    expect(JSON.parse(zip.get('manifest.json')!.toString('utf8'))).toMatchObject({
      exportedBy: { username: admin.user.username },
      scope: { roomId },
    });
    admin.checkConsole();
  });

  test('ADMIN-6: the exports tab fits a phone and reads in Korean', async ({ browser }) => {
    const day = 24 * 60 * 60 * 1000;
    await admin.api('POST', '/api/admin/exports', {
      scope: { userId: member.id },
      from: new Date(Date.now() - day).toISOString(),
      to: new Date(Date.now() + day).toISOString(),
    });
    const context = await browser.newContext({
      baseURL: server.baseURL,
      locale: 'ko-KR',
      viewport: { width: 375, height: 740 },
    });
    await context.addCookies(await admin.context.cookies());
    const page = await context.newPage();
    await page.goto('/');
    await page.getByTestId('profile-button').click();
    await page.getByRole('menuitem', { name: '설정', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '설정' });
    await dialog.getByRole('tab', { name: '내보내기' }).click();
    const section = dialog.getByTestId('admin-exports');
    await expect(section.getByRole('heading', { name: '규정 준수 내보내기' })).toBeVisible();
    await expect(section.getByTestId('export-item').first()).toContainText('완료');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: test.info().outputPath('exports-tab-phone-ko.png'), fullPage: true });
    await context.close();
  });
});
