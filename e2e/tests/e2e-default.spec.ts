import { randomBytes } from 'node:crypto';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.ts';
import { closeAll, message, newActor, sendWithEnter, type Actor } from '../support/chat.ts';
import { devicesRegistered, setUpRecovery } from '../support/e2e-devices.ts';
import { startOwnServer, type OwnServer } from '../support/own-server.ts';
import { expectShellConnected, openSettings } from '../support/pages.ts';

/** The row of the direct room with `name`: the encrypted one (with the lock) or the standard one. */
function directRow(page: Page, name: string, encrypted: boolean): Locator {
  const lock = page.getByRole('img', { name: 'End-to-end encrypted' });
  const rows = page.getByTestId('room-item').filter({ hasText: name });
  return encrypted ? rows.filter({ has: lock }) : rows.filter({ hasNot: lock });
}

/** Opens the new-chat dialog and chooses these people. */
async function chooseInNewChat(page: Page, people: Actor[]): Promise<Locator> {
  await page.getByTestId('new-chat').click();
  const dialog = page.getByTestId('new-chat-dialog');
  for (const who of people) {
    await dialog.getByRole('searchbox').fill(who.user.username);
    await dialog.getByTestId('user-option').filter({ hasText: who.user.username }).click();
  }
  return dialog;
}

