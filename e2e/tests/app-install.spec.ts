import { expect, test } from '../support/fixtures.ts';
import {
  closeAll,
  message,
  newActor,
  openRoom,
  seedGroup,
  seedMessage,
  sendWithEnter,
} from '../support/chat.ts';

test('OPS-6: the app is installable (manifest, icons, service worker) and its shell starts offline', async ({
  browser,
}) => {
  const a = await newActor(browser, 'pwa');
  const page = a.page;
  // The service worker is registered and controls the page once it has precached the shell.
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(new URL(scope).pathname).toBe('/');

  // The English UI links the English manifest; its icons are served.
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.en.webmanifest');
  const manifest = (await (await a.context.request.get('/manifest.en.webmanifest')).json()) as {
    name: string;
    display: string;
    icons: { src: string; purpose: string }[];
  };
  expect(manifest).toMatchObject({ name: 'Intranet Messenger', display: 'standalone' });
  expect(manifest.icons.map((i) => i.purpose)).toEqual(['any', 'any', 'maskable']);
  for (const icon of manifest.icons) {
    const res = await a.context.request.get(icon.src);
    expect(res.headers()['content-type']).toBe('image/png');
  }
  const korean = (await (await a.context.request.get('/manifest.webmanifest')).json()) as { name: string };
  expect(korean.name).toBe('사내 메신저');
  // Chromium's own verdict: nothing keeps the app from being installed (Playwright's contexts are incognito
  // ones, where Chromium installs nothing; that is the only objection allowed).
  const cdp = await a.context.newCDPSession(page);
  const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
    installabilityErrors: { errorId: string }[];
  };
  expect(installabilityErrors.filter((e) => e.errorId !== 'in-incognito')).toEqual([]);

  // The service worker never answers API requests from its cache: they belong to one signed-in user.
  const cached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys())
      for (const req of await (await caches.open(name)).keys()) urls.push(new URL(req.url).pathname);
    return urls;
  });
  expect(cached).toContain('/index.html');
  expect(cached.filter((u) => /^\/(api|uploads|socket\.io)\//.test(u))).toEqual([]);

  // Offline: the page still loads, from the service worker, and says that the server cannot be reached.
  await a.context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Cannot reach the server' })).toBeVisible();
  await a.context.setOffline(false);
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByTestId('shell')).toHaveAttribute('data-connection', 'connected');
  a.checkConsole = () => {}; // the offline reload logs the failed API requests, as it should
  await closeAll(a);
});

test('OPS-6: the unread total goes on the installed app badge', async ({ browser }) => {
  const a = await newActor(browser, 'badgea', { open: false });
  // Records what the page asks the Badging API for (the badge itself is drawn by the OS, outside the page).
  await a.context.addInitScript(() => {
    const calls: (number | null)[] = [];
    (window as unknown as { badgeCalls: (number | null)[] }).badgeCalls = calls;
    Object.assign(navigator, {
      setAppBadge: async (n?: number) => void calls.push(n ?? null),
      clearAppBadge: async () => void calls.push(0),
    });
  });
  const b = await newActor(browser, 'badgeb');
  const roomId = await seedGroup(b, '배지 방', [a]);
  await a.page.goto('/');
  await expect(a.page.getByTestId('shell')).toHaveAttribute('data-connection', 'connected');
  await seedMessage(b, roomId, '배지에 보일 메시지');
  await seedMessage(b, roomId, '두 번째');
  await expect
    .poll(() =>
      a.page.evaluate(() => (window as unknown as { badgeCalls: (number | null)[] }).badgeCalls.at(-1)),
    )
    .toBe(2);
  await openRoom(a.page, '배지 방');
  await expect
    .poll(() =>
      a.page.evaluate(() => (window as unknown as { badgeCalls: (number | null)[] }).badgeCalls.at(-1)),
    )
    .toBe(0);
  await closeAll(a, b);
});

test('OPS-6: a message written offline goes out once the browser is back online', async ({ browser }) => {
  const a = await newActor(browser, 'pwaoff');
  const b = await newActor(browser, 'pwaon');
  await seedGroup(a, '오프라인 방', [b]);
  await openRoom(a.page, '오프라인 방');
  await openRoom(b.page, '오프라인 방');

  await a.context.setOffline(true);
  await expect(a.page.getByTestId('offline-banner')).toBeVisible();
  await sendWithEnter(a.page, '연결되면 보낼 메시지');
  await expect(
    a.page.getByTestId('pending-message').filter({ hasText: '연결되면 보낼 메시지' }),
  ).toBeVisible();
  await a.context.setOffline(false);
  await expect(message(b.page, '연결되면 보낼 메시지')).toHaveCount(1);
  await expect(a.page.getByTestId('pending-message')).toHaveCount(0);
  await closeAll(a, b);
});
