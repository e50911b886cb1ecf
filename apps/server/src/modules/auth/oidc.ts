import * as oidc from 'openid-client';

/**
 * OpenID Connect single sign-on (AUTH-15): the authorization code flow with PKCE (S256), state and nonce, on
 * `openid-client`. The provider's metadata is discovered on first use and kept; a provider that was down is
 * asked again on the next attempt.
 */

export interface OidcOptions {
  issuerUrl: string;
  clientId: string;
  /** Unset for a public client. */
  clientSecret?: string | undefined;
  redirectUrl: string;
  scopes: string;
  usernameClaim: string;
  groupsClaim: string;
  /** Members of this group are server administrators; unset: the admin flag is not the provider's business. */
  adminGroup?: string | undefined;
  /** The messenger's clock (tests move it); protocol time checks follow it. */
  now: () => number;
}

/** What the login keeps until the provider sends the browser back (never sent to the browser). */
export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Who the provider says signed in. */
export interface OidcIdentity {
  /** The provider's stable subject identifier. */
  sub: string;
  /** The username claim, unchecked. */
  username: string | null;
  displayName: string | null;
  /** Only a verified address. */
  email: string | null;
  department: string | null;
  /** null when no admin group is configured. */
  isAdmin: boolean | null;
}

/** The provider could not be reached, or its discovery document is unusable: not the user's fault. */
export class OidcUnavailableError extends Error {}
/** The provider's answer failed a check (state, code, issuer, audience, signature, expiry, nonce). */
export class OidcRejectedError extends Error {}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

export class OidcClient {
  private readonly o: OidcOptions;
  private server: oidc.ServerMetadata | null = null;
  private jwks: ReturnType<typeof oidc.getJwksCache>;

  constructor(o: OidcOptions) {
    this.o = o;
  }

  private get insecure(): boolean {
    return this.o.issuerUrl.startsWith('http:');
  }

  private auth(): oidc.ClientAuth {
    return this.o.clientSecret ? oidc.ClientSecretBasic(this.o.clientSecret) : oidc.None();
  }

  /** A configuration on the discovered metadata whose clock is the messenger's. */
  private async configuration(): Promise<oidc.Configuration> {
    if (!this.server) {
      try {
        const found = await oidc.discovery(new URL(this.o.issuerUrl), this.o.clientId, {}, this.auth(), {
          ...(this.insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
          timeout: 10,
        });
        this.server = found.serverMetadata();
      } catch (err) {
        throw new OidcUnavailableError(`OIDC discovery failed: ${(err as Error).message}`, { cause: err });
      }
    }
    const skew = Math.round((this.o.now() - Date.now()) / 1000);
    const config = new oidc.Configuration(
      this.server,
      this.o.clientId,
      { [oidc.clockSkew]: skew, [oidc.clockTolerance]: 30 },
      this.auth(),
    );
    if (this.insecure) oidc.allowInsecureRequests(config);
    if (this.jwks) oidc.setJwksCache(config, this.jwks);
    return config;
  }

  /** The provider's authorization URL for a new login, and what to keep until the browser comes back. */
  async start(): Promise<{ url: string; pending: PendingLogin }> {
    const config = await this.configuration();
    const pending = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
    };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.o.redirectUrl,
      scope: this.o.scopes,
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.toString(), pending };
  }

  /**
   * Checks the provider's answer (`query` is the callback's query string) against the pending login,
   * exchanges the code and verifies the ID token (signature, issuer, audience, expiry, nonce); userinfo adds
   * what the ID token leaves out.
   */
  async finish(query: string, pending: PendingLogin): Promise<OidcIdentity> {
    const config = await this.configuration();
    const callback = new URL(this.o.redirectUrl);
    callback.search = query;
    let claims: Record<string, unknown>;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (!idClaims) throw new OidcRejectedError('no ID token');
      claims = { ...idClaims };
      if (this.server?.userinfo_endpoint && tokens.access_token) {
        const info = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
        claims = { ...info, ...idClaims };
      }
    } catch (err) {
      if (err instanceof OidcRejectedError) throw err;
      if (err instanceof TypeError || (err as { code?: string }).code === 'OAUTH_TIMEOUT')
        throw new OidcUnavailableError(`OIDC provider unreachable: ${(err as Error).message}`, {
          cause: err,
        });
      throw new OidcRejectedError((err as Error).message, { cause: err });
    } finally {
      this.jwks = oidc.getJwksCache(config) ?? this.jwks;
    }
    const groups = claims[this.o.groupsClaim];
    return {
      sub: String(claims.sub),
      username: text(claims[this.o.usernameClaim]),
      displayName: text(claims.name),
      email: claims.email_verified === true ? text(claims.email) : null,
      department: text(claims.department),
      isAdmin: this.o.adminGroup ? Array.isArray(groups) && groups.includes(this.o.adminGroup) : null,
    };
  }
}
