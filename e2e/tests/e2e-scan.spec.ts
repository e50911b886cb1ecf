import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '../support/fixtures.ts';
import { message, newActor, openRoom, seedGroup, sendWithEnter } from '../support/chat.ts';
import { devicesRegistered } from '../support/e2e-devices.ts';
import { filesUnder, findMarkers, postgresDump, TrafficRecorder } from '../support/scan.ts';

const marker = (what: string): string => `${what}-${randomBytes(10).toString('hex')}`;

test('E2E-34 E2E-35 E2E-75 in browsers: the server keeps, logs and carries no text, file name or file content of an encrypted room, and the control room proves the scan finds each', async ({
  browser,
  playwright,
}, testInfo) => {
  test.setTimeout(120_000);
  // A's browser keeps its profile in a folder of ours, so what Chromium wrote to disk is scanned too (6.5).
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'mx-e2e-profile-'));
  const aContext = await playwright.chromium.launchPersistentContext(profile, {
    ...testInfo.project.use.launchOptions,
    baseURL: testInfo.project.use.baseURL,
    locale: 'en-US',
  });
  const bContext = await browser.newContext();
  const aTraffic = new TrafficRecorder(aContext);
  const bTraffic = new TrafficRecorder(bContext);
  const a = await newActor(browser, 'scana', { context: aContext });
  const b = await newActor(browser, 'scanb', { context: bContext });

  const secret = {
    first: marker('first'),
    reply: marker('reply'),
    edited: marker('edited'),
    roomDraft: marker('draft'),
    fileName: marker('name'),
    fileBody: marker('body'),
    caption: marker('caption'),
  };
  const control = marker('control');
  const controlName = marker('cname');
  const controlBody = marker('cbody');

  // Both browsers hold a device before the room is made, so B is in the group from its first epoch: a device
  // that registers later cannot read what was sent before it joined (E2E-87), which is not what this scans.
  await devicesRegistered([a, b]);
  const roomName = `scan ${secret.first.slice(-6)}`;
  await a.api('POST', '/api/rooms', { kind: 'group', name: roomName, memberIds: [b.id], encrypted: true });
  await openRoom(a.page, roomName);
  await sendWithEnter(a.page, `${secret.first} 안녕하세요`);
  await openRoom(b.page, roomName);
  await expect(message(b.page, secret.first)).toBeVisible({ timeout: 20_000 });
  await sendWithEnter(b.page, `${secret.reply} 네`);
  await expect(message(a.page, secret.reply)).toBeVisible({ timeout: 20_000 });
  const mine = message(a.page, secret.first).first();
  await mine.hover();
  await mine.getByRole('button', { name: 'Edit' }).click();
  const editor = a.page.getByRole('textbox', { name: 'Edit message' });
  await editor.fill(`${secret.edited} 고쳤어요`);
  await editor.press('Enter');
  await expect(message(b.page, secret.edited).first()).toBeVisible({ timeout: 20_000 });
  // A file: its name and its content are sealed in A's browser; B gets both back (E2E-75, E2E-76).
  await a.page.getByTestId('file-input').setInputFiles([
    {
      name: `${secret.fileName}.txt`,
      mimeType: 'text/plain',
      buffer: Buffer.from(`${secret.fileBody}\n내용`),
    },
  ]);
  await expect(a.page.getByTestId('tray-item')).toHaveAttribute('data-status', 'ready', { timeout: 20_000 });
  await sendWithEnter(a.page, `${secret.caption} 파일`);
  const card = message(b.page, secret.caption).getByTestId('e2e-file-card');
  await expect(card).toContainText(secret.fileName, { timeout: 20_000 });
  const [download] = await Promise.all([
    b.page.waitForEvent('download'),
    card.getByTestId('e2e-file-download').click(),
  ]);
  expect(fs.readFileSync((await download.path())!, 'utf8')).toContain(secret.fileBody);
  // A draft left in an encrypted room's composer is kept in memory only (E2E-46), never in the profile.
  await a.page.getByTestId('composer').fill(`${secret.roomDraft} 아직`);

  // Control: the same people in a standard room; its text must be found, or the scan proves nothing.
  const standard = `plain ${control.slice(-6)}`;
  await seedGroup(a, standard, [b]);
  await openRoom(a.page, standard);
  await sendWithEnter(a.page, `${control} 일반`);
  await openRoom(b.page, standard);
  await expect(message(b.page, control)).toBeVisible({ timeout: 20_000 });
  await a.page
    .getByTestId('file-input')
    .setInputFiles([
      { name: `${controlName}.txt`, mimeType: 'text/plain', buffer: Buffer.from(`${controlBody}\n내용`) },
    ]);
  await expect(a.page.getByTestId('tray-item')).toHaveAttribute('data-status', 'ready', { timeout: 20_000 });
  await sendWithEnter(a.page, `${control} 파일`);
  await expect(message(b.page, `${control} 파일`)).toContainText(controlName, { timeout: 20_000 });

  const traffic = [
    { name: "A's traffic", bytes: Buffer.from(await aTraffic.text(), 'latin1') },
    { name: "B's traffic", bytes: Buffer.from(await bTraffic.text(), 'latin1') },
  ];
  a.checkConsole();
  b.checkConsole();
  await aContext.close();
  await bContext.close();

  const dataDir = process.env.MX_E2E_DATA_DIR!;
  const server = filesUnder(dataDir).map((f) => ({ name: path.relative(dataDir, f.file), bytes: f.bytes }));
  const dump = postgresDump();
  if (dump !== null) server.push({ name: 'PostgreSQL rows', bytes: Buffer.from(dump, 'utf8') });
  const browserDisk = filesUnder(profile).map((f) => ({
    name: `profile/${path.relative(profile, f.file)}`,
    bytes: f.bytes,
  }));
  // The scan looked where the device lives: IndexedDB files of this origin exist and hold data.
  expect(browserDisk.some((f) => f.name.includes('IndexedDB') && f.bytes.length > 0)).toBe(true);

  const hits = findMarkers(Object.values(secret), [...server, ...traffic, ...browserDisk]);
  expect(hits).toEqual(Object.fromEntries(Object.values(secret).map((m) => [m, []])));

  const controls = findMarkers([control, controlName, controlBody], [...server, ...traffic]);
  const controlHits = controls[control]!;
  expect(controlHits).toEqual(expect.arrayContaining(["A's traffic", "B's traffic"]));
  expect(controlHits.filter((h) => !h.endsWith('traffic')).length).toBeGreaterThan(0);
  // A standard room's file name is in the database and its content on the server's disk: the scan sees both.
  expect(controls[controlName]!.filter((h) => !h.endsWith('traffic')).length).toBeGreaterThan(0);
  expect(controls[controlBody]!.filter((h) => !h.endsWith('traffic')).length).toBeGreaterThan(0);
  fs.rmSync(profile, { recursive: true, force: true });
});
