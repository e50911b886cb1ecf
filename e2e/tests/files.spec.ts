import fs from 'node:fs/promises';
import type { Browser, Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.ts';
import { closeAll, message, newActor, openRoom, seedGroup, type Actor } from '../support/chat.ts';
import { png } from '../support/png.ts';

/** Puts a file into the page as a DataTransfer and fires `kind` (drop or paste) on the target. */
async function transferFile(
  page: Page,
  testId: string,
  kind: 'drop' | 'paste',
  file: { name: string; type: string; bytes: Buffer },
): Promise<void> {
  await page.getByTestId(testId).evaluate(
    (el, { kind, name, type, data }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(data)], name, { type }));
      if (kind === 'paste') {
        el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
        return;
      }
      for (const type of ['dragenter', 'dragover'])
        el.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
      el.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    },
    { kind, name: file.name, type: file.type, data: [...file.bytes] },
  );
}

/** Waits until every file in the tray is ready to go. */
async function expectTrayReady(page: Page, count: number): Promise<void> {
  const items = page.getByTestId('tray-item');
  await expect(items).toHaveCount(count);
  for (let i = 0; i < count; i++) await expect(items.nth(i)).toHaveAttribute('data-status', 'ready');
}

/** The image thumbnail loaded (its preview decoded), not just an element with a broken picture. */
async function expectImageLoaded(page: Page, caption: string): Promise<void> {
  const img = message(page, caption).getByTestId('image-thumb').locator('img');
  await expect(img).toBeVisible();
  await expect
    .poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth))
    .toBeGreaterThan(0);
}

async function downloadText(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: await fs.readFile(path, 'utf8') };
}

async function pair(browser: Browser, room: string) {
  const a = await newActor(browser, 'fila');
  const b = await newActor(browser, 'filb');
  await seedGroup(a, room, [b]);
  await openRoom(a.page, room);
  await openRoom(b.page, room);
  return { a, b };
}

