import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { MemoryStateStore } from './memory-state-store.ts';
import { startTestApp, type TestApp } from '../test/harness.ts';
import { AppError } from '../app-error.ts';
import { RateLimiter } from './rate-limiter.ts';

describe('SEC-3: rate limits', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('the defaults: the seed’s login 5/min, register 3/hour, send 100/min, search 30/min; upload 60/min (a dropped folder of photos); one reminder per notice per 10 min; two-step verification codes 5/min per account (AUTH-16)', () => {
    const c = loadConfig({});
    expect(c.rateLimits).toEqual({
      login: { max: 5, windowSeconds: 60 },
      register: { max: 3, windowSeconds: 3600 },
      messageSend: { max: 100, windowSeconds: 60 },
      upload: { max: 60, windowSeconds: 60 },
      search: { max: 30, windowSeconds: 60 },
      pinRemind: { max: 1, windowSeconds: 600 },
      twoFactor: { max: 5, windowSeconds: 60 },
    });
  });

  it('login: the sixth attempt in a minute from one IP gets 429 with Retry-After, even with the right password', async () => {
    t = await startTestApp({ env: { RATE_LIMIT_LOGIN: '5/min' } });
    const c = t.client();
    await c.register('limited');
    for (let i = 0; i < 5; i++)
      expect((await c.login(i % 2 ? 'limited' : `other_${i}`, 'wrong-password')).statusCode).toBe(401);
    const res = await c.login('limited');
    expect(res.statusCode).toBe(429);
    expect(res.json()).toMatchObject({ code: 'rate.limited' });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
  });

  it('login: one username is limited across IPs (behind a trusted proxy)', async () => {
    t = await startTestApp({ env: { RATE_LIMIT_LOGIN: '5/min', TRUST_PROXY: 'true' } });
    await t.client().register('target_user');
    for (let i = 0; i < 5; i++) {
      const res = await t
        .client({ 'x-forwarded-for': `10.0.0.${i + 1}` })
        .login('target_user', 'guess-guess');
      expect(res.statusCode).toBe(401);
    }
    const sixth = await t.client({ 'x-forwarded-for': '10.0.0.99' }).login('TARGET_USER', 'password123');
    expect(sixth.statusCode).toBe(429);
    // Another user from a fresh address is unaffected.
    expect((await t.client({ 'x-forwarded-for': '10.0.1.1' }).login('someone_else', 'x')).statusCode).toBe(
      401,
    );
  });

  it('without TRUST_PROXY, X-Forwarded-For cannot be used to dodge the per-IP limit', async () => {
    t = await startTestApp({ env: { RATE_LIMIT_LOGIN: '3/min' } });
    for (let i = 0; i < 3; i++) await t.client({ 'x-forwarded-for': `10.9.0.${i}` }).login(`u${i}_name`, 'x');
    expect((await t.client({ 'x-forwarded-for': '10.9.9.9' }).login('fresh_name', 'x')).statusCode).toBe(429);
  });

  it('register: the fourth sign-up in an hour from one IP gets 429', async () => {
    t = await startTestApp({ env: { RATE_LIMIT_REGISTER: '3/hour' } });
    for (let i = 0; i < 3; i++) expect((await t.client().register(`signup_${i}`)).statusCode).toBe(200);
    const res = await t.client().register('signup_4');
    expect(res.statusCode).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(60);
    expect(res.json().code).toBe('rate.limited');
  });

  it('the limiter enforces any rule per key and resets after the window (message send, upload, search use it)', async () => {
    let now = 0;
    const limiter = new RateLimiter(new MemoryStateStore(() => now));
    const rules = loadConfig({}).rateLimits;
    for (const [name, rule] of Object.entries(rules)) {
      for (let i = 0; i < rule.max; i++) await limiter.consume(name, rule, ['user:a']);
      const err = await limiter.consume(name, rule, ['user:a']).catch((e: unknown) => e);
      expect(err, name).toBeInstanceOf(AppError);
      expect((err as AppError).retryAfterSeconds).toBe(rule.windowSeconds);
      await limiter.consume(name, rule, ['user:b']); // other users are not affected
      now += rule.windowSeconds * 1000;
      await limiter.consume(name, rule, ['user:a']); // a new window
    }
  });
});
