import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.ts';
import { SESSION_COOKIE, startTestApp, type TestApp, type TestClient } from '../../test/harness.ts';

/** The code an authenticator app shows at `at`, computed here from the secret (RFC 6238 defaults). */
const codeAt = (secret: string, at: number): string =>
  TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at });

const STEP = 30_000;

for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`two-step verification (${kind})`, () => {
    let t: TestApp;
    // A moment in the middle of a 30-second step; tests move it forward a step at a time.
    let now = Date.UTC(2026, 10, 2, 9, 0, 10);
    let admin: TestClient;
    let adminSecret: string;
    beforeAll(async () => {
      t = await startTestApp({ kind, build: { now: () => now }, env: { RATE_LIMIT_TWO_FACTOR: '1000/min' } });
      admin = t.client();
      await admin.register('tf_admin');
      adminSecret = (await enrol(admin)).secret;
    });
    afterAll(() => t.close());

    const nextStep = () => {
      now += STEP;
    };

    /** Turns two-step verification on from the settings, with a code computed from the secret shown. */
    async function enrol(c: TestClient): Promise<{ secret: string; recoveryCodes: string[] }> {
      const setup = await c.request('POST', '/api/me/two-factor/setup');
      expect(setup.statusCode).toBe(200);
      const { secret } = setup.json();
      const on = await c.request('POST', '/api/me/two-factor', { code: codeAt(secret, now) });
      expect(on.statusCode, on.body).toBe(200);
      nextStep();
      return { secret, recoveryCodes: on.json().recoveryCodes };
    }

    async function member(name: string): Promise<TestClient> {
      const c = t.client();
      expect((await c.register(name)).statusCode).toBe(200);
      return c;
    }

    /** Password step of a login: the challenge of the code step. */
    async function challenge(c: TestClient, username: string): Promise<string> {
      const res = await c.login(username);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().twoFactor.step).toBe('verify');
      return res.json().twoFactor.challenge;
    }

    const verify = (c: TestClient, ch: string, code: string) =>
      c.request('POST', '/api/login/two-factor', { challenge: ch, code });

    /** A whole sign-in in a new browser: password, then this code. */
    async function signIn(username: string, code: string) {
      const b = t.client();
      return verify(b, await challenge(b, username), code);
    }

    it('AUTH-16: enrolment shows a QR code drawn here and the secret once, confirmed by a first code', async () => {
      const c = await member('tf_enrol');
      const setup = await c.request('POST', '/api/me/two-factor/setup');
      const { secret, otpauthUri, qrSvg } = setup.json();
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Messenger:tf_enrol\?/);
      expect(otpauthUri).toContain(`secret=${secret}`);
      expect(qrSvg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(qrSvg).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);

      const wrong = await c.request('POST', '/api/me/two-factor', { code: codeAt(secret, now - 2 * STEP) });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json().code).toBe('auth.two_factor_invalid');
      expect((await c.request('GET', '/api/me')).json().user.twoFactor).toBe(false);

      const on = await c.request('POST', '/api/me/two-factor', { code: codeAt(secret, now) });
      expect(on.statusCode).toBe(200);
      const codes: string[] = on.json().recoveryCodes;
      expect(codes).toHaveLength(10);
      for (const code of codes) expect(code).toMatch(/^[a-z2-7]{4}-[a-z2-7]{4}$/);
      expect(new Set(codes).size).toBe(10);
      expect((await c.request('GET', '/api/me')).json().user.twoFactor).toBe(true);
      const status = (await c.request('GET', '/api/me/two-factor')).json();
      expect(status).toMatchObject({ enabled: true, recoveryCodesLeft: 10, required: false });
      expect(JSON.stringify(status)).not.toContain(secret);
      // The secret is never shown again, and is stored encrypted.
      expect((await c.request('POST', '/api/me/two-factor/setup')).json().code).toBe(
        'auth.two_factor_already_enabled',
      );
      const row = await t.db.kysely
        .selectFrom('users')
        .select(['totp_secret', 'totp_enabled_at'])
        .where('username', '=', 'tf_enrol')
        .executeTakeFirstOrThrow();
      expect(row.totp_secret).toMatch(/^v1\./);
      expect(row.totp_secret).not.toContain(secret);
      expect(Number(row.totp_enabled_at)).toBe(now);
      // The confirming code itself cannot sign in afterwards.
      expect((await signIn('tf_enrol', codeAt(secret, now))).json().code).toBe('auth.two_factor_invalid');
      nextStep();
    });

    it('AUTH-16: login asks for the code after the password; no session before it', async () => {
      const c = await member('tf_login');
      const { secret } = await enrol(c);
      const b = t.client();
      const res = await b.login('tf_login');
      expect(res.json()).toEqual({ twoFactor: { challenge: expect.any(String), step: 'verify' } });
      expect(res.cookies.find((k) => k.name === SESSION_COOKIE)).toBeUndefined();
      expect((await b.request('GET', '/api/me')).statusCode).toBe(401);
      // A wrong password still says only that.
      expect((await b.login('tf_login', 'wrong-password')).json().code).toBe('auth.invalid_credentials');

      const ok = await verify(b, res.json().twoFactor.challenge, codeAt(secret, now));
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().user).toMatchObject({ username: 'tf_login', twoFactor: true });
      expect(ok.cookies.find((k) => k.name === SESSION_COOKIE)).toBeDefined();
      expect((await b.request('GET', '/api/me')).json().user.username).toBe('tf_login');
      // The challenge is used up.
      expect((await verify(b, res.json().twoFactor.challenge, codeAt(secret, now))).json().code).toBe(
        'auth.two_factor_challenge_expired',
      );
      nextStep();
    });

    it('AUTH-16: a code works once, even within its window, and never after a later one', async () => {
      const c = await member('tf_replay');
      const { secret } = await enrol(c);
      const code = codeAt(secret, now);
      expect((await signIn('tf_replay', code)).statusCode).toBe(200);
      // Same code, same step, a new sign-in: refused.
      const again = await signIn('tf_replay', code);
      expect(again.statusCode).toBe(401);
      expect(again.json().code).toBe('auth.two_factor_invalid');
      // Half a step later the same code is still "valid" by time, but used: refused.
      now += STEP / 2;
      expect((await signIn('tf_replay', code)).statusCode).toBe(401);
      // The next step's code works; then the previous step's (older than the one used) does not.
      nextStep();
      const newer = codeAt(secret, now);
      expect((await signIn('tf_replay', newer)).statusCode).toBe(200);
      const older = codeAt(secret, now - STEP);
      expect((await signIn('tf_replay', older)).statusCode).toBe(401);
      nextStep();
    });

    it('AUTH-16: codes of the current and previous step only: two steps ago is refused', async () => {
      const c = await member('tf_window');
      const { secret } = await enrol(c);
      now += 5 * STEP;
      const b = t.client();
      const ch = await challenge(b, 'tf_window');
      const twoAgo = await verify(b, ch, codeAt(secret, now - 2 * STEP));
      expect(twoAgo.json().code).toBe('auth.two_factor_invalid');
      const next = await verify(b, ch, codeAt(secret, now + STEP));
      expect(next.json().code).toBe('auth.two_factor_invalid');
      const previous = await verify(b, ch, codeAt(secret, now - STEP));
      expect(previous.statusCode, previous.body).toBe(200);
      nextStep();
    });

    it('AUTH-16: a challenge takes a few codes only, then the sign-in starts again from the password', async () => {
      const c = await member('tf_tries');
      const { secret } = await enrol(c);
      const b = t.client();
      const ch = await challenge(b, 'tf_tries');
      for (let i = 0; i < 5; i++)
        expect((await verify(b, ch, '000000')).json().code).toBe('auth.two_factor_invalid');
      const late = await verify(b, ch, codeAt(secret, now));
      expect(late.statusCode).toBe(401);
      expect(late.json().code).toBe('auth.two_factor_challenge_expired');
      expect((await signIn('tf_tries', codeAt(secret, now))).statusCode).toBe(200);
      nextStep();
    });

    it('AUTH-16: a recovery code signs in once; the set can be renewed with a code', async () => {
      const c = await member('tf_recovery');
      const { secret, recoveryCodes } = await enrol(c);
      const [first, second] = recoveryCodes as [string, string];
      const b = t.client();
      const ok = await verify(b, await challenge(b, 'tf_recovery'), first);
      expect(ok.statusCode, ok.body).toBe(200);
      const reused = await signIn('tf_recovery', first);
      expect(reused.json().code).toBe('auth.two_factor_invalid');
      // Typed in capitals without the dash, it is the same code.
      const typed = second.replace('-', '').toUpperCase();
      expect((await signIn('tf_recovery', typed)).statusCode).toBe(200);
      expect((await c.request('GET', '/api/me/two-factor')).json().recoveryCodesLeft).toBe(8);

      // A recovery code does not renew the set; an app code does, and the old codes stop working.
      expect(
        (await c.request('POST', '/api/me/two-factor/recovery-codes', { code: recoveryCodes[2] })).json()
          .code,
      ).toBe('auth.two_factor_invalid');
      const renewed = await c.request('POST', '/api/me/two-factor/recovery-codes', {
        code: codeAt(secret, now),
      });
      expect(renewed.statusCode, renewed.body).toBe(200);
      expect(renewed.json().recoveryCodes).toHaveLength(10);
      const old = await signIn('tf_recovery', recoveryCodes[3]!);
      expect(old.json().code).toBe('auth.two_factor_invalid');
      const fresh = await signIn('tf_recovery', renewed.json().recoveryCodes[0]);
      expect(fresh.statusCode).toBe(200);
      nextStep();
    });

    it('AUTH-16: turning it off needs the password; then the password alone signs in', async () => {
      const c = await member('tf_off');
      await enrol(c);
      const wrong = await c.request('DELETE', '/api/me/two-factor', { password: 'nope-nope' });
      expect(wrong.json().code).toBe('auth.wrong_password');
      expect((await c.request('DELETE', '/api/me/two-factor', { password: 'password123' })).statusCode).toBe(
        200,
      );
      expect((await c.request('GET', '/api/me')).json().user.twoFactor).toBe(false);
      expect((await t.client().login('tf_off')).json().user.username).toBe('tf_off');
      expect((await c.request('DELETE', '/api/me/two-factor', { password: 'password123' })).json().code).toBe(
        'auth.two_factor_not_enabled',
      );
    });

    it('AUTH-16: a server admin resets a second factor; the sessions end and the password signs in again', async () => {
      const c = await member('tf_reset');
      await enrol(c);
      const id = (await c.request('GET', '/api/me')).json().user.id;
      const other = await member('tf_not_admin');
      expect((await other.request('DELETE', `/api/admin/users/${id}/two-factor`)).statusCode).toBe(403);

      const listed = (await admin.request('GET', '/api/admin/users?q=tf_reset')).json().users;
      expect(listed[0]).toMatchObject({ username: 'tf_reset', twoFactor: true });
      const res = await admin.request('DELETE', `/api/admin/users/${id}/two-factor`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().user).toMatchObject({ username: 'tf_reset', twoFactor: false });
      expect((await c.request('GET', '/api/me')).json().code).toBe('auth.session_revoked');
      expect((await t.client().login('tf_reset')).json().user.twoFactor).toBe(false);
      const again = await admin.request('DELETE', `/api/admin/users/${id}/two-factor`);
      expect(again.json().code).toBe('auth.two_factor_not_enabled');
      const missing = await admin.request('DELETE', '/api/admin/users/nobody/two-factor');
      expect(missing.statusCode).toBe(404);
    });

    it('AUTH-16: requiring it for admins or everyone leads the unenrolled to enrolment and ends their sessions', async () => {
      const plain = await member('tf_plain');
      const enrolled = await member('tf_has_it');
      await enrol(enrolled);
      const secondAdmin = await t.services.auth.createUser('tf_admin2', 'password123', 'tf_admin2', true);
      const admin2 = t.client();
      expect((await admin2.login('tf_admin2')).statusCode).toBe(200);
      const directory = await member('tf_directory');
      await t.db.kysely
        .updateTable('users')
        .set({ auth_source: 'ldap', external_id: 'uid=tf_directory,ou=people' })
        .where('username', '=', 'tf_directory')
        .execute();

      // An administrator without a second factor cannot require one (it would sign them out).
      const noTwoFactor = await admin2.request('PUT', '/api/admin/sign-in-policy', { twoFactor: 'admins' });
      expect(noTwoFactor.json().code).toBe('auth.two_factor_enroll_first');

      const admins = await admin.request('PUT', '/api/admin/sign-in-policy', { twoFactor: 'admins' });
      expect(admins.json().policy.twoFactor).toBe('admins');
      expect((await admin2.request('GET', '/api/me')).json().code).toBe('auth.session_revoked');
      expect((await plain.request('GET', '/api/me')).statusCode).toBe(200);
      expect((await admin.request('GET', '/api/me')).statusCode).toBe(200);
      const led = (await t.client().login('tf_admin2')).json();
      expect(led.twoFactor.step).toBe('enroll');
      expect(secondAdmin.is_admin).toBe(1);

      const everyone = await admin.request('PUT', '/api/admin/sign-in-policy', { twoFactor: 'everyone' });
      expect(everyone.statusCode).toBe(200);
      expect((await plain.request('GET', '/api/me')).json().code).toBe('auth.session_revoked');
      expect((await enrolled.request('GET', '/api/me')).statusCode).toBe(200);
      // A directory account signs in with the directory's rules: not ours to ask a code of.
      expect((await directory.request('GET', '/api/me')).statusCode).toBe(200);
      expect((await directory.request('POST', '/api/me/two-factor/setup')).json().code).toBe(
        'auth.two_factor_local_only',
      );

      const b = t.client();
      const step = (await b.login('tf_plain')).json().twoFactor;
      expect(step.step).toBe('enroll');
      // The enrolment challenge is no code step, and no session comes without a valid first code.
      expect((await verify(b, step.challenge, '000000')).json().code).toBe(
        'auth.two_factor_challenge_expired',
      );
      const early = await b.request('POST', '/api/login/two-factor/enroll', {
        challenge: step.challenge,
        code: '123456',
      });
      expect(early.json().code).toBe('auth.two_factor_setup_expired');
      const setup = await b.request('POST', '/api/login/two-factor/setup', { challenge: step.challenge });
      expect(setup.statusCode).toBe(200);
      const { secret } = setup.json();
      // Asked again (a reload), it is the same secret: the app already scanned it.
      const same = await b.request('POST', '/api/login/two-factor/setup', { challenge: step.challenge });
      expect(same.json().secret).toBe(secret);
      const bad = await b.request('POST', '/api/login/two-factor/enroll', {
        challenge: step.challenge,
        code: codeAt(secret, now - 3 * STEP),
      });
      expect(bad.json().code).toBe('auth.two_factor_invalid');
      expect(bad.cookies.find((k) => k.name === SESSION_COOKIE)).toBeUndefined();
      expect((await b.request('GET', '/api/me')).statusCode).toBe(401);
      const forged = await b.request('POST', '/api/login/two-factor/setup', { challenge: 'made-up' });
      expect(forged.json().code).toBe('auth.two_factor_challenge_expired');

      const done = await b.request('POST', '/api/login/two-factor/enroll', {
        challenge: step.challenge,
        code: codeAt(secret, now),
      });
      expect(done.statusCode, done.body).toBe(200);
      expect(done.json().recoveryCodes).toHaveLength(10);
      expect(done.json().user).toMatchObject({ username: 'tf_plain', twoFactor: true });
      expect((await b.request('GET', '/api/me')).statusCode).toBe(200);
      // While required, it cannot be turned off.
      const off = await b.request('DELETE', '/api/me/two-factor', { password: 'password123' });
      expect(off.json().code).toBe('auth.two_factor_required');
      expect((await b.request('GET', '/api/me/two-factor')).json().required).toBe(true);
      nextStep();

      // A new sign-up under "everyone" sets it up before its first session.
      const signup = (await t.client().register('tf_newcomer')).json();
      expect(signup.twoFactor.step).toBe('enroll');
      await admin.request('PUT', '/api/admin/sign-in-policy', { twoFactor: 'optional' });
    });

    it('AUTH-16: sign-ins, failures, enrolments, resets and recovery codes are audited, never a secret or code', async () => {
      const rows = await t.db.kysely
        .selectFrom('audit_log')
        .select(['action', 'detail'])
        .where('action', 'like', 'auth.%')
        .execute();
      const actions = new Set(rows.map((r) => r.action));
      for (const a of [
        'auth.login',
        'auth.login_failed',
        'auth.two_factor_enabled',
        'auth.two_factor_disabled',
        'auth.two_factor_reset',
        'auth.recovery_code_used',
        'auth.recovery_codes_renewed',
      ])
        expect(actions, a).toContain(a);
      const details = rows.map((r) => JSON.parse(r.detail) as Record<string, unknown>);
      expect(details).toContainEqual(expect.objectContaining({ method: 'local+totp' }));
      expect(details).toContainEqual(expect.objectContaining({ method: 'local+recovery' }));
      expect(details).toContainEqual(expect.objectContaining({ reason: 'auth.two_factor_invalid' }));
      const text = JSON.stringify(details);
      expect(text).not.toContain(adminSecret);
      expect(text).not.toMatch(/"code"|secret|[a-z2-7]{4}-[a-z2-7]{4}/);
    });
    it('AUTH-16, ACCT-5: someone made an administrator while admins must use it is signed out to enrol', async () => {
      const policy = (twoFactor: string) => admin.request('PUT', '/api/admin/sign-in-policy', { twoFactor });
      expect((await policy('admins')).statusCode).toBe(200);
      try {
        const c = await member('tf_promoted');
        const id = (await c.request('GET', '/api/me')).json().user.id as string;
        const res = await admin.request('POST', `/api/admin/users/${id}/admin`, { admin: true });
        expect(res.json().user.isAdmin).toBe(true);
        expect((await c.request('GET', '/api/me')).statusCode).toBe(401);
        expect((await t.client().login('tf_promoted')).json().twoFactor.step).toBe('enroll');
        await admin.request('POST', `/api/admin/users/${id}/admin`, { admin: false });
      } finally {
        await policy('optional');
      }
    });
  });

  describe.skipIf(skip)(`two-step verification attempts (${kind})`, () => {
    let t: TestApp;
    const now = Date.UTC(2026, 10, 3, 9, 0, 10);
    beforeAll(async () => {
      t = await startTestApp({ kind, build: { now: () => now }, env: { RATE_LIMIT_TWO_FACTOR: '3/min' } });
    });
    afterAll(() => t.close());

    it('AUTH-16: code attempts are rate-limited per account (429), whatever the challenge', async () => {
      const c = t.client();
      await c.register('tf_limited');
      const { secret } = (await c.request('POST', '/api/me/two-factor/setup')).json();
      expect((await c.request('POST', '/api/me/two-factor', { code: codeAt(secret, now) })).statusCode).toBe(
        200,
      );
      // That was one attempt; two wrong codes on two different sign-ins make three.
      for (let i = 0; i < 2; i++) {
        const b = t.client();
        const ch = (await b.login('tf_limited')).json().twoFactor.challenge;
        const res = await b.request('POST', '/api/login/two-factor', { challenge: ch, code: '000000' });
        expect(res.json().code).toBe('auth.two_factor_invalid');
      }
      const b = t.client();
      const ch = (await b.login('tf_limited')).json().twoFactor.challenge;
      const limited = await b.request('POST', '/api/login/two-factor', {
        challenge: ch,
        code: codeAt(secret, now),
      });
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toMatchObject({ code: 'rate.limited', error: expect.any(String) });
      expect(limited.headers['retry-after']).toBeDefined();
      // Another account is not affected.
      const other = t.client();
      await other.register('tf_unlimited');
      expect((await other.request('POST', '/api/me/two-factor/setup')).statusCode).toBe(200);
    });
  });
}
