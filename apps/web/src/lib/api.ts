import {
  AuthProvidersResponse,
  ChangePasswordResponse,
  ConfigResponse,
  CSRF_HEADER,
  ErrorEnvelope,
  LoginResponse,
  LoginSuccess,
  LogoutResponse,
  MeResponse,
  OkResponse,
  SessionsResponse,
  TwoFactorEnrollResponse,
  type LoginPending,
  type ChangePasswordBody,
  type LoginBody,
  type RegisterBody,
  isErrorCode,
  type ErrorCode,
  type SelfUser,
} from '@messenger/shared';

/** What a login or sign-up gives: the signed-in user, or the second-factor step before it (AUTH-16). */
export type LoginOutcome = { user: SelfUser } | { twoFactor: LoginPending['twoFactor'] };

/** Codes the client makes up itself when there is no server answer to read one from. */
export type ClientErrorCode =
  'network.unreachable' | 'network.offline' | 'network.timeout' | 'response.invalid';

/** Every code a failed call can carry: the server's (shared) and the client's own. */
export type AnyErrorCode = ErrorCode | ClientErrorCode;

/** Codes that mean "this browser is no longer signed in". */
const AUTH_LOST_CODES = new Set<AnyErrorCode>([
  'auth.required',
  'auth.session_expired',
  'auth.session_revoked',
]);

/** A failed API call: the stable `code` to branch on, the server's localized message as a fallback. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: AnyErrorCode;
  readonly fields: { path: string; message: string }[];

  constructor(status: number, code: AnyErrorCode, message: string, fields: ApiError['fields'] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

/** Whether an error is an `ApiError` with one of the given codes. */
export function isApiError(err: unknown, ...codes: AnyErrorCode[]): err is ApiError {
  return err instanceof ApiError && (codes.length === 0 || codes.includes(err.code));
}

/** Whether an error code means the session is gone (expired, revoked or never there). */
export function isAuthLostCode(code: AnyErrorCode): boolean {
  return AUTH_LOST_CODES.has(code);
}

/** What the client needs of a schema: the shared zod schemas fit, and so does a hand-written check. */
export interface ResponseSchema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

export interface ApiClientOptions {
  /** The fetch to use; tests pass a fake. Defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Prefix of every path; empty for same-origin. */
  baseUrl?: string;
  /** The UI language, sent as Accept-Language so server messages match the UI. */
  language?: () => string;
}

interface RequestOptions<T> {
  body?: unknown;
  schema: ResponseSchema<T>;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * The one way the web client talks HTTP to the server. Keeps the CSRF token (refreshing it once when the
 * server says it is stale, e.g. after a login in another tab changed the cookie) and turns every failure
 * into an `ApiError`.
 */
export class ApiClient {
  private readonly fetchFn: typeof fetch;
  private readonly baseUrl: string;
  private readonly language: () => string | undefined;
  private csrfToken: string | null = null;
  private lastConfig: ConfigResponse | null = null;
  private authLostListener: ((code: AnyErrorCode) => void) | null = null;

  constructor(options: ApiClientOptions = {}) {
    // Bound so a plain `fetch` keeps its `this` (calling it unbound throws "Illegal invocation").
    this.fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.baseUrl = options.baseUrl ?? '';
    this.language = options.language ?? (() => undefined);
  }

  /** Called whenever a request fails because the session is gone; the app returns to the login screen. */
  onAuthLost(listener: ((code: AnyErrorCode) => void) | null): void {
    this.authLostListener = listener;
  }

  /** Loads the bootstrap config and keeps its CSRF token. */
  async config(): Promise<ConfigResponse> {
    const config = await this.send('GET', '/api/config', { schema: ConfigResponse }, false);
    this.csrfToken = config.csrfToken;
    this.lastConfig = config;
    return config;
  }

  /** The config last loaded (limits such as the largest upload), or null before the first load. */
  get loadedConfig(): ConfigResponse | null {
    return this.lastConfig;
  }

  /**
   * Headers for a state-changing request sent outside `fetch` (uploads go through XHR for progress):
   * CSRF token and language. `fresh` reloads the token first, after the server called it stale.
   */
  async writeHeaders(fresh = false): Promise<Record<string, string>> {
    if (fresh || this.csrfToken === null) await this.config();
    const headers: Record<string, string> = { accept: 'application/json' };
    const language = this.language();
    if (language) headers['accept-language'] = language;
    if (this.csrfToken !== null) headers[CSRF_HEADER] = this.csrfToken;
    return headers;
  }

  /** Tells the app that a request made outside this client found the session gone. */
  reportError(err: unknown): void {
    if (err instanceof ApiError && isAuthLostCode(err.code)) this.authLostListener?.(err.code);
  }

  /** The sign-in methods the login screen offers (AUTH-14). */
  async providers(): Promise<AuthProvidersResponse> {
    return this.send('GET', '/api/auth/providers', { schema: AuthProvidersResponse }, false);
  }

  /** The signed-in user; fails with `auth.*` when there is none. */
  async me(): Promise<SelfUser> {
    return (await this.request('GET', '/api/me', { schema: MeResponse })).user;
  }

  /**
   * Logs in; the server answers with a new cookie and the CSRF token bound to it, or with the second-factor
   * step that must come first (AUTH-16).
   */
  async login(body: LoginBody): Promise<LoginOutcome> {
    return this.outcome(await this.request('POST', '/api/login', { body, schema: LoginResponse }));
  }

