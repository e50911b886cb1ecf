import { z } from 'zod';

/**
 * Who may sign in how (AUTH-14): the server administrator's switches, kept in the database so every process
 * reads the same. Company sign-in (OIDC, LDAP) itself is configured by the operator; these decide what else
 * stays open beside it.
 */
export const SignInPolicy = z
  .object({
    /** Anyone may create a local account from the login screen. */
    localSignup: z.boolean(),
    /**
     * Local accounts sign in with their password here. Off only while company sign-in is configured; the
     * first administrator keeps this login anyway (break-glass).
     */
    localLogin: z.boolean(),
    /** Who must use a second factor (TOTP) on a local account: nobody, server administrators, or everyone. */
    twoFactor: z.enum(['optional', 'admins', 'everyone']),
    /**
     * A first OIDC sign-in whose verified email equals an existing local account's takes that account over
     * instead of making a new one.
     */
    linkOidcByEmail: z.boolean(),
  })
  .meta({ id: 'SignInPolicy' });
export type SignInPolicy = z.infer<typeof SignInPolicy>;

/** `PUT /api/admin/sign-in-policy` body: the switches to change (at least one: an empty change is a mistake). */
export const SignInPolicyUpdate = SignInPolicy.partial()
  .refine((change) => Object.keys(change).length > 0, { message: 'validation.required' })
  .meta({ id: 'SignInPolicyUpdate' });
export type SignInPolicyUpdate = z.input<typeof SignInPolicyUpdate>;

/** `GET|PUT /api/admin/sign-in-policy` response: the policy and what the operator configured. */
export const SignInPolicyResponse = z
  .object({
    policy: SignInPolicy,
    /** Which company sign-in methods the server is configured with (local login can be turned off only then). */
    sso: z.object({ oidc: z.boolean(), ldap: z.boolean() }),
    /** The first administrator's username: they keep local login when it is off (break-glass). */
    breakGlassUsername: z.string().nullable(),
  })
  .meta({ id: 'SignInPolicyResponse' });
export type SignInPolicyResponse = z.infer<typeof SignInPolicyResponse>;

/** A sign-in method that leaves the login form for another page (the original's shape, camelCased). */
export const AuthProvider = z
  .object({
    type: z.literal('oidc'),
    /** Stable provider name. */
    provider: z.string(),
    /** What the button says (OIDC_BUTTON_LABEL), or null for the client's own wording. */
    label: z.string().nullable(),
    /** Where the button goes. */
    loginUrl: z.string(),
  })
  .meta({ id: 'AuthProvider' });
export type AuthProvider = z.infer<typeof AuthProvider>;

/** `GET /api/auth/providers`: exactly the sign-in methods the login screen shows. */
export const AuthProvidersResponse = z
  .object({
    providers: z.array(AuthProvider),
    /** The username and password form is shown (local accounts, or directory accounts with LDAP). */
    passwordLogin: z.boolean(),
    /** The form checks usernames against the company directory (LDAP / Active Directory). */
    directory: z.boolean(),
    /** Local sign-up is offered. */
    signup: z.boolean(),
  })
  .meta({ id: 'AuthProvidersResponse' });
export type AuthProvidersResponse = z.infer<typeof AuthProvidersResponse>;
