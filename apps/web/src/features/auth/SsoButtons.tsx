import type { AuthProvider } from '@messenger/shared';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

export interface SsoButtonsProps {
  providers: AuthProvider[];
  /** The only way in (no password form): the button is the main action and takes focus. */
  primary: boolean;
  autoFocus: boolean;
}

/**
 * The company sign-in button (AUTH-15): a plain link to `/auth/oidc/login`, which sends the browser to the
 * provider, so it works without script and opens like any page.
 */
export function SsoButtons({ providers, primary, autoFocus }: SsoButtonsProps) {
  const { t } = useTranslation();
  const first = useRef<HTMLAnchorElement>(null);
  // React focuses only form controls for `autoFocus`; the button is a link.
  useEffect(() => {
    if (autoFocus) first.current?.focus();
  }, [autoFocus]);
  return (
    <div className="auth-sso">
      {providers.map((p, i) => (
        <a
          key={p.provider}
          ref={i === 0 ? first : undefined}
          href={p.loginUrl}
          className={`button button--block ${primary ? 'button--primary' : 'button--secondary'} auth-sso__button`}
          data-testid="sso-button"
        >
          <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" className="auth-sso__icon">
            <path
              fill="currentColor"
              d="M4 21V5a2 2 0 0 1 2-2h8a2 2 0 0 1 2 2v4h2a2 2 0 0 1 2 2v10h-6v-4h-4v4H4Zm3-13h2V6H7v2Zm4 0h2V6h-2v2Zm-4 4h2v-2H7v2Zm4 0h2v-2h-2v2Zm6 4h2v-2h-2v2Zm0-4h2v-2h-2v2Z"
            />
          </svg>
          {p.label ?? t('auth.ssoDefault')}
        </a>
      ))}
      {primary ? null : (
        <p className="auth-sso__divider" role="separator">
          <span>{t('auth.ssoDivider')}</span>
        </p>
      )}
    </div>
  );
}
