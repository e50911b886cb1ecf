import { expect, test } from '../support/fixtures.ts';
import { closeAll, message, newActor, openRoom, seedGroup } from '../support/chat.ts';
import {
  EICAR,
  skipWithoutClamd,
  startScanningServer,
  type ScanningServer,
} from '../support/scanning-server.ts';

// A server of its own with a real clamd (EICAR signature only). Without clamd installed these skip, unless
// REQUIRE_CLAMD=1 (CI), where they fail: the scan path is never silently untested.
test.describe('virus scanning (FILE-9)', () => {
  test.skip(skipWithoutClamd, 'clamd is not installed (REQUIRE_CLAMD=1 makes this a failure)');

  let server: ScanningServer;
  test.beforeAll(async () => {
    server = await startScanningServer();
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test('FILE-9: an attached file with a virus is blocked in the tray, in Korean, and the other member never gets a file', async ({
    browser,
  }) => {
    const on = { baseURL: server.baseURL, locale: 'ko-KR' };
    const a = await newActor(browser, 'scana', on);
    const b = await newActor(browser, 'scanb', on);
    const roomId = await seedGroup(a, '보안 검사방', [b]);
    await openRoom(a.page, '보안 검사방');
    await openRoom(b.page, '보안 검사방');

    // A clean file is scanned, released and reaches B: the scanner is really in the path.
    await a.page.getByTestId('file-input').setInputFiles({
      name: '회의록.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('1. 예산 확정\n', 'utf8'),
    });
    await expect(a.page.getByTestId('tray-item')).toHaveAttribute('data-status', 'ready');
    await a.page.getByTestId('composer').click();
    await a.page.keyboard.insertText('검사 통과한 파일');
    await a.page.keyboard.press('Enter');
    await expect(message(b.page, '검사 통과한 파일').getByTestId('file-card')).toContainText('회의록.txt');

    await a.page.getByTestId('file-input').setInputFiles({
      name: '견적서.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(`견적서\n${EICAR}\n`, 'utf8'),
    });
    const item = a.page.getByTestId('tray-item').filter({ hasText: '견적서.txt' });
    await expect(item).toHaveAttribute('data-status', 'failed');
    await expect(item.getByTestId('tray-error')).toHaveText('악성 코드가 발견되어 파일을 삭제했습니다.');
    // It can never pass: no retry, and nothing can be sent while it sits in the tray.
    await expect(item.getByRole('button', { name: '다시 시도' })).toHaveCount(0);
    await a.page.getByTestId('composer').click();
    await a.page.keyboard.insertText('첨부 시도');
    await expect(a.page.getByRole('button', { name: '전송' })).toBeDisabled();
    await expect(a.page.getByTestId('tray-hint')).toHaveText('보낼 수 없는 파일을 빼야 전송할 수 있습니다.');
    await item.getByTestId('tray-remove').click();
    await expect(a.page.getByTestId('file-tray')).toBeHidden();
    await a.page.getByTestId('composer').click();
    await a.page.keyboard.press('Enter');
    await expect(message(b.page, '첨부 시도')).toBeVisible();
    await expect(message(b.page, '첨부 시도').getByTestId('file-card')).toHaveCount(0);

    // B's room has exactly the clean file: in the timeline, in the files panel and through the API.
    await expect(b.page.getByTestId('file-card')).toHaveCount(1);
    await b.page.getByTestId('files-toggle').click();
    const panel = b.page.getByTestId('files-panel');
    await panel.getByRole('tab', { name: '파일', exact: true }).click();
    await expect(panel.getByTestId('gallery-file')).toHaveCount(1);
    await expect(panel).toContainText('회의록.txt');
    await expect(panel).not.toContainText('견적서.txt');
    const files = await b.api<{ files: { name: string }[] }>('GET', `/api/rooms/${roomId}/files?kind=file`);
    expect(files.files.map((f) => f.name)).toEqual(['회의록.txt']);
    await closeAll(a, b);
  });
});
