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

test('MSG-3: a reply quotes the original, and clicking the quote jumps to it', async ({ browser }) => {
  const a = await newActor(browser, 'repa');
  const b = await newActor(browser, 'repb');
  const room = await seedGroup(a, '답장방', [b]);
  await seedMessage(b, room, '원본 메시지입니다');
  await openRoom(a.page, '답장방');

  const original = message(a.page, '원본 메시지입니다');
  await original.hover();
  await original.getByRole('button', { name: 'Reply' }).click();
  await expect(a.page.getByTestId('reply-preview')).toContainText('원본 메시지입니다');
  await sendWithEnter(a.page, '답장입니다');
  await expect(a.page.getByTestId('reply-preview')).toBeHidden();

  await openRoom(b.page, '답장방');
  const reply = message(b.page, '답장입니다');
  await expect(reply.getByTestId('reply-quote')).toContainText('원본 메시지입니다');
  await reply.getByTestId('reply-quote').click();
  await expect(message(b.page, '원본 메시지입니다').first()).toHaveClass(/msg--highlight/);
  await closeAll(a, b);
});

test('MSG-3 MSG-9: jumping to a quoted message that is not loaded fetches it with ?around= and highlights it', async ({
  browser,
}) => {
  const a = await newActor(browser, 'jumpa', { open: false });
  const room = await seedGroup(a, '긴 대화방', []);
  const first = await seedMessage(a, room, '아주 오래된 첫 메시지');
  for (let i = 1; i <= 70; i++) await seedMessage(a, room, `채우기 메시지 ${i}`);
  await seedMessage(a, room, '오래된 메시지에 답장', first.id);
  await a.page.goto('/');
  await openRoom(a.page, '긴 대화방');
  // The quote inside the reply carries the same text: the original is the row without a quote.
  const target = message(a.page, '아주 오래된 첫 메시지').filter({
    hasNot: a.page.getByTestId('reply-quote'),
  });
  await expect(target).toHaveCount(0);
  await message(a.page, '오래된 메시지에 답장').getByTestId('reply-quote').click();
  await expect(target).toHaveClass(/msg--highlight/);
  await closeAll(a);
});

test('MSG-6 MSG-7: inline edit (Esc cancels, Enter saves) shows "(edited)"; delete asks in a dialog and leaves a tombstone for everyone', async ({
  browser,
}) => {
  const a = await newActor(browser, 'edita');
  const b = await newActor(browser, 'editb');
  await seedGroup(a, '수정방', [b]);
  await openRoom(a.page, '수정방');
  await openRoom(b.page, '수정방');
  await sendWithEnter(a.page, '오타가 있는 메세지');
  const mine = message(a.page, '오타가 있는 메세지');
  await expect(mine).toBeVisible();

  await mine.hover();
  await mine.getByRole('button', { name: 'Edit' }).click();
  const editor = a.page.getByRole('textbox', { name: 'Edit message' });
  await editor.press('Escape');
  await expect(editor).toBeHidden();
  await expect(mine.getByTestId('message-body')).toHaveText('오타가 있는 메세지');

  await mine.hover();
  await mine.getByRole('button', { name: 'Edit' }).click();
  await editor.fill('오타를 고친 메시지');
  await editor.press('Enter');
  const edited = message(b.page, '오타를 고친 메시지');
  await expect(edited).toContainText('(edited)');

  const fixed = message(a.page, '오타를 고친 메시지');
  await fixed.hover();
  await fixed.getByRole('button', { name: 'Delete' }).click();
  const dialog = a.page.getByTestId('delete-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(dialog).toBeHidden();
  await expect(b.page.getByTestId('message-deleted')).toHaveText('This message was deleted');
  await expect(message(b.page, '오타를 고친 메시지')).toHaveCount(0);
  await closeAll(a, b);
});

test('MSG-8: reactions from the quick row and the bundled picker show counts and "mine" for both sides, and toggle off', async ({
  browser,
}) => {
  const a = await newActor(browser, 'reacta');
  const b = await newActor(browser, 'reactb');
  const room = await seedGroup(a, '공감방', [b]);
  await seedMessage(a, room, '공감해 주세요');
  await openRoom(a.page, '공감방');
  await openRoom(b.page, '공감방');

  const onB = message(b.page, '공감해 주세요');
  await onB.hover();
  await onB.getByRole('button', { name: 'React with 👍' }).click();
  const chipA = message(a.page, '공감해 주세요').getByTestId('reaction');
  await expect(chipA).toHaveCount(1);
  await expect(chipA).toContainText('1');
  await expect(chipA).toHaveAttribute('aria-pressed', 'false');
  await expect(onB.getByTestId('reaction')).toHaveAttribute('aria-pressed', 'true');

  // The picker: search in Korean, pick, and it appears for the other side.
  await onB.hover();
  await onB.getByTestId('add-reaction').click();
  const picker = b.page.getByTestId('emoji-picker');
  await picker.getByRole('searchbox').fill('하트');
  await picker.getByRole('button', { name: '❤️' }).first().click();
  await expect(picker).toBeHidden();
  await expect(chipA).toHaveCount(2);

  // Clicking one's own chip removes it.
  await onB.getByTestId('reaction').first().click();
  await expect(chipA).toHaveCount(1);
  await closeAll(a, b);
});
