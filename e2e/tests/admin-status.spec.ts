import { expect, test } from '../support/fixtures.ts';
import { closeAll, newActor, seedGroup } from '../support/chat.ts';
import { startOwnServer, type OwnServer } from '../support/own-server.ts';
import { expectShellConnected, logInWithForm, openSettings } from '../support/pages.ts';
import { seedUser } from '../support/users.ts';

// A server of its own, so that the first account (the server admin) is this scenario's.
test.describe('the live server status (ADMIN-4)', () => {
  let server: OwnServer;
  test.beforeAll(async () => {
    server = await startOwnServer({ env: {} });
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test('ADMIN-4: the admin watches people connect and post in the Server status tab, without reloading', async ({
    browser,
  }) => {
    test.setTimeout(180_000); // pushes come every 5 seconds, the chart's first point after a minute
    const admin = await newActor(browser, 'stadmin', { baseURL: server.baseURL });
    const memberContext = await browser.newContext({ baseURL: server.baseURL, locale: 'en-US' });
    const member = await seedUser(memberContext.request, 'stmember');
    const settings = await openSettings(admin.page, 'Server status');
    const people = settings.getByTestId('live-people');
    await expect(people).toHaveText('1 (1 connections)');
    await expect(settings.getByTestId('live-health-database')).toHaveText('✓ OK');
    await expect(settings.getByTestId('live-health-store')).toHaveText('✓ OK');

    // The second person logs in with the form in their own browser: the admin's figures follow.
    const memberPage = await memberContext.newPage();
    await memberPage.goto('/');
    await logInWithForm(memberPage, member.username, member.password);
    await expectShellConnected(memberPage);
    await expect(people).toHaveText('2 (2 connections)', { timeout: 15_000 });

    const roomId = await seedGroup(admin, '현황방', []);
    await admin.api('POST', `/api/rooms/${roomId}/messages`, { body: '첫 메시지' });
    await admin.api('POST', `/api/rooms/${roomId}/messages`, { body: '둘째 메시지' });
    await expect(settings.getByTestId('live-messages')).toHaveText('2 / min', { timeout: 15_000 });
    await expect(settings.getByText('The chart fills in one point a minute.')).toBeVisible();
    // The chart's first point comes a minute after the start, and it says in words what it draws.
    await expect(settings.getByTestId('live-chart-summary')).toContainText(
      'At most 2 people connected, 2 in the last.',
      { timeout: 75_000 },
    );
    await expect(settings.getByRole('img', { name: 'The last hour' })).toBeVisible();
    await settings.getByTestId('live-chart').scrollIntoViewIfNeeded();
    await admin.page.screenshot({ path: test.info().outputPath('admin-status.png') });

    // Phone width: the tab still reads (label above value where it must) and nothing spills sideways.
    await admin.page.setViewportSize({ width: 390, height: 844 });
    await expect(people).toBeVisible();
    expect(await admin.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(
      true,
    );
    await admin.page.screenshot({ path: test.info().outputPath('admin-status-phone.png') });
    await closeAll(admin);
    await memberContext.close();
  });
});
