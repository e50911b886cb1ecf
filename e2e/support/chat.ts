import { expect, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { watchConsole } from './fixtures.ts';
import { expectShellConnected } from './pages.ts';
import { seedUser, signInContext, type TestUser } from './users.ts';

/** One person in a scenario: their own browser context, page and API access with their session. */
export interface Actor {
  user: TestUser;
  id: string;
  context: BrowserContext;
  page: Page;
  /** Fails the test if this actor's page logged an error. */
  checkConsole: () => void;
  /** An API call with this actor's session (for seeding what the UI is not testing). */
  api<T = unknown>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, data?: unknown): Promise<T>;
}

/**
 * Registers a user, signs a new browser context in, and opens the app (or not, with `open: false`); on
 * another server than the suite's with `baseURL`, in another language with `locale` (e.g. `ko-KR`).
 */
export async function newActor(
  browser: Browser,
  prefix: string,
  options: {
    viewport?: { width: number; height: number };
    open?: boolean;
    baseURL?: string;
    locale?: string;
    /** A context made by the test (e.g. a persistent one whose profile folder it scans); used as is. */
    context?: BrowserContext;
  } = {},
): Promise<Actor> {
  const context =
    options.context ??
    (await browser.newContext({
      viewport: options.viewport,
      ...(options.baseURL ? { baseURL: options.baseURL } : {}),
      ...(options.locale ? { locale: options.locale } : {}),
    }));
  const user = await seedUser(context.request, prefix);
  await signInContext(context, user);
  const page = await context.newPage();
  const checkConsole = watchConsole(page);
  // The CSRF token is bound to the session cookie, which does not change during a test: fetch it once.
  let csrf: string | null = null;
  const token = async () =>
    (csrf ??= ((await (await context.request.get('/api/config')).json()) as { csrfToken: string }).csrfToken);
  const api = async <T>(method: string, path: string, data?: unknown): Promise<T> => {
    const res = await context.request.fetch(path, {
      method,
      headers: method === 'GET' ? {} : { 'x-csrf-token': await token() },
      data,
    });
    expect(res.ok(), `${method} ${path}: ${await res.text()}`).toBe(true);
    return (await res.json()) as T;
  };
  const me = await api<{ user: { id: string } }>('GET', '/api/me');
  const actor: Actor = { user, id: me.user.id, context, page, checkConsole, api };
  if (options.open !== false) await openApp(actor);
  return actor;
}

/** Loads the app and waits for the realtime connection. */
export async function openApp(actor: Actor): Promise<void> {
  await actor.page.goto('/');
  await expectShellConnected(actor.page);
}

/** Creates a group through the API; returns its id. */
export async function seedGroup(owner: Actor, name: string, members: Actor[]): Promise<string> {
  const res = await owner.api<{ room: { id: string } }>('POST', '/api/rooms', {
    kind: 'group',
    name,
    memberIds: members.map((m) => m.id),
  });
  return res.room.id;
}

/** Sends a message through the API; returns it. */
export async function seedMessage(
  actor: Actor,
  roomId: string,
  body: string,
  replyToId?: string,
): Promise<{ id: string; seq: number }> {
  const res = await actor.api<{ message: { id: string; seq: number } }>(
    'POST',
    `/api/rooms/${roomId}/messages`,
    {
      body,
      replyToId,
    },
  );
  return res.message;
}

/** The room-list row of a room by its title. */
export function roomItem(page: Page, title: string): Locator {
  return page.getByTestId('room-item').filter({ hasText: title });
}

/** Opens a room from the list and waits for its timeline. */
export async function openRoom(page: Page, title: string): Promise<void> {
  await roomItem(page, title).click();
  await expect(page.getByTestId('chat-title')).toHaveText(title);
  await expect(page.getByTestId('message-list')).toBeVisible();
}

/** A confirmed message in the open timeline, by its text. */
export function message(page: Page, text: string): Locator {
  return page.getByTestId('message').filter({ hasText: text });
}

/** Types into the composer like an IME user would (insertText), then presses Enter. */
export async function sendWithEnter(page: Page, text: string): Promise<void> {
  const composer = page.getByTestId('composer');
  await composer.click();
  await page.keyboard.insertText(text);
  await page.keyboard.press('Enter');
}

/** Closes every actor's context and checks their consoles. */
export async function closeAll(...actors: Actor[]): Promise<void> {
  for (const a of actors) {
    a.checkConsole();
    await a.context.close();
  }
}
