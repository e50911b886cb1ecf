import type { SignInPolicy } from '@messenger/shared';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../i18n/errorText.ts';
import type { ApiClient } from '../../lib/api.ts';
import { Alert } from '../../ui/Alert.tsx';
import { useSignInPolicy } from './useSignInPolicy.ts';

const LEVELS: SignInPolicy['twoFactor'][] = ['optional', 'admins', 'everyone'];
const LEVEL_KEYS = {
  optional: 'twoFactor.twoFactorOptional',
  admins: 'twoFactor.twoFactorAdmins',
  everyone: 'twoFactor.twoFactorEveryone',
} as const;

/** Settings → Sign-in (server admins): the whole sign-in policy, each switch saved when changed. */
export function SignInPolicySection({ api }: { api: ApiClient }) {
  const { t } = useTranslation();
  const vm = useSignInPolicy(api);
  const d = vm.data;
  const canTurnOffLocal = d ? d.sso.oidc || d.sso.ldap : false;
  return (
    <section
      className="settings-section"
      aria-labelledby="settings-policy-title"
      data-testid="sign-in-policy"
    >
      <h3 id="settings-policy-title" className="settings-section__title">
        {t('twoFactor.policyTitle')}
      </h3>
      <p className="settings-section__hint">{t('twoFactor.policyHint')}</p>
      {vm.load.status === 'loading' ? (
        <p className="settings-section__status" role="status">
          {t('twoFactor.policyLoading')}
        </p>
      ) : null}
      {vm.load.status === 'error' ? <Alert tone="error">{errorText(vm.load.error)}</Alert> : null}
      {d ? (
        <div className="policy-form">
          <label className="policy-check">
            <input
              type="checkbox"
              checked={d.policy.localSignup}
              disabled={vm.saving}
              onChange={(e) => void vm.change({ localSignup: e.target.checked })}
            />
            <span>{t('twoFactor.localSignup')}</span>
          </label>
          <div className="policy-check-group">
            <label className="policy-check">
              <input
                type="checkbox"
                checked={d.policy.localLogin}
                disabled={vm.saving || !canTurnOffLocal}
                aria-describedby="policy-local-login-hint"
                onChange={(e) => void vm.change({ localLogin: e.target.checked })}
              />
              <span>{t('twoFactor.localLogin')}</span>
            </label>
            <p id="policy-local-login-hint" className="policy-hint">
              {canTurnOffLocal
                ? d.breakGlassUsername
                  ? t('twoFactor.localLoginBreakGlass', { username: d.breakGlassUsername })
                  : null
                : t('twoFactor.localLoginNeedsSso')}
            </p>
          </div>
          <fieldset className="policy-fieldset" aria-describedby="policy-2fa-hint">
            <legend className="policy-legend">{t('twoFactor.twoFactorLegend')}</legend>
            {LEVELS.map((level) => (
              <label key={level} className="policy-check">
                <input
                  type="radio"
                  name="policy-two-factor"
                  value={level}
                  checked={d.policy.twoFactor === level}
                  disabled={vm.saving}
                  onChange={() => void vm.change({ twoFactor: level })}
                />
                <span>{t(LEVEL_KEYS[level])}</span>
              </label>
            ))}
            <p id="policy-2fa-hint" className="policy-hint">
              {t('twoFactor.twoFactorPolicyHint')}
            </p>
          </fieldset>
          <label className="policy-check">
            <input
              type="checkbox"
              checked={d.policy.linkOidcByEmail}
              disabled={vm.saving || !d.sso.oidc}
              onChange={(e) => void vm.change({ linkOidcByEmail: e.target.checked })}
            />
            <span>{t('twoFactor.linkOidc')}</span>
          </label>
        </div>
      ) : null}
      {vm.saved ? <Alert tone="success">{t('twoFactor.policySaved')}</Alert> : null}
      {vm.error ? (
        <Alert tone="error" testId="policy-error">
          {errorText(vm.error)}
        </Alert>
      ) : null}
    </section>
  );
}
