import { randomBytes } from 'node:crypto';
import { expect, type APIRequestContext, type BrowserContext } from '@playwright/test';

/** An account the tests know the password of. */
export interface TestUser {
  username: string;
  password: string;
  nickname: string;
}

/** A username no earlier run used: fits the 3-20 [A-Za-z0-9_] rule. */
export function uniqueUsername(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`.slice(0, 20);
}

/** A fresh user description (not yet registered). */
export function newUser(prefix: string, nickname = `${prefix} tester`): TestUser {
  return { username: uniqueUsername(prefix), password: `pw-${randomBytes(6).toString('hex')}`, nickname };
}

/** The CSRF token for whatever cookie this request context holds now. */
async function csrfToken(request: APIRequestContext): Promise<string> {
  const res = await request.get('/api/config');
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { csrfToken: string }).csrfToken;
}

/**
 * Registers a user through the API (for tests where sign-up is not what is being tested), then logs that
 * API session out again, so the user's only sessions are the ones the test opens.
 */
export async function seedUser(request: APIRequestContext, prefix: string): Promise<TestUser> {
  const user = newUser(prefix);
  const registered = await request.post('/api/register', {
    headers: { 'x-csrf-token': await csrfToken(request) },
    data: user,
  });
  expect(registered.status(), await registered.text()).toBe(200);
  const { csrfToken: sessionToken } = (await registered.json()) as { csrfToken: string };
  const loggedOut = await request.post('/api/logout', { headers: { 'x-csrf-token': sessionToken } });
  expect(loggedOut.status(), await loggedOut.text()).toBe(200);
  return user;
}

/** Signs a browser context in through the API: its pages then open straight into the shell. */
export async function signInContext(context: BrowserContext, user: TestUser): Promise<void> {
  const res = await context.request.post('/api/login', {
    headers: { 'x-csrf-token': await csrfToken(context.request) },
    data: { username: user.username, password: user.password },
  });
  expect(res.status(), await res.text()).toBe(200);
}
