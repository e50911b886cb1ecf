import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.ts';
import { closeAll, newActor, openRoom } from '../support/chat.ts';
import { expectShellConnected, loginButton, logInWithForm } from '../support/pages.ts';
import { devicesRegistered } from '../support/e2e-devices.ts';
import { writeQrVideo } from '../support/qr-video.ts';

/** Opens "Verify security" for the other person in the open room's members panel; returns the dialog. */
async function openVerify(page: Page, otherName: string) {
  await page.getByTestId('members-toggle').click();
  const row = page.getByTestId('member-row').filter({ hasText: otherName });
  await row.getByTestId('verify-security').click();
  const dialog = page.getByTestId('verify-dialog');
  await expect(dialog.getByTestId('safety-number')).toBeVisible({ timeout: 20_000 });
  return { dialog, row };
}

test("E2E-80 E2E-81 E2E-82: two members of an encrypted room see the same 60-digit safety number; A marks B verified and the shield stays after a reload; when B's key changes the mark drops and the banner says B was verified", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const a = await newActor(browser, 'verifya');
  const b = await newActor(browser, 'verifyb');
  await devicesRegistered([a, b]);
  const roomName = `확인방 ${randomBytes(3).toString('hex')}`;
  await a.api('POST', '/api/rooms', { kind: 'group', name: roomName, memberIds: [b.id], encrypted: true });

  // Both devices are in the room's group (each composer opens once its device is set up there).
  await openRoom(a.page, roomName);
  await expect(a.page.getByTestId('composer')).toBeEnabled({ timeout: 20_000 });
  await openRoom(b.page, roomName);
  await expect(b.page.getByTestId('composer')).toBeEnabled({ timeout: 20_000 });

  const onA = await openVerify(a.page, b.user.nickname);
  const onB = await openVerify(b.page, a.user.nickname);
  const groupsA = await onA.dialog.getByTestId('safety-number').locator('span').allTextContents();
  const groupsB = await onB.dialog.getByTestId('safety-number').locator('span').allTextContents();
  expect(groupsA).toHaveLength(12);
  for (const g of groupsA) expect(g).toMatch(/^\d{5}$/);
  expect(groupsA.join('')).toHaveLength(60);
  expect(groupsB).toEqual(groupsA);
  // The QR codes carry the same payload, drawn as SVG in the page.
  const qrA = await onA.dialog.getByTestId('safety-qr').getAttribute('data-payload');
  expect(qrA).toMatch(/^[A-Za-z0-9_-]{80,}$/);
  expect(await onB.dialog.getByTestId('safety-qr').getAttribute('data-payload')).toBe(qrA);

  // Not verified yet: no shield. A marks B verified after comparing.
  await expect(onA.row.getByTestId('verified-shield')).toHaveCount(0);
  await onA.dialog.getByTestId('mark-verified').click();
  await expect(onA.dialog.getByTestId('verified-note')).toBeVisible();
  await onA.dialog.getByRole('button', { name: 'Close' }).click();
  await expect(onA.row.getByTestId('verified-shield')).toBeVisible();
  // B did not mark A: B's side shows no shield.
  await onB.dialog.getByRole('button', { name: 'Close' }).click();
  await expect(onB.row.getByTestId('verified-shield')).toHaveCount(0);

  // After a reload the mark comes back from this browser's IndexedDB.
  await a.page.reload();
  await expectShellConnected(a.page);
  await openRoom(a.page, roomName);
  await a.page.getByTestId('members-toggle').click();
  await expect(
    a.page.getByTestId('member-row').filter({ hasText: b.user.nickname }).getByTestId('verified-shield'),
  ).toBeVisible({ timeout: 20_000 });

  const before = groupsA.join(' ');

  // B's browser is wiped at logout and B sets up a new identity: A's mark was for the old key.
  await b.page.getByTestId('profile-button').click();
  await b.page.getByRole('menuitem', { name: 'Log out' }).click();
  await expect(loginButton(b.page)).toBeVisible();
  await logInWithForm(b.page, b.user.username, b.user.password);
  await expectShellConnected(b.page);
  await openRoom(b.page, roomName);
  const status = b.page.getByTestId('e2e-room-status');
  await expect(status).toHaveAttribute('data-state', 'reset-needed', { timeout: 20_000 });
  await status.getByTestId('e2e-reset').click();
  await expect(status).toHaveAttribute('data-state', 'waiting', { timeout: 20_000 });

  // A is told B's identity changed and that it is not the one A verified; the shield is gone.
  await a.page.reload();
  await expectShellConnected(a.page);
  await openRoom(a.page, roomName);
  const changed = a.page.getByTestId('e2e-identity-changed');
  await expect(changed).toContainText('not the one you verified', { timeout: 20_000 });
  await a.page.getByTestId('members-toggle').click();
  const rowB = a.page.getByTestId('member-row').filter({ hasText: b.user.nickname });
  await expect(rowB).toBeVisible();
  await expect(rowB.getByTestId('verified-shield')).toHaveCount(0);

  // After accepting, the number is a new one, B is not verified, and A can compare and mark again.
  await changed.getByTestId('e2e-accept-identity').click();
  await expect(changed).toHaveCount(0, { timeout: 20_000 });
  await rowB.getByTestId('verify-security').click();
  const again = a.page.getByTestId('verify-dialog');
  await expect(again.getByTestId('safety-number')).toBeVisible({ timeout: 20_000 });
  const after = (await again.getByTestId('safety-number').locator('span').allTextContents()).join(' ');
  expect(after).not.toBe(before);
  await expect(again.getByTestId('mark-verified')).toBeEnabled();
  await expect(rowB.getByTestId('verified-shield')).toHaveCount(0);

  await closeAll(a, b);
});

