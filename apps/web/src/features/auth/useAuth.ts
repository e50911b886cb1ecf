import type {
  AuthProvidersResponse,
  ConfigResponse,
  ErrorCode,
  LoginBody,
  LoginPending,
  RegisterBody,
  SelfUser,
} from '@messenger/shared';
import { useCallback, useEffect, useState } from 'react';
import { isApiError, isAuthLostCode, type ApiClient, type LoginOutcome } from '../../lib/api.ts';
import { wipeE2eDevice } from '../e2e/device.ts';
import { noticeForCode, type SignedOutNotice } from './notices.ts';
import { takeSsoError } from './sso.ts';

/** Where the app stands with the server. */
export type AuthState =
  | { status: 'loading' }
  | { status: 'unreachable' }
  | { status: 'anonymous'; notice: SignedOutNotice | null; lastUsername: string }
  | { status: 'authenticated'; user: SelfUser }
  /** Signed in with an administrator's temporary password: a new one comes first (ACCT-8). */
  | { status: 'passwordChange'; user: SelfUser }
  /** The password was right; the second factor comes first (AUTH-16). */
  | { status: 'twoFactor'; pending: LoginPending['twoFactor']; username: string };

/**
 * The session view-model: bootstraps config and the current user, logs in, signs up, logs out, and drops
 * back to the login screen (with a notice) when the server ends the session.
 */
export function useAuth(api: ApiClient) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });
  const [config, setConfig] = useState<ConfigResponse | null>(null);
  const [providers, setProviders] = useState<AuthProvidersResponse | null>(null);
  // Why the company sign-in just failed, when the server sent the browser back with `?sso_error=`.
  const [ssoError, setSsoError] = useState<ErrorCode | null>(() => takeSsoError());
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    const load = async () => {
      try {
        const [cfg, methods] = await Promise.all([api.config(), api.providers()]);
        if (cancelled) return;
        setConfig(cfg);
        setProviders(methods);
        const user = await api.me();
        if (!cancelled) setState(signedInState(user));
      } catch (err) {
        if (cancelled) return;
        if (isApiError(err) && isAuthLostCode(err.code)) {
          setState({ status: 'anonymous', notice: noticeForCode(err.code), lastUsername: '' });
        } else {
          setState({ status: 'unreachable' });
        }
      }
    };
    void load();
    return () => {
      cancelled = true;
    };
  }, [api, attempt]);

  /** Leaves the shell for the login screen, keeping the username to prefill. */
  const endSession = useCallback((notice: SignedOutNotice | null) => {
    setState((prev) =>
      prev.status === 'authenticated' || prev.status === 'passwordChange'
        ? { status: 'anonymous', notice, lastUsername: prev.user.username }
        : prev,
    );
  }, []);

  // Any API call that finds the session gone (expired, revoked elsewhere) ends it here too.
  useEffect(() => {
    api.onAuthLost((code) => endSession(noticeForCode(code)));
    return () => api.onAuthLost(null);
  }, [api, endSession]);

  const signedIn = useCallback((outcome: LoginOutcome, username: string) => {
    setState(
      'user' in outcome
        ? signedInState(outcome.user)
        : { status: 'twoFactor', pending: outcome.twoFactor, username },
    );
  }, []);

  const login = useCallback(
    async (body: LoginBody) => signedIn(await api.login(body), body.username),
    [api, signedIn],
  );

  const register = useCallback(
    async (body: RegisterBody) => signedIn(await api.register(body), body.username),
    [api, signedIn],
  );

  /** The second factor passed (or was set up): the messenger opens. */
  const completeTwoFactor = useCallback((user: SelfUser) => setState(signedInState(user)), []);

  /** The temporary password was replaced (ACCT-8): the messenger opens. */
  const completePasswordChange = useCallback((user: SelfUser) => setState(signedInState(user)), []);

  /** Back from the second-factor step to the login form (the challenge is left to expire). */
  const cancelTwoFactor = useCallback(() => {
    setState((prev) =>
      prev.status === 'twoFactor' ? { status: 'anonymous', notice: null, lastUsername: prev.username } : prev,
    );
  }, []);

  const logout = useCallback(async () => {
    // Logout wipes this browser's E2E device (design e2e.md 5.7): its keys and state leave with the session.
    const uid = state.status === 'authenticated' || state.status === 'passwordChange' ? state.user.id : null;
    if (uid) await wipeE2eDevice(uid).catch(() => undefined);
    try {
      await api.logout();
    } catch {
      // Already signed out, or the server is unreachable: either way this browser shows the login screen.
    }
    endSession(null);
  }, [api, endSession, state]);

  /** My nickname changed (profile dialog, or `user:updated` from another tab): shown at once, no reload. */
  const setNickname = useCallback((nickname: string) => {
    setState((prev) =>
      prev.status === 'authenticated' && prev.user.nickname !== nickname
        ? { ...prev, user: { ...prev.user, nickname } }
        : prev,
    );
  }, []);

  const dismissNotice = useCallback(() => {
    setState((prev) => (prev.status === 'anonymous' ? { ...prev, notice: null } : prev));
    setSsoError(null);
  }, []);

  const retry = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  return {
    state,
    config,
    providers,
    ssoError,
    login,
    register,
    completeTwoFactor,
    completePasswordChange,
    cancelTwoFactor,
    logout,
    endSession,
    setNickname,
    dismissNotice,
    retry,
  };
}

/** A session's first screen: the messenger, or choosing a new password first (ACCT-8). */
function signedInState(user: SelfUser): AuthState {
  return user.mustChangePassword ? { status: 'passwordChange', user } : { status: 'authenticated', user };
}

/** What `useAuth` returns. */
export type Auth = ReturnType<typeof useAuth>;
