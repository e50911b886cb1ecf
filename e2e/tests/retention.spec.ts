import path from 'node:path';
import Database from 'better-sqlite3';
import { closeAll, message, newActor, openRoom, seedGroup, seedMessage } from '../support/chat.ts';
import { expect, test } from '../support/fixtures.ts';
import { startOwnServer, type OwnServer } from '../support/own-server.ts';
import { expectShellConnected } from '../support/pages.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

let server: OwnServer;
test.beforeAll(async () => {
  // Its own server: the scenario ages messages in its database, and the first user is its administrator.
  server = await startOwnServer({ env: { RETENTION_DAYS: '30' } });
});
test.afterAll(async () => server.stop());

/** Makes a room's messages up to `seq` as old as `days` (seeding through the API sends them now). */
function age(roomId: string, seq: number, days: number): void {
  const db = new Database(path.join(server.dataDir, 'messenger.db'));
  try {
    db.prepare('UPDATE messages SET created_at = ? WHERE room_id = ? AND seq <= ?').run(
      Date.now() - days * DAY_MS,
      roomId,
      seq,
    );
  } finally {
    db.close();
  }
}

test('RET-1, RET-4: retention removes an old message from an open timeline; the reply to it says its original was deleted (Korean, phone width)', async ({
  browser,
}) => {
  const admin = await newActor(browser, 'retadmin', { baseURL: server.baseURL, open: false });
  const bob = await newActor(browser, 'retbob', {
    baseURL: server.baseURL,
    locale: 'ko-KR',
    viewport: { width: 390, height: 844 },
  });
  const roomId = await seedGroup(admin, '보관 기한 점검', [bob]);
  const original = await seedMessage(admin, roomId, '지난 분기 예산 질문입니다');
  await seedMessage(bob, roomId, '예산 답변 드립니다', original.id);
  age(roomId, original.seq, 45);

  await openRoom(bob.page, '보관 기한 점검');
  const reply = message(bob.page, '예산 답변 드립니다');
  await expect(reply.getByTestId('reply-quote')).toContainText('지난 분기 예산 질문입니다');

  const preview = await admin.api<{ totals: { messages: number } }>('GET', '/api/admin/retention/preview');
  expect(preview.totals.messages).toBe(original.seq);
  await admin.api('POST', '/api/admin/retention/run');

  // Live: the removed message leaves the open timeline, and the reply's quote turns into the notice.
  await expect(message(bob.page, '지난 분기 예산 질문입니다')).toHaveCount(0);
  await expect(reply.getByTestId('reply-quote')).toHaveCount(0);
  await expect(reply.getByTestId('reply-quote-removed')).toHaveText('원본 메시지가 삭제되었습니다');
  await bob.page.screenshot({ path: '/tmp/retention-reply-removed-ko.png' });

  // The same after a reload (the room stays open), from the server.
  await bob.page.reload();
  await expectShellConnected(bob.page);
  await expect(message(bob.page, '예산 답변 드립니다').getByTestId('reply-quote-removed')).toHaveText(
    '원본 메시지가 삭제되었습니다',
  );
  await expect(message(bob.page, '지난 분기 예산 질문입니다')).toHaveCount(0);
  await closeAll(admin, bob);
});
