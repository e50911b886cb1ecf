import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseRateLimit } from './config.ts';

describe('CFG-1: configuration', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 5000,
      host: '0.0.0.0',
      sessionTimeoutHours: 72,
      maxUploadBytes: 16 * 1024 * 1024,
      openRegistration: true,
      trustProxy: false,
    });
    expect(c.redisUrl).toBeUndefined();
    expect(c.dataDir).toBe(path.resolve('data'));
    expect(c.databaseUrl).toBe(`sqlite:${path.resolve('data', 'messenger.db')}`);
  });

  it('reads environment variables over the JSON file, and flags over both', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mx-cfg-'));
    const file = path.join(dir, 'config.json');
    writeFileSync(
      file,
      JSON.stringify({ port: 6000, openRegistration: false, rateLimits: { login: '10/min' } }),
    );
    const c = loadConfig({ CONFIG_FILE: file, HOST: '127.0.0.1' });
    expect(c).toMatchObject({ port: 6000, host: '127.0.0.1', openRegistration: false });
    expect(c.rateLimits.login).toEqual({ max: 10, windowSeconds: 60 });
    expect(loadConfig({ CONFIG_FILE: file, PORT: '7000' }).port).toBe(7000);
    expect(loadConfig({ CONFIG_FILE: file, PORT: '7000' }, { PORT: '8000' }).port).toBe(8000);
  });

  it('an invalid configuration lists every problem at once', () => {
    let err: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        OPEN_REGISTRATION: 'maybe',
        DATABASE_URL: 'mysql://x',
        RATE_LIMIT_LOGIN: 'lots',
        SESSION_TIMEOUT_HOURS: '0',
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join('\n');
    for (const name of [
      'PORT',
      'OPEN_REGISTRATION',
      'DATABASE_URL',
      'RATE_LIMIT_LOGIN',
      'SESSION_TIMEOUT_HOURS',
    ]) {
      expect(problems).toContain(name);
    }
    expect((err as ConfigError).problems).toHaveLength(5);
  });

  it('a config file with an unknown key or bad JSON is reported', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mx-cfg-'));
    writeFileSync(path.join(dir, 'a.json'), '{"prot": 1}');
    writeFileSync(path.join(dir, 'b.json'), '{nope');
    expect(() => loadConfig({ CONFIG_FILE: path.join(dir, 'a.json') })).toThrow(/unknown option "prot"/);
    expect(() => loadConfig({ CONFIG_FILE: path.join(dir, 'b.json') })).toThrow(ConfigError);
  });

  it('AUTH-13: LDAP_STARTTLS is for ldap:// URLs; with ldaps:// it is a mistake reported at start', () => {
    const ldap = { LDAP_BASE_DN: 'dc=example,dc=org', LDAP_STARTTLS: 'true' };
    expect(loadConfig({ ...ldap, LDAP_URL: 'ldap://dc1.corp.local' }).ldapStartTls).toBe(true);
    expect(() => loadConfig({ ...ldap, LDAP_URL: 'ldaps://dc1.corp.local' })).toThrow(
      /LDAP_STARTTLS: only for ldap:\/\/ URLs/,
    );
  });

  it('rate limits read as count per unit', () => {
    expect(parseRateLimit('5/min')).toEqual({ max: 5, windowSeconds: 60 });
    expect(parseRateLimit('3/hour')).toEqual({ max: 3, windowSeconds: 3600 });
    expect(parseRateLimit('100/10s')).toEqual({ max: 100, windowSeconds: 10 });
    expect(() => parseRateLimit('0/min')).toThrow();
    expect(() => parseRateLimit('5 per minute')).toThrow();
  });
});