  /** Creates the account and logs in (or asks for two-step verification to be set up first). */
  async register(body: RegisterBody): Promise<LoginOutcome> {
    return this.outcome(await this.request('POST', '/api/register', { body, schema: LoginResponse }));
  }

  /** Finishes a login with a code from the authenticator app or a recovery code (AUTH-16). */
  async loginTwoFactor(challenge: string, code: string): Promise<SelfUser> {
    const body = { challenge, code };
    const res = await this.request('POST', '/api/login/two-factor', { body, schema: LoginSuccess });
    this.csrfToken = res.csrfToken;
    return res.user;
  }

  /** Turns two-step verification on at login with a first code: the session and the recovery codes. */
  async loginTwoFactorEnroll(
    challenge: string,
    code: string,
  ): Promise<{ user: SelfUser; recoveryCodes: string[] }> {
    const body = { challenge, code };
    const schema = TwoFactorEnrollResponse;
    const res = await this.request('POST', '/api/login/two-factor/enroll', { body, schema });
    this.csrfToken = res.csrfToken;
    return { user: res.user, recoveryCodes: res.recoveryCodes };
  }

  private outcome(res: LoginResponse): LoginOutcome {
    if ('twoFactor' in res) return { twoFactor: res.twoFactor };
    this.csrfToken = res.csrfToken;
    return { user: res.user };
  }

  /** Ends the current session. */
  async logout(): Promise<void> {
    const res = await this.request('POST', '/api/logout', { schema: LogoutResponse });
    this.csrfToken = res.csrfToken;
  }

  /** Deletes the caller's account, confirmed by the password (ACCT-1); every session ends. */
  async deleteAccount(password: string): Promise<void> {
    const res = await this.request('DELETE', '/api/me', { body: { password }, schema: LogoutResponse });
    this.csrfToken = res.csrfToken;
  }

  /** Changes the password; every other session of the user is signed out. */
  changePassword(body: ChangePasswordBody): Promise<ChangePasswordResponse> {
    return this.request('PUT', '/api/me/password', { body, schema: ChangePasswordResponse });
  }

  /** The caller's active sessions. */
  async sessions(): Promise<SessionsResponse['sessions']> {
    return (await this.request('GET', '/api/me/sessions', { schema: SessionsResponse })).sessions;
  }

  /** Signs out one session of the caller. */
  async revokeSession(id: string): Promise<void> {
    await this.request('DELETE', `/api/me/sessions/${encodeURIComponent(id)}`, { schema: OkResponse });
  }

  /** Any JSON endpoint, checked against its response schema (feature modules build their calls on it). */
  call<T>(method: Method, path: string, schema: ResponseSchema<T>, body?: unknown): Promise<T> {
    return this.request(method, path, { body, schema });
  }

  private async request<T>(method: Method, path: string, options: RequestOptions<T>): Promise<T> {
    try {
      return await this.send(method, path, options, true);
    } catch (err) {
      // The token is bound to the cookie, which another tab may have replaced: fetch a fresh one, once.
      if (!isApiError(err, 'csrf.invalid')) throw this.reportAuthLost(err, path);
      await this.config();
      try {
        return await this.send(method, path, options, true);
      } catch (retryErr) {
        throw this.reportAuthLost(retryErr, path);
      }
    }
  }

  private reportAuthLost(err: unknown, path: string): unknown {
    // A failed login is a wrong password, not a lost session.
    const isLoginAttempt = path.startsWith('/api/login') || path === '/api/register';
    if (err instanceof ApiError && isAuthLostCode(err.code) && !isLoginAttempt)
      this.authLostListener?.(err.code);
    return err;
  }

  private async send<T>(method: Method, path: string, options: RequestOptions<T>, csrf: boolean): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const language = this.language();
    if (language) headers['accept-language'] = language;
    if (method !== 'GET') {
      if (csrf && this.csrfToken === null) await this.config();
      if (this.csrfToken !== null) headers[CSRF_HEADER] = this.csrfToken;
    }
    if (options.body !== undefined) headers['content-type'] = 'application/json';

    let response: Response;
    try {
      response = await this.fetchFn(this.baseUrl + path, {
        method,
        headers,
        credentials: 'same-origin',
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
    } catch {
      throw new ApiError(0, 'network.unreachable', 'The server cannot be reached.');
    }

    const payload: unknown = await response.json().catch(() => undefined);
    if (!response.ok) throw errorFrom(response.status, payload);
    const parsed = options.schema.safeParse(payload);
    if (!parsed.success)
      throw new ApiError(response.status, 'response.invalid', 'Unexpected server response.');
    return parsed.data;
  }
}

/** The `ApiError` for a failed response; a body that is not our envelope (a proxy's page) gets a code by status. */
export function errorFrom(status: number, payload: unknown): ApiError {
  const envelope = ErrorEnvelope.safeParse(payload);
  if (envelope.success) {
    const { code, error, fields } = envelope.data;
    // The server sends only shared codes; anything else is not our envelope's promise.
    return new ApiError(status, isErrorCode(code) ? code : 'response.invalid', error, fields);
  }
  const code = status === 429 ? 'rate.limited' : status >= 502 ? 'server.unavailable' : 'server.internal';
  return new ApiError(status, code, `HTTP ${status}`);
}