test("E2E-81 E2E-82: A scans the safety number QR code on B's screen with the camera; a code that differs is refused, the right one marks B verified", async ({
  browser,
  playwright,
}, testInfo) => {
  test.setTimeout(120_000);
  // A's camera plays a video file of our making (no real camera here); it is written once B's code is known.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mx-verify-scan-'));
  const video = path.join(dir, 'camera.y4m');
  const aContext = await playwright.chromium.launchPersistentContext(path.join(dir, 'profile'), {
    ...testInfo.project.use.launchOptions,
    args: [
      ...(testInfo.project.use.launchOptions?.args ?? []),
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ],
    baseURL: testInfo.project.use.baseURL,
    locale: 'en-US',
  });
  const a = await newActor(browser, 'scanva', { context: aContext });
  const b = await newActor(browser, 'scanvb');
  await devicesRegistered([a, b]);
  const roomName = `스캔방 ${randomBytes(3).toString('hex')}`;
  await a.api('POST', '/api/rooms', { kind: 'group', name: roomName, memberIds: [b.id], encrypted: true });
  await openRoom(a.page, roomName);
  await expect(a.page.getByTestId('composer')).toBeEnabled({ timeout: 20_000 });
  await openRoom(b.page, roomName);
  await expect(b.page.getByTestId('composer')).toBeEnabled({ timeout: 20_000 });

  const onB = await openVerify(b.page, a.user.nickname);
  const payload = (await onB.dialog.getByTestId('safety-qr').getAttribute('data-payload'))!;
  const onA = await openVerify(a.page, b.user.nickname);

  // A code of the same shape for other keys (what a swapped key would show) is a mismatch, not a mark.
  const other = payload[1] === 'A' ? 'B' : 'A';
  writeQrVideo(video, payload[0] + other + payload.slice(2));
  await onA.dialog.getByTestId('verify-scan').click();
  await expect(onA.dialog.getByTestId('verify-scan-result')).toContainText('does not match', {
    timeout: 20_000,
  });
  await expect(onA.dialog.getByTestId('verified-note')).toHaveCount(0);

  // B's real code: the camera reads it, it matches, and B is verified on A's side.
  writeQrVideo(video, payload);
  await onA.dialog.getByTestId('verify-scan').click();
  await expect(onA.dialog.getByTestId('verified-note')).toBeVisible({ timeout: 20_000 });
  await expect(onA.dialog.getByTestId('verify-scan-result')).toHaveCount(0);
  await onA.dialog.getByRole('button', { name: 'Close' }).click();
  await expect(onA.row.getByTestId('verified-shield')).toBeVisible();
  await closeAll(a, b);
});
