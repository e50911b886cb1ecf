import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { expect, test, watchConsole } from '../support/fixtures.ts';
import { closeAll, message, newActor, openRoom, sendWithEnter, type Actor } from '../support/chat.ts';
import { devicesRegistered, setUpRecovery, talkingRoom } from '../support/e2e-devices.ts';
import { expectShellConnected, openSettings } from '../support/pages.ts';
import { writeQrVideo } from '../support/qr-video.ts';
import { signInContext } from '../support/users.ts';

/** A's second browser: the same user signed in on a fresh context (no device), the room open. */
async function secondBrowser(context: BrowserContext, a: Actor, roomName: string) {
  await signInContext(context, a.user);
  const page = await context.newPage();
  const checkConsole = watchConsole(page);
  await page.goto('/');
  await expectShellConnected(page);
  await openRoom(page, roomName);
  const status = page.getByTestId('e2e-room-status');
  await expect(status).toHaveAttribute('data-state', 'reset-needed', { timeout: 20_000 });
  return { page, status, checkConsole };
}

/** The new device's message reaches B and A's first device; B is asked to accept no identity change. */
async function newDeviceSends(page: Page, a: Actor, b: Actor, text: string): Promise<void> {
  await expect(page.getByTestId('composer')).toBeEnabled({ timeout: 30_000 });
  await sendWithEnter(page, text);
  await expect(message(b.page, text)).toBeVisible({ timeout: 20_000 });
  await expect(message(a.page, text)).toBeVisible({ timeout: 20_000 });
  await expect(b.page.getByTestId('e2e-identity-changed')).toHaveCount(0);
}

test('E2E-105 E2E-106 E2E-107: a new browser is linked from an existing one by comparing codes, sends to the member, and says which earlier messages it cannot read without a backup key', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const a = await newActor(browser, 'linka');
  const b = await newActor(browser, 'linkb');
  await devicesRegistered([a, b]);
  const marker = `ln-${randomBytes(6).toString('hex')}`;
  const roomName = await talkingRoom(a, b, marker, '연결방');

  // A signs in on a second browser: no key here, so the room offers linking beside the recovery key.
  const context2 = await browser.newContext();
  const second = await secondBrowser(context2, a, roomName);
  await second.status.getByTestId('e2e-link-start').click();
  const offer = second.page.getByTestId('e2e-link-new-dialog');
  await expect(offer.getByTestId('e2e-link-qr')).toBeVisible({ timeout: 20_000 });

  // The first browser is told at once and shows a code; the new one shows its own.
  const request = a.page.getByTestId('e2e-link-request-dialog');
  await expect(request).toContainText('A new device wants to sign in to your encryption', {
    timeout: 20_000,
  });
  const codeOnFirst = request.getByTestId('e2e-link-request-code');
  const codeOnNew = offer.getByTestId('e2e-link-code');
  await expect(codeOnFirst).toHaveAttribute('data-code', /^\d{8}$/, { timeout: 20_000 });
  await expect(codeOnNew).toHaveAttribute('data-code', /^\d{8}$/, { timeout: 20_000 });
  expect(await codeOnNew.getAttribute('data-code')).toBe(await codeOnFirst.getAttribute('data-code'));
  expect(await codeOnNew.innerText()).toBe(await codeOnFirst.innerText());

  // The person confirms on the first browser; the new one finishes by itself.
  await request.getByTestId('e2e-link-confirm').click();
  await expect(request.getByTestId('e2e-link-sent')).toBeVisible({ timeout: 20_000 });
  await expect(offer).toHaveCount(0, { timeout: 20_000 });
  await devicesRegistered([a], 2);
  await expect(second.status).toHaveCount(0, { timeout: 30_000 });

  // A had no recovery set up, so no backup key came along: earlier messages say they predate this device.
  await expect(
    second.page
      .getByTestId('message-undecryptable')
      .filter({ hasText: 'sent before this device joined' })
      .first(),
  ).toBeVisible({ timeout: 20_000 });
  await newDeviceSends(second.page, a, b, `${marker} from the linked browser`);
  second.checkConsole();
  await context2.close();
  await closeAll(a, b);
});

