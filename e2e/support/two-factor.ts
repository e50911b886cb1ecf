import { expect, type APIRequestContext } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';

const PERIOD_MS = 30_000;

/**
 * The code an authenticator app would show, computed from the secret: of the current 30-second step, or
 * `stepsBack` steps earlier (the server accepts the previous step too). Close to the end of a step it first
 * waits for the next one, so the server still sees the same step when the code arrives.
 */
export async function totpCode(secret: string, stepsBack = 0): Promise<string> {
  await expect
    .poll(() => PERIOD_MS - (Date.now() % PERIOD_MS), { timeout: 5_000, intervals: [250] })
    .toBeGreaterThan(4_000);
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: Date.now() - stepsBack * PERIOD_MS });
}

/** The CSRF token for whatever cookie this request context holds now. */
async function csrfToken(request: APIRequestContext): Promise<string> {
  const res = await request.get('/api/config');
  return ((await res.json()) as { csrfToken: string }).csrfToken;
}

/**
 * Turns two-step verification on through the API for the signed-in request context (for tests where
 * enrolment is not what is tested). It confirms with the previous step's code, so that a login right after
 * can use the current one (each code, and every older one, works once).
 */
export async function enrolThroughApi(
  request: APIRequestContext,
): Promise<{ secret: string; recoveryCodes: string[] }> {
  const headers = { 'x-csrf-token': await csrfToken(request) };
  const setup = await request.post('/api/me/two-factor/setup', { headers });
  expect(setup.status(), await setup.text()).toBe(200);
  const { secret } = (await setup.json()) as { secret: string };
  const on = await request.post('/api/me/two-factor', { headers, data: { code: await totpCode(secret, 1) } });
  expect(on.status(), await on.text()).toBe(200);
  return { secret, recoveryCodes: ((await on.json()) as { recoveryCodes: string[] }).recoveryCodes };
}

/** Registers through the API (the first account of a server is its administrator); stays signed in. */
export async function registerThroughApi(
  request: APIRequestContext,
  user: { username: string; password: string; nickname: string },
): Promise<void> {
  const res = await request.post('/api/register', {
    headers: { 'x-csrf-token': await csrfToken(request) },
    data: user,
  });
  expect(res.status(), await res.text()).toBe(200);
}
