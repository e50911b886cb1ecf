import fs from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { expect, test } from '../support/fixtures.ts';
import { closeAll, message, newActor, openRoom, sendWithEnter } from '../support/chat.ts';
import { png } from '../support/png.ts';
import { devicesRegistered } from '../support/e2e-devices.ts';

test('E2E-75 E2E-76: in an encrypted room A attaches an image and a text file; B sees the decrypted thumbnail, opens the image and downloads the text file with its name and content intact; an altered blob is refused in words', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const a = await newActor(browser, 'e2efa');
  const b = await newActor(browser, 'e2efb');
  await devicesRegistered([a, b]);
  const marker = `marker-${randomBytes(6).toString('hex')}`;
  const roomName = `비밀 파일 ${marker.slice(-6)}`;
  const { room } = await a.api<{ room: { id: string } }>('POST', '/api/rooms', {
    kind: 'group',
    name: roomName,
    memberIds: [b.id],
    encrypted: true,
  });

  await openRoom(a.page, roomName);
  await expect(a.page.getByTestId('composer')).toBeEnabled({ timeout: 20_000 });
  await openRoom(b.page, roomName);
  await expect(b.page.getByTestId('composer')).toBeEnabled({ timeout: 20_000 });
  await expect(a.page.getByTestId('e2e-files-note')).toBeVisible();

  // A picks both files with the attach button; each is sealed and uploaded in the tray.
  const textName = `회의 메모 ${marker}.txt`;
  const textBody = `안녕하세요 ${marker}\nsecond line\n`;
  await a.page.getByTestId('file-input').setInputFiles([
    { name: '풍경.png', mimeType: 'image/png', buffer: png(200, 100, [40, 120, 200]) },
    { name: textName, mimeType: 'text/plain', buffer: Buffer.from(textBody) },
  ]);
  const items = a.page.getByTestId('tray-item');
  await expect(items).toHaveCount(2);
  for (let i = 0; i < 2; i++)
    await expect(items.nth(i)).toHaveAttribute('data-status', 'ready', { timeout: 20_000 });
  const caption = `${marker} 첨부`;
  await sendWithEnter(a.page, caption);
  await expect(items).toHaveCount(0);

  // B reads the caption and sees the thumbnail, decrypted in the browser.
  const sent = message(b.page, caption);
  await expect(sent).toBeVisible({ timeout: 20_000 });
  const thumb = sent.getByTestId('e2e-image-thumb').locator('img');
  await expect(thumb).toBeVisible({ timeout: 20_000 });
  await expect
    .poll(() => thumb.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth))
    .toBeGreaterThan(0);
  expect(await thumb.getAttribute('src')).toMatch(/^blob:/);

  // The text file is a card with its real name; downloading decrypts it under that name.
  const card = sent.getByTestId('e2e-file-card');
  await expect(card).toContainText(textName);
  const [download] = await Promise.all([
    b.page.waitForEvent('download'),
    card.getByTestId('e2e-file-download').click(),
  ]);
  expect(download.suggestedFilename()).toBe(textName);
  expect(await fs.readFile((await download.path())!, 'utf8')).toBe(textBody);

  // A blob altered on its way (or on the server) is refused in words, never saved as a broken file.
  await b.context.route('**/e2e/files/**', async (route) => {
    const response = await route.fetch();
    const body = await response.body();
    body[body.length - 1]! ^= 0x01;
    await route.fulfill({ response, body });
  });
  await card.getByTestId('e2e-file-download').click();
  await expect(card.getByTestId('e2e-file-failed')).toContainText('altered, cut short or reordered');
  await b.context.unroute('**/e2e/files/**');

  // A click on the thumbnail opens the full image, decrypted too.
  await sent.getByTestId('e2e-image-thumb').click();
  const full = b.page.getByTestId('e2e-image-full');
  await expect(full).toBeVisible({ timeout: 20_000 });
  await expect.poll(() => full.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(200);

  // A edits the caption: the files stay with the message (their keys were only ever in A's worker).
  await b.page.getByTestId('e2e-image-viewer').getByRole('button', { name: 'Close' }).click();
  const mine = message(a.page, caption);
  await mine.hover();
  await mine.getByRole('button', { name: 'Edit' }).click();
  const editor = a.page.getByRole('textbox', { name: 'Edit message' });
  await editor.fill(`${marker} 고친 설명`);
  await editor.press('Enter');
  const edited = message(b.page, `${marker} 고친 설명`);
  await expect(edited).toContainText('(edited)', { timeout: 20_000 });
  await expect(edited.getByTestId('e2e-image-thumb').locator('img')).toBeVisible();
  await expect(edited.getByTestId('e2e-file-card')).toContainText(textName);

  // The server's copy of the message names no file: names and keys travel inside the envelope only.
  const history = await b.api<{ messages: { kind: string; files: unknown[]; body: string }[] }>(
    'GET',
    `/api/rooms/${room.id}/messages?limit=10`,
  );
  const last = history.messages.at(-1)!;
  expect(last).toMatchObject({ kind: 'e2e', files: [], body: '' });
  expect(JSON.stringify(history)).not.toContain(marker);

  await closeAll(a, b);
});