test("E2E-101 E2E-102 E2E-108: the existing browser scans the new one's QR code with its camera; with recovery set up the new browser reads the earlier messages", async ({
  browser,
  playwright,
}, testInfo) => {
  test.setTimeout(180_000);
  // A's first browser keeps its profile (its device) across two launches: the second one has the camera.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'mx-e2e-link-'));
  const launch = (args: string[] = []) =>
    playwright.chromium.launchPersistentContext(profile, {
      ...testInfo.project.use.launchOptions,
      args: [...(testInfo.project.use.launchOptions?.args ?? []), ...args],
      baseURL: testInfo.project.use.baseURL,
      locale: 'en-US',
    });
  const a = await newActor(browser, 'qra', { context: await launch() });
  const b = await newActor(browser, 'qrb');
  await devicesRegistered([a, b]);
  const marker = `qr-${randomBytes(6).toString('hex')}`;
  const roomName = await talkingRoom(a, b, marker, '연결방');

  // A sets up recovery on the first browser, so it holds the backup key it will hand over.
  const settings = await openSettings(a.page, 'Encryption');
  const section = settings.getByTestId('e2e-recovery');
  await setUpRecovery(section);
  await expect(section.getByTestId('e2e-recovery-status')).toContainText('this browser backs up');
  a.checkConsole();
  await a.context.close();

  // The new browser shows its QR code; its text becomes the first browser's camera picture.
  const context2 = await browser.newContext();
  const second = await secondBrowser(context2, a, roomName);
  await second.status.getByTestId('e2e-link-start').click();
  const qr = second.page.getByTestId('e2e-link-new-dialog').getByTestId('e2e-link-qr');
  await expect(qr).toBeVisible({ timeout: 20_000 });
  const payload = (await qr.getAttribute('data-payload'))!;
  const video = path.join(profile, '..', `${path.basename(profile)}-qr.y4m`);
  writeQrVideo(video, payload);

  const first = await launch([
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${video}`,
  ]);
  const page1 = first.pages()[0] ?? (await first.newPage());
  const checkFirst = watchConsole(page1);
  await page1.goto('/');
  await expectShellConnected(page1);
  // The open request shows up once the device is started; its "Scan QR code" opens the camera.
  const request = page1.getByTestId('e2e-link-request-dialog');
  await expect(request).toBeVisible({ timeout: 20_000 });
  await request.getByTestId('e2e-link-scan').click();
  await expect(request.getByTestId('e2e-link-sent')).toBeVisible({ timeout: 30_000 });

  // The new browser finishes by itself, is added to the room, and restores the history from the backup.
  await expect(second.page.getByTestId('e2e-link-new-dialog')).toHaveCount(0, { timeout: 20_000 });
  await expect(second.status).toHaveCount(0, { timeout: 30_000 });
  await expect(message(second.page, `${marker} from A`)).toBeVisible({ timeout: 30_000 });
  await expect(message(second.page, `${marker} from B`)).toBeVisible({ timeout: 20_000 });
  await expect(second.page.getByTestId('message-undecryptable')).toHaveCount(0);
  const text = `${marker} after scanning`;
  await expect(second.page.getByTestId('composer')).toBeEnabled({ timeout: 30_000 });
  await sendWithEnter(second.page, text);
  await expect(message(b.page, text)).toBeVisible({ timeout: 20_000 });
  await expect(b.page.getByTestId('e2e-identity-changed')).toHaveCount(0);
  second.checkConsole();
  checkFirst();
  await context2.close();
  await first.close();
  await closeAll(b);
});

test('E2E-106 E2E-109: from Settings, a link the existing browser refuses is said on the new one, which can start again', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const a = await newActor(browser, 'refa');
  await devicesRegistered([a]);
  const context2 = await browser.newContext();
  await signInContext(context2, a.user);
  const page2 = await context2.newPage();
  const checkSecond = watchConsole(page2);
  await page2.goto('/');
  await expectShellConnected(page2);
  const settings = await openSettings(page2, 'Encryption');
  await settings.getByTestId('e2e-link-start').click();
  const offer = page2.getByTestId('e2e-link-new-dialog');
  await expect(offer.getByTestId('e2e-link-qr')).toBeVisible({ timeout: 20_000 });

  const request = a.page.getByTestId('e2e-link-request-dialog');
  await expect(request.getByTestId('e2e-link-request-code')).toBeVisible({ timeout: 20_000 });
  await request.getByTestId('e2e-link-refuse').click();
  await expect(request).toHaveCount(0);
  await expect(offer.getByTestId('e2e-link-new-error')).toContainText('refused', { timeout: 20_000 });
  // Nothing was registered, and a new request can be made.
  await devicesRegistered([a], 1);
  await offer.getByRole('button', { name: 'Start again' }).click();
  await expect(offer.getByTestId('e2e-link-qr')).toBeVisible({ timeout: 20_000 });
  await expect(request.getByTestId('e2e-link-request-code')).toBeVisible({ timeout: 20_000 });
  checkSecond();
  await context2.close();
  await closeAll(a);
});
