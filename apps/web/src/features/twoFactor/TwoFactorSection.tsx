import { useTranslation } from 'react-i18next';
import { errorText } from '../../i18n/errorText.ts';
import type { ApiClient } from '../../lib/api.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Field } from '../../ui/Field.tsx';
import { RecoveryCodesView } from './RecoveryCodesView.tsx';
import { SetupPanel } from './SetupPanel.tsx';
import { useTwoFactorSettings } from './useTwoFactorSettings.ts';

/** Settings → Account: two-step verification of a local account (AUTH-16). */
export function TwoFactorSection({ api, username }: { api: ApiClient; username: string }) {
  const { t } = useTranslation();
  const vm = useTwoFactorSettings(api);
  const status = vm.load.status === 'ready' ? vm.load.value : null;
  return (
    <section
      className="settings-section"
      aria-labelledby="settings-2fa-title"
      data-testid="two-factor-section"
    >
      <h3 id="settings-2fa-title" className="settings-section__title">
        {t('twoFactor.sectionTitle')}
      </h3>
      <p className="settings-section__hint">{t('twoFactor.sectionHint')}</p>
      {vm.load.status === 'loading' ? (
        <p className="settings-section__status" role="status">
          {t('twoFactor.loading')}
        </p>
      ) : null}
      {vm.load.status === 'error' ? <Alert tone="error">{errorText(vm.load.error)}</Alert> : null}
      {status ? (
        <p className="two-factor-status" data-testid="two-factor-status">
          <span className={status.enabled ? 'badge badge--success' : 'badge'}>
            {status.enabled
              ? t('twoFactor.statusOn', { count: status.recoveryCodesLeft })
              : t('twoFactor.statusOff')}
          </span>
          {status.required ? (
            <span className="settings-section__status">{t('twoFactor.statusRequired')}</span>
          ) : null}
        </p>
      ) : null}
      {vm.notice ? <Alert tone="success">{t(`twoFactor.${vm.notice}`)}</Alert> : null}
      {vm.actionError ? <Alert tone="error">{errorText(vm.actionError)}</Alert> : null}
      {vm.panel.kind === 'codes' ? (
        <RecoveryCodesView
          codes={vm.panel.codes}
          username={username}
          doneLabel={t('twoFactor.continue')}
          onDone={vm.closePanel}
        />
      ) : vm.panel.kind === 'setup' ? (
        <SetupPanel
          setup={vm.panel.setup}
          submitLabel={t('twoFactor.enrollSubmit')}
          onConfirm={vm.confirmSetup}
          onCancel={vm.closePanel}
        />
      ) : status && !status.enabled ? (
        <div className="settings-form__actions">
          <button type="button" className="button button--primary" onClick={() => void vm.startSetup()}>
            {t('twoFactor.turnOn')}
          </button>
        </div>
      ) : status?.enabled ? (
        <>
          <form className="settings-form" aria-labelledby="settings-2fa-renew" {...vm.renewForm.formProps}>
            <h4 id="settings-2fa-renew" className="two-factor-subtitle">
              {t('twoFactor.renewTitle')}
            </h4>
            <Field
              label={t('twoFactor.code')}
              hint={t('twoFactor.renewHint')}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={7}
              {...vm.renewForm.field('code')}
            />
            {vm.renewForm.formError ? <Alert tone="error">{vm.renewForm.formError}</Alert> : null}
            <div className="settings-form__actions">
              <button type="submit" className="button button--secondary" disabled={vm.renewForm.pending}>
                {t('twoFactor.renewSubmit')}
              </button>
            </div>
          </form>
          {status.required ? null : (
            <form className="settings-form" aria-labelledby="settings-2fa-off" {...vm.offForm.formProps}>
              <h4 id="settings-2fa-off" className="two-factor-subtitle">
                {t('twoFactor.turnOff')}
              </h4>
              <input type="text" name="username" autoComplete="username" value={username} hidden readOnly />
              <Field
                label={t('twoFactor.turnOffPassword')}
                type="password"
                autoComplete="current-password"
                {...vm.offForm.field('password')}
              />
              {vm.offForm.formError ? <Alert tone="error">{vm.offForm.formError}</Alert> : null}
              <div className="settings-form__actions">
                <button type="submit" className="button button--danger-quiet" disabled={vm.offForm.pending}>
                  {t('twoFactor.turnOffSubmit')}
                </button>
              </div>
            </form>
          )}
        </>
      ) : null}
    </section>
  );
}
