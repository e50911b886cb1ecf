import { randomInt } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.ts';
import { closeAll, message, newActor, openRoom, seedGroup, sendWithEnter } from '../support/chat.ts';
import { devicesRegistered } from '../support/e2e-devices.ts';

/** Hangul syllables no other test writes: a word only this run's messages hold. */
function uniqueHangul(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(0xac00 + randomInt(11_172));
  return s;
}

/** The device database's search record as stored: its type, and whether the word is readable in it. */
function storedIndex(page: Page, uid: string, word: string) {
  return page.evaluate(
    async ({ uid, word }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(`messenger-e2e-${uid}`);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      try {
        const value = await new Promise<unknown>((resolve, reject) => {
          const req = db.transaction('device', 'readonly').objectStore('device').get('search');
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        if (!(value instanceof Uint8Array)) return { stored: false, clear: false, bytes: 0 };
        const text = new TextDecoder('utf-8', { fatal: false }).decode(value);
        return { stored: true, clear: text.includes(word), bytes: value.length };
      } finally {
        db.close();
      }
    },
    { uid, word },
  );
}

test('E2E-90 E2E-91 E2E-92 E2E-93 E2E-94: in an encrypted room A and B exchange a Korean word; A finds both messages in search, marked as found on this device, and opens one; a deleted one leaves the index of both devices; after a reload the sealed index still finds the other', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const a = await newActor(browser, 'e2esa');
  const b = await newActor(browser, 'e2esb');
  await devicesRegistered([a, b]);
  const word = uniqueHangul(2);
  const roomName = `비밀 검색 ${uniqueHangul(3)}`;
  await a.api('POST', '/api/rooms', { kind: 'group', name: roomName, memberIds: [b.id], encrypted: true });
  const plain = `평범한 방 ${uniqueHangul(3)}`;
  await seedGroup(a, plain, [b]);

  await openRoom(a.page, roomName);
  await expect(a.page.getByTestId('composer')).toBeEnabled({ timeout: 20_000 });
  await openRoom(b.page, roomName);
  await expect(b.page.getByTestId('composer')).toBeEnabled({ timeout: 20_000 });
  const first = `내일 ${word}회의록 올려 주세요`;
  const second = `${word}회의록 확인했습니다`;
  await sendWithEnter(a.page, first);
  await expect(message(b.page, first)).toBeVisible({ timeout: 20_000 });
  await sendWithEnter(b.page, second);
  await expect(message(a.page, second)).toBeVisible({ timeout: 20_000 });
  await expect(message(a.page, first)).toBeVisible();

  // A searches the two-syllable word inside the compound: the server has nothing, the device has both.
  await a.page.keyboard.press('Control+k');
  const panel = a.page.getByTestId('search-panel');
  await expect(panel.getByTestId('search-e2e-note')).toContainText('searched on this device');
  await panel.getByTestId('search-input').fill(word);
  const hits = panel.getByTestId('search-hit');
  await expect(hits).toHaveCount(2, { timeout: 20_000 });
  await expect(hits.nth(0)).toContainText(second);
  await expect(hits.nth(1)).toContainText(first);
  await expect(hits.nth(0).locator('mark').first()).toHaveText(word);
  await expect(panel.getByTestId('search-hit-e2e')).toHaveCount(2);
  await expect(panel.getByRole('group', { name: roomName })).toBeVisible();
  // Another word of the same messages narrows it down (all terms required).
  await panel.getByTestId('search-input').fill(`${word} 확인`);
  await expect(hits).toHaveCount(1);
  await expect(hits).toContainText(second);

  // The index is stored sealed: the word is not readable in the record.
  await expect
    .poll(async () => storedIndex(a.page, a.id, word), { timeout: 10_000 })
    .toMatchObject({ stored: true, clear: false });
  const savedBytes = (await storedIndex(a.page, a.id, word)).bytes;

  // Choosing a hit opens the room at it, as the server's hits do.
  await hits.first().click();
  await expect(panel).toBeHidden();
  await expect(a.page.getByTestId('chat-title')).toContainText(roomName);
  await expect(message(a.page, second)).toHaveClass(/msg--highlight/);

  // A deletes the first message: it leaves the index of both devices (E2E-92), and A's saved record shrinks.
  const mine = message(a.page, first);
  await mine.hover();
  await mine.getByRole('button', { name: 'Delete' }).click();
  const confirm = a.page.getByTestId('delete-dialog');
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(confirm).toBeHidden();
  await expect(b.page.getByTestId('message-deleted')).toBeVisible({ timeout: 20_000 });
  await expect
    .poll(async () => (await storedIndex(a.page, a.id, word)).bytes, { timeout: 10_000 })
    .toBeLessThan(savedBytes);
  await b.page.keyboard.press('Control+k');
  await b.page.getByTestId('search-input').fill(word);
  await expect(b.page.getByTestId('search-hit')).toHaveCount(1, { timeout: 20_000 });
  await expect(b.page.getByTestId('search-hit')).toContainText(second);

  // After a reload, with a plain room open (nothing in the encrypted room is decrypted again), the index
  // restored from IndexedDB still finds the message left.
  await openRoom(a.page, plain);
  await a.page.reload();
  await expect(a.page.getByTestId('chat-title')).toContainText(plain);
  await a.page.getByTestId('search-open').click();
  await a.page.getByTestId('search-input').fill(word);
  await expect(a.page.getByTestId('search-hit')).toHaveCount(1, { timeout: 20_000 });
  await expect(a.page.getByTestId('search-hit')).toContainText(second);
  await expect(a.page.getByTestId('search-hit-e2e')).toHaveCount(1);
  await closeAll(a, b);
});
