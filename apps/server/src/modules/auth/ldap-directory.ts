import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { Client, InvalidCredentialsError, type Entry } from 'ldapts';

/**
 * A company directory (LDAP or Active Directory) that checks a username and password for `POST /api/login`
 * (AUTH-13). As directories expect: a service account searches for the user with an escaped filter, then the
 * user's own DN binds with the typed password; over `ldaps://` or StartTLS, the certificate is verified first.
 */

export interface LdapOptions {
  url: string;
  /** The service account that may search (empty: an anonymous search, where the directory allows it). */
  bindDn: string;
  bindPassword: string;
  baseDn: string;
  /** `{username}` is replaced by the escaped username: `(uid={username})`, `(sAMAccountName={username})` on AD. */
  userFilter: string;
  /** Members (`member` attribute) of this group are server administrators. */
  adminGroupDn?: string | undefined;
  attributes: { username: string; displayName: string; email: string; department: string };
  /** `ldap://` upgraded with StartTLS before any bind. (`ldaps://` URLs are TLS from the start.) */
  startTls?: boolean;
  /** A CA certificate (PEM) the directory's certificate must chain to. */
  caFile?: string | undefined;
  timeoutMs?: number;
}

/** Who the directory says signed in. */
export interface DirectoryUser {
  dn: string;
  username: string;
  displayName: string;
  email: string | null;
  department: string | null;
  isAdmin: boolean;
}

/** What sign-in needs of a directory (LdapDirectory; the auth service sees only this). */
export interface Directory {
  authenticate(username: string, password: string): Promise<DirectoryUser | null>;
  ping(): Promise<boolean>;
}

/**
 * The directory could not be reached, its TLS certificate was not trusted, or it refused the service account:
 * not the user's fault. The reason is the `cause` (never holding a password: ldapts errors do not quote requests).
 */
export class DirectoryUnreachableError extends Error {
  constructor(url: string, cause: unknown) {
    super(`directory ${url} could not be used`, { cause });
    this.name = 'DirectoryUnreachableError';
  }
}

/** RFC 4515: a value inside a filter, with `\`, `*`, `(`, `)` and NUL escaped, so it matches only itself. */
export function escapeFilterValue(value: string): string {
  return value.replace(/[\\*()\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

const first = (entry: Entry, attr: string): string | null => {
  const v = entry[attr];
  const one = Array.isArray(v) ? v[0] : v;
  if (one === undefined) return null;
  return Buffer.isBuffer(one) ? one.toString('utf8') : String(one);
};

/** How TLS to the directory is checked: its certificate chains to `ca` (else Node's public CAs) and names `host`. */
function tlsOptionsFor(url: string, caFile: string | undefined): ConnectionOptions {
  const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    // Node checks the certificate's names against `host`; SNI (`servername`) takes host names, never addresses.
    host,
    ...(isIP(host) ? {} : { servername: host }),
    minVersion: 'TLSv1.2',
    ...(caFile ? { ca: readFileSync(caFile) } : {}),
  };
}

export class LdapDirectory implements Directory {
  private readonly o: LdapOptions;
  private readonly tlsOptions: ConnectionOptions;
  private readonly ldaps: boolean;

  constructor(options: LdapOptions) {
    this.o = options;
    this.ldaps = options.url.toLowerCase().startsWith('ldaps:');
    this.tlsOptions = tlsOptionsFor(options.url, options.caFile);
  }

  /** A connection, upgraded with StartTLS when configured; not bound yet, so no password crosses in clear. */
  private async open(): Promise<Client> {
    const client = new Client({
      url: this.o.url,
      timeout: this.o.timeoutMs ?? 5000,
      connectTimeout: this.o.timeoutMs ?? 5000,
      // Only for ldaps://: given TLS options, ldapts speaks TLS from the first byte, which an ldap:// port
      // (where StartTLS upgrades) does not understand. Copies: ldapts writes the socket into them.
      ...(this.ldaps ? { tlsOptions: { ...this.tlsOptions } } : {}),
    });
    if (this.o.startTls && !this.ldaps) {
      try {
        await client.startTLS({ ...this.tlsOptions });
      } catch (err) {
        await client.unbind().catch(() => {});
        throw err;
      }
    }
    return client;
  }

  /** A connection bound as the service account. */
  private async connect(): Promise<Client> {
    let client: Client | undefined;
    try {
      client = await this.open();
      if (this.o.bindDn) await client.bind(this.o.bindDn, this.o.bindPassword);
    } catch (err) {
      await client?.unbind().catch(() => {});
      throw new DirectoryUnreachableError(this.o.url, err);
    }
    return client;
  }

  /**
   * The directory's user for this username and password, or null when either is wrong (never saying which).
   * Throws DirectoryUnreachableError when the directory cannot answer.
   */
  async authenticate(username: string, password: string): Promise<DirectoryUser | null> {
    // An empty password would be an unauthenticated bind, which directories accept: never a sign-in.
    if (password.length === 0 || username.trim().length === 0) return null;
    const a = this.o.attributes;
    const service = await this.connect();
    let entry: Entry | undefined;
    let isAdmin = false;
    try {
      const { searchEntries } = await service.search(this.o.baseDn, {
        scope: 'sub',
        filter: this.o.userFilter.replaceAll('{username}', escapeFilterValue(username)),
        attributes: [a.username, a.displayName, a.email, a.department],
        sizeLimit: 2,
      });
      // Zero or several matches: no one signs in (several would mean the filter is not unique).
      if (searchEntries.length !== 1) return null;
      entry = searchEntries[0]!;
      if (this.o.adminGroupDn) {
        const { searchEntries: groups } = await service.search(this.o.adminGroupDn, {
          scope: 'base',
          filter: `(member=${escapeFilterValue(entry.dn)})`,
          attributes: ['dn'],
        });
        isAdmin = groups.length === 1;
      }
    } catch (err) {
      if (err instanceof DirectoryUnreachableError) throw err;
      throw new DirectoryUnreachableError(this.o.url, err);
    } finally {
      await service.unbind().catch(() => {});
    }

    let asUser: Client | undefined;
    try {
      asUser = await this.open();
      await asUser.bind(entry.dn, password);
    } catch (err) {
      if (err instanceof InvalidCredentialsError) return null;
      throw new DirectoryUnreachableError(this.o.url, err);
    } finally {
      await asUser?.unbind().catch(() => {});
    }
    return {
      dn: entry.dn,
      username: first(entry, a.username) ?? username,
      displayName: first(entry, a.displayName) ?? username,
      email: first(entry, a.email),
      department: first(entry, a.department),
      isAdmin,
    };
  }

  /** Whether the directory answers the service account (for /readyz). */
  async ping(): Promise<boolean> {
    try {
      const c = await this.connect();
      await c.unbind().catch(() => {});
      return true;
    } catch {
      return false;
    }
  }
}
