import { describe, expect, it } from 'vitest';
import { startTestApp } from '../test/harness.ts';

describe('SEC-5: logs', () => {
  it('are JSON with request ids and never contain passwords, cookies or CSRF tokens', async () => {
    const lines: string[] = [];
    const t = await startTestApp({
      env: { LOG_LEVEL: 'trace' },
      build: { logger: undefined, logStream: { write: (line: string) => void lines.push(line) } },
    });
    try {
      const c = t.client();
      await c.register('log_user', 'Sup3r-Secret-Pw');
      await c.request('PUT', '/api/me/password', {
        currentPassword: 'Sup3r-Secret-Pw',
        newPassword: 'An0ther-Secret-Pw',
      });
      await c.login('log_user', 'wrong-Secret-Pw');
      await c.request('POST', '/api/login', undefined, {
        raw: '{"password": "Broken-Secret-Pw',
        headers: { 'content-type': 'application/json' },
      });
      const text = lines.join('');
      expect(lines.length).toBeGreaterThan(5);
      const parsed = lines.map((l) => JSON.parse(l) as { reqId?: string });
      expect(parsed.filter((l) => l.reqId).length).toBeGreaterThan(5);
      for (const secret of [
        'Sup3r-Secret-Pw',
        'An0ther-Secret-Pw',
        'wrong-Secret-Pw',
        'Broken-Secret-Pw',
        c.sessionCookie!,
        c.csrfToken,
      ]) {
        expect(text).not.toContain(secret);
      }
    } finally {
      await t.close();
    }
  });
});