// Which rooms are end-to-end encrypted by default (SPEC E2E-110..E2E-115; design e2e.md 5.10). A server of
// its own, on this checkout's own port: its first account is the administrator, and the policy it changes
// reaches nobody else's test.
test.describe('end-to-end encryption by default', () => {
  let server: OwnServer;
  let admin: Actor;
  let a: Actor;
  let b: Actor;

  test.beforeAll(async ({ browser }) => {
    const port = Number(process.env.E2E_PORT ?? 5199) + 1;
    server = await startOwnServer({ env: {}, port });
    admin = await newActor(browser, 'root', { baseURL: server.baseURL });
    a = await newActor(browser, 'dfa', { baseURL: server.baseURL });
    b = await newActor(browser, 'dfb', { baseURL: server.baseURL });
  });
  test.afterAll(async () => {
    await closeAll(admin, a, b);
    await server.stop();
  });

  test('E2E-112 E2E-113 E2E-114 E2E-115: a direct chat started from the dialog is the encrypted one, beside the standard one; the other side reads it; recovery is offered at first use; a small group starts encrypted', async () => {
    test.setTimeout(120_000);
    const marker = `dm-${randomBytes(5).toString('hex')}`;
    // The two already had a standard direct chat (made before the default changed).
    await a.api('POST', '/api/rooms', { kind: 'direct', userId: b.id });
    await devicesRegistered([a, b]);

    // A starts a chat with B: the encryption is fixed on for a direct chat, and says why; on a phone too.
    await a.page.setViewportSize({ width: 390, height: 800 });
    const phone = await chooseInNewChat(a.page, [b]);
    await expect(phone.getByRole('button', { name: 'Start chat' })).toBeInViewport();
    expect(await phone.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    await a.page.screenshot({ path: test.info().outputPath('new-chat-direct-phone.png') });
    await a.page.keyboard.press('Escape');
    await expect(phone).toHaveCount(0);
    await a.page.setViewportSize({ width: 1280, height: 720 });
    const dialog = await chooseInNewChat(a.page, [b]);
    const encrypted = dialog.getByRole('switch', { name: 'Encrypted chat' });
    await expect(encrypted).toBeChecked();
    await expect(encrypted).toBeDisabled();
    await expect(dialog.getByTestId('e2e-switch-reason')).toHaveText(
      /Direct chats are always end-to-end encrypted/,
    );
    await dialog.getByRole('button', { name: 'Start chat' }).click();
    await expect(a.page.getByTestId('chat-title')).toHaveText(b.user.nickname);
    await expect(a.page.getByTestId('e2e-badge')).toBeVisible();
    await expect(a.page.getByTestId('composer')).toBeEnabled({ timeout: 20_000 });

    // The standard chat stays in the list, labelled as not end-to-end.
    await expect(directRow(a.page, b.user.nickname, true)).toHaveCount(1);
    const standard = directRow(a.page, b.user.nickname, false);
    await expect(standard.getByTestId('room-not-e2e')).toHaveText('Not end-to-end');

    // First use without a recovery key: a banner offers the setup, which A completes from there.
    const prompt = a.page.getByTestId('e2e-recovery-prompt');
    await expect(prompt).toContainText('Set up a recovery key');
    await a.page.screenshot({ path: test.info().outputPath('recovery-prompt.png') });
    await a.page.setViewportSize({ width: 390, height: 800 });
    await expect(prompt.getByRole('button', { name: 'Later' })).toBeInViewport();
    await a.page.screenshot({ path: test.info().outputPath('recovery-prompt-phone.png') });
    await a.page.setViewportSize({ width: 1280, height: 720 });
    await prompt.getByRole('button', { name: 'Set up recovery key' }).click();
    const setup = a.page.getByRole('dialog', { name: 'Set up recovery key' });
    const section = setup.getByTestId('e2e-recovery');
    await expect(section.getByTestId('e2e-recovery-status')).toContainText('No recovery key yet');
    await setUpRecovery(section);
    await a.page.keyboard.press('Escape');
    await expect(setup).toHaveCount(0);
    await expect(prompt).toHaveCount(0);

    // A writes; B finds the encrypted chat beside the standard one and reads it decrypted.
    await sendWithEnter(a.page, `${marker} 안녕하세요`);
    await expect(message(a.page, `${marker} 안녕하세요`)).toBeVisible();
    await expect(directRow(b.page, a.user.nickname, false).getByTestId('room-not-e2e')).toBeVisible();
    await directRow(b.page, a.user.nickname, true).click();
    await expect(b.page.getByTestId('e2e-badge')).toBeVisible();
    await expect(message(b.page, `${marker} 안녕하세요`)).toBeVisible({ timeout: 20_000 });

    // B has no recovery key either; "Later" hides the prompt, and it stays hidden after a reload.
    const later = b.page.getByTestId('e2e-recovery-prompt');
    await expect(later).toBeVisible({ timeout: 20_000 });
    await later.getByRole('button', { name: 'Later' }).click();
    await expect(later).toHaveCount(0);
    await b.page.reload();
    await expectShellConnected(b.page);
    await directRow(b.page, a.user.nickname, true).click();
    await expect(message(b.page, `${marker} 안녕하세요`)).toBeVisible({ timeout: 20_000 });
    await expect(b.page.getByTestId('composer')).toBeEnabled({ timeout: 20_000 });
    await expect(later).toHaveCount(0);

    // The room panel says what does not apply here; the standard chat says it is not end-to-end.
    await b.page.getByTestId('members-toggle').click();
    await expect(b.page.getByTestId('room-security')).toContainText('End-to-end encrypted');
    await expect(b.page.getByTestId('room-no-server-features')).toContainText(
      'Server search and virus scanning do not apply',
    );
    await b.page.screenshot({ path: test.info().outputPath('e2e-room-panel.png') });
    await directRow(b.page, a.user.nickname, false).click();
    await expect(b.page.getByTestId('e2e-badge')).toHaveCount(0);
    await b.page.getByTestId('members-toggle').click();
    await expect(b.page.getByTestId('room-no-server-features')).toHaveCount(0);
    await expect(b.page.getByTestId('room-security')).toContainText(
      'Encrypted in transit and at rest on the server, not end-to-end',
    );

    // A group of two others starts encrypted, and its creator may turn that off (policy "default").
    const group = await chooseInNewChat(a.page, [b, admin]);
    const groupSwitch = group.getByRole('switch', { name: 'End-to-end encrypted' });
    await expect(groupSwitch).toBeChecked();
    await expect(groupSwitch).toBeEnabled();
    await expect(group).toContainText('cannot be turned off later');
    await a.page.screenshot({ path: test.info().outputPath('new-chat-group.png') });
    await groupSwitch.press('Space'); // keyboard-usable
    await expect(groupSwitch).not.toBeChecked();
    await group.getByRole('textbox', { name: 'Group name' }).fill(`일반 그룹 ${marker.slice(-4)}`);
    await group.getByRole('button', { name: /Create group/ }).click();
    await expect(a.page.getByTestId('chat-title')).toHaveText(`일반 그룹 ${marker.slice(-4)}`);
    await expect(a.page.getByTestId('e2e-badge')).toHaveCount(0);
  });

  test('E2E-110 E2E-111 E2E-113: the administrator turns end-to-end encryption off in Server settings; new direct chats are standard and the switch is gone', async ({
    browser,
  }) => {
    test.setTimeout(90_000);
    const c = await newActor(browser, 'dfc', { baseURL: server.baseURL, locale: 'ko-KR' });

    const settings = await openSettings(admin.page, 'Server settings');
    const section = settings.getByTestId('server-settings');
    await expect(section.getByTestId('e2e-policy-default')).toBeChecked();
    await section.getByTestId('e2e-policy-off').check();
    await admin.page.screenshot({ path: test.info().outputPath('server-settings-e2e.png') });
    await section.getByRole('button', { name: 'Save' }).click();
    await expect(section.getByTestId('server-settings-saved')).toBeVisible();

    // C's page was loaded before the change and is not reloaded: the dialog reads the policy in force.
    await c.page.getByTestId('new-chat').click();
    const dialog = c.page.getByTestId('new-chat-dialog');
    await dialog.getByRole('searchbox').fill(a.user.username);
    await dialog.getByTestId('user-option').filter({ hasText: a.user.username }).click();
    await expect(dialog.getByRole('button', { name: '대화 시작' })).toBeEnabled();
    await expect(dialog.getByRole('switch')).toHaveCount(0);
    await dialog.getByRole('searchbox').fill(b.user.username);
    await dialog.getByTestId('user-option').filter({ hasText: b.user.username }).click();
    await expect(dialog.getByRole('textbox', { name: '그룹 이름' })).toBeVisible();
    await expect(dialog.getByRole('switch')).toHaveCount(0);
    await dialog.getByRole('button', { name: `${b.user.nickname} 님 빼기` }).click();
    await dialog.getByRole('button', { name: '대화 시작' }).click();
    await expect(c.page.getByTestId('chat-title')).toHaveText(a.user.nickname);
    await expect(c.page.getByTestId('e2e-badge')).toHaveCount(0);
    await expect(c.page.getByTestId('composer')).toBeEnabled();
    await sendWithEnter(c.page, '일반 대화입니다');
    await expect(message(c.page, '일반 대화입니다')).toBeVisible();

    // An API client asking for an encrypted room is refused, in its language.
    const refused = await c.context.request.post('/api/rooms', {
      headers: {
        'x-csrf-token': ((await (await c.context.request.get('/api/config')).json()) as { csrfToken: string })
          .csrfToken,
        'accept-language': 'ko',
      },
      data: { kind: 'direct', userId: b.id, encrypted: true },
    });
    expect(refused.status()).toBe(403);
    expect(await refused.json()).toEqual({
      error: expect.stringContaining('종단간 암호화'),
      code: 'room.e2e_disabled',
    });
    await closeAll(c);
  });
});