test('attach button: a photo with a caption reaches the other member, opens in the viewer and downloads', async ({
  browser,
}) => {
  const { a, b } = await pair(browser, '사진방');
  await a.page.getByTestId('file-input').setInputFiles({
    name: '풍경.png',
    mimeType: 'image/png',
    buffer: png(200, 100, [40, 120, 200]),
  });
  // The tray previews the picture and uploads it before Send.
  await expect(a.page.getByTestId('tray-item').locator('img')).toBeVisible();
  await expectTrayReady(a.page, 1);
  await a.page.getByTestId('composer').click();
  await a.page.keyboard.insertText('휴가 사진');
  await a.page.keyboard.press('Enter');
  await expect(a.page.getByTestId('file-tray')).toBeHidden();
  await expect(message(a.page, '휴가 사진').getByTestId('image-thumb')).toBeVisible();

  await a.page.getByTestId('file-input').setInputFiles({
    name: '바다.png',
    mimeType: 'image/png',
    buffer: png(50, 50, [10, 200, 90]),
  });
  await expectTrayReady(a.page, 1);
  await a.page.getByTestId('composer').click();
  await a.page.keyboard.insertText('바다도');
  await a.page.keyboard.press('Enter');

  await expectImageLoaded(b.page, '휴가 사진');
  await expectImageLoaded(b.page, '바다도');
  // The box keeps the picture's 2:1 shape before and after loading.
  const box = await message(b.page, '휴가 사진').getByTestId('image-thumb').boundingBox();
  expect(Math.round(box!.width / box!.height)).toBe(2);
  await message(b.page, '휴가 사진').getByTestId('image-thumb').click();
  const viewer = b.page.getByTestId('lightbox');
  await expect(viewer).toBeVisible();
  await expect(viewer.getByTestId('lightbox-name')).toHaveText('풍경.png');
  await expect
    .poll(() => viewer.getByTestId('lightbox-image').evaluate((el: HTMLImageElement) => el.naturalWidth))
    .toBe(200);
  // Arrow keys step through the room's images: right is the newer one, left the older.
  await expect(viewer).toContainText('1 of 2');
  await b.page.keyboard.press('ArrowRight');
  await expect(viewer.getByTestId('lightbox-name')).toHaveText('바다.png');
  await b.page.keyboard.press('ArrowLeft');
  await expect(viewer.getByTestId('lightbox-name')).toHaveText('풍경.png');
  const [download] = await Promise.all([
    b.page.waitForEvent('download'),
    viewer.getByRole('link', { name: 'Download 풍경.png' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('풍경.png');
  await b.page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();
  await closeAll(a, b);
});

test('drop anywhere on the chat: a file card with name and size, which the other member downloads', async ({
  browser,
}) => {
  const { a, b } = await pair(browser, '자료방');
  const text = '회의록\n1. 예산 확정\n';
  await transferFile(a.page, 'chat-view', 'drop', {
    name: '회의록.txt',
    type: 'text/plain',
    bytes: Buffer.from(text, 'utf8'),
  });
  await expectTrayReady(a.page, 1);
  await expect(a.page.getByTestId('drop-overlay')).toBeHidden();
  // A file alone may go without a caption.
  await a.page.getByRole('button', { name: 'Send' }).click();
  await expect(a.page.getByTestId('file-card')).toContainText('회의록.txt');

  const card = b.page.getByTestId('file-card');
  await expect(card).toContainText('회의록.txt');
  await expect(card).toContainText(`${Buffer.byteLength(text)} B`);
  const got = await downloadText(b.page, () => card.getByTestId('file-download').click());
  expect(got).toEqual({ name: '회의록.txt', text });
  await closeAll(a, b);
});

test('paste of a screenshot in the composer sends it; the gallery lists it and its uploader deletes it for everyone', async ({
  browser,
}) => {
  const { a, b } = await pair(browser, '캡처방');
  await transferFile(a.page, 'composer', 'paste', {
    name: 'image.png',
    type: 'image/png',
    bytes: png(20, 20, [220, 60, 60]),
  });
  await expectTrayReady(a.page, 1);
  await a.page.getByTestId('composer').click();
  await a.page.keyboard.insertText('화면 캡처');
  await a.page.keyboard.press('Enter');
  await expectImageLoaded(b.page, '화면 캡처');

  await a.page.getByTestId('files-toggle').click();
  const panel = a.page.getByTestId('files-panel');
  await expect(panel.getByTestId('gallery-image')).toHaveCount(1);
  await panel.getByRole('button', { name: 'Delete image.png' }).click();
  const confirm = a.page.getByTestId('file-delete-dialog');
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(panel.getByTestId('gallery-image')).toHaveCount(0);
  await expect(message(b.page, '화면 캡처').getByTestId('file-deleted')).toBeVisible();
  await expect(message(b.page, '화면 캡처').getByTestId('image-thumb')).toHaveCount(0);
  await closeAll(a, b);
});

test('a file the server refuses shows its reason in the tray and blocks Send until removed', async ({
  browser,
}) => {
  const a: Actor = await newActor(browser, 'filx');
  await seedGroup(a, '거절방', []);
  await openRoom(a.page, '거절방');
  await a.page.getByTestId('file-input').setInputFiles({
    name: 'setup.exe',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from('MZ this is not allowed'),
  });
  const item = a.page.getByTestId('tray-item');
  await expect(item).toHaveAttribute('data-status', 'failed');
  await expect(item.getByTestId('tray-error')).not.toBeEmpty();
  await a.page.getByTestId('composer').click();
  await a.page.keyboard.insertText('보내지지 않아야 함');
  await expect(a.page.getByRole('button', { name: 'Send' })).toBeDisabled();
  await item.getByTestId('tray-remove').click();
  await expect(a.page.getByRole('button', { name: 'Send' })).toBeEnabled();
  await closeAll(a);
});
