import { expect, test } from '../support/fixtures.ts';
import { seedUser, signInContext } from '../support/users.ts';

test('a client speaking another protocol version is asked to reload, and the button reloads', async ({
  context,
  page,
  request,
}) => {
  await signInContext(context, await seedUser(request, 'proto'));
  // Pretend this page is an old build: rewrite the protocol version in the Socket.IO connect packet
  // (it travels in the first long-polling POST, before any upgrade to WebSocket).
  let handshakes = 0;
  await context.route('**/socket.io/**', async (route) => {
    const body = route.request().postData();
    if (route.request().method() === 'POST' && body?.includes('"protocolVersion"')) {
      handshakes += 1;
      return route.continue({ postData: body.replace(/"protocolVersion":\d+/, '"protocolVersion":999') });
    }
    return route.continue();
  });

  await page.goto('/');
  const banner = page.getByTestId('update-banner');
  await expect(banner).toContainText('The server was updated');
  // The rest of the app keeps working underneath; it just will not get live updates.
  await expect(page.getByTestId('shell')).toBeVisible();
  expect(handshakes).toBe(1);

  await page.evaluate(() => {
    (window as unknown as { e2eMarker: string }).e2eMarker = 'before-reload';
  });
  await banner.getByRole('button', { name: 'Reload' }).click();
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { e2eMarker?: string }).e2eMarker))
    .toBeUndefined();
  await expect(page.getByTestId('update-banner')).toBeVisible();
});
