import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';

/** The company's people as the test identity provider knows them (sub → claims). */
export const IDP_PEOPLE = {
  'sub-minji': {
    preferred_username: 'minji',
    name: '김민지',
    email: 'minji@corp.example',
    email_verified: true,
    department: '개발팀',
    groups: ['staff', 'messenger-admins'],
  },
  'sub-junho': {
    preferred_username: 'junho',
    name: 'Junho Park',
    email: 'junho@corp.example',
    email_verified: true,
    department: '영업팀',
    groups: ['staff'],
  },
  'sub-unverified': {
    preferred_username: 'sora',
    name: '이소라',
    email: 'sora@corp.example',
    email_verified: false,
    department: '인사팀',
    groups: ['staff'],
  },
  'sub-hana': {
    preferred_username: 'hana_sso',
    name: '정하나',
    email: 'hana@corp.example',
    email_verified: true,
    department: '재무팀',
    groups: ['staff'],
  },
  'sub-boss': {
    preferred_username: 'boss',
    name: '대표',
    email: 'boss@corp.example',
    email_verified: true,
    department: null,
    groups: ['staff'],
  },
  'sub-badname': {
    preferred_username: 'no spaces allowed',
    name: 'Bad Name',
    email: 'bad@corp.example',
    email_verified: true,
    department: null,
    groups: [],
  },
} as const;
export type IdpLogin = keyof typeof IDP_PEOPLE;

export const IDP_CLIENT_ID = 'messenger';
export const IDP_CLIENT_SECRET = 'idp-client-secret-0123456789';
export const IDP_ADMIN_GROUP = 'messenger-admins';

type Person = {
  preferred_username: string;
  name: string;
  email: string;
  email_verified: boolean;
  department: string | null;
  groups: string[];
};

export interface TestIdp {
  /** The issuer URL (http://127.0.0.1:<port>). */
  issuer: string;
  /** What the provider says of each subject; tests change it between sign-ins. */
  people: Record<string, Person>;
  /** The env a messenger needs to use this provider, given its callback URL. */
  env(redirectUrl: string): Record<string, string>;
  stop(): Promise<void>;
}

/**
 * A real OpenID provider (`oidc-provider`, the certified implementation) on a loopback port, with the built-in
 * development login and consent pages: any of IDP_PEOPLE's subjects typed as the login signs in. PKCE is
 * required, as real providers do for this flow. Claims go into the ID token as well as userinfo.
 */
export async function startTestIdp(opts: { redirectUris: string[] }): Promise<TestIdp> {
  const people = structuredClone(IDP_PEOPLE) as unknown as Record<string, Person>;
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const configuration: Configuration = {
    clients: [
      {
        client_id: IDP_CLIENT_ID,
        client_secret: IDP_CLIENT_SECRET,
        redirect_uris: opts.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username', 'department', 'groups'],
      email: ['email', 'email_verified'],
    },
    conformIdTokenClaims: false,
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 3600, IdToken: 3600 },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, sub) {
      const person = people[sub];
      if (!person) return undefined;
      return { accountId: sub, claims: () => ({ sub, ...person }) };
    },
  };
  const provider = new Provider(issuer, configuration);
  // Its warnings about development keys and the in-memory adapter are expected here.
  provider.on('server_error', () => {});
  server.on('request', provider.callback());
  return {
    issuer,
    people,
    env: (redirectUrl) => ({
      OIDC_ISSUER_URL: issuer,
      OIDC_CLIENT_ID: IDP_CLIENT_ID,
      OIDC_CLIENT_SECRET: IDP_CLIENT_SECRET,
      OIDC_REDIRECT_URL: redirectUrl,
      OIDC_ADMIN_GROUP: IDP_ADMIN_GROUP,
    }),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Cookies of one browser at the provider, enough for its redirects and forms. */
class Jar {
  private readonly cookies = new Map<string, string>();
  absorb(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1));
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * Plays the user's browser at the provider: follows its redirects from the authorization URL, signs in as
 * `login` on the development login page, consents, and returns the URL the provider sends the browser back to
 * (the messenger's callback with `code`, `state` and `iss`). Stops as soon as a redirect leaves the provider.
 */
export async function signInAtIdp(authorizationUrl: string, login: string): Promise<string> {
  const jar = new Jar();
  const origin = new URL(authorizationUrl).origin;
  let url = authorizationUrl;
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < 20; hop++) {
    const res = await fetch(url, {
      method: body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: jar.header() },
      ...(body ? { body } : {}),
    });
    jar.absorb(res);
    body = undefined;
    const location = res.headers.get('location');
    if (location) {
      const next = new URL(location, url).toString();
      if (!next.startsWith(origin)) return next;
      url = next;
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (res.status !== 200 || !action || !prompt)
      throw new Error(`the provider answered ${res.status}: ${html.slice(0, 300)}`);
    url = new URL(action.replace(/&amp;/g, '&'), url).toString();
    body = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'any' } : { prompt });
  }
  throw new Error('too many redirects at the provider');
}
