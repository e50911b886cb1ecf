import { E2E_POLICIES, RATE_LIMIT_NAMES, type NotificationDefaults } from '@messenger/shared';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../i18n/errorText.ts';
import type { ApiClient } from '../../lib/api.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Field } from '../../ui/Field.tsx';
import { bytesToMb, type ServerSettingsDraft } from './serverSettingsForm.ts';
import { useServerSettings } from './useServerSettings.ts';

const LEVELS: NotificationDefaults['level'][] = ['all', 'mentions', 'none'];

/**
 * Settings → Server settings (server admins, ADMIN-3): upload size and types, rate limits, retention and
 * notification defaults, and which new rooms are end-to-end encrypted (E2E-110), saved together; they apply without a restart.
 */
export function ServerSettingsSection({ api }: { api: ApiClient }) {
  const { t } = useTranslation();
  const vm = useServerSettings(api);
  const { data, draft } = vm;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void vm.save();
  };
  const setLimit = (name: (typeof RATE_LIMIT_NAMES)[number], part: 'max' | 'windowSeconds', value: string) =>
    draft && vm.edit({ limits: { ...draft.limits, [name]: { ...draft.limits[name], [part]: value } } });
  const toggleExtension = (ext: string, on: boolean, d: ServerSettingsDraft) =>
    vm.edit({ extensions: on ? [...d.extensions, ext].sort() : d.extensions.filter((e) => e !== ext) });
  const o = vm.outcome;

  return (
    <section
      className="settings-section"
      aria-labelledby="settings-server-title"
      data-testid="server-settings"
    >
      <h3 id="settings-server-title" className="settings-section__title">
        {t('serverSettings.title')}
      </h3>
      <p className="settings-section__hint">{t('serverSettings.hint')}</p>
      {vm.load.status === 'loading' ? (
        <p className="settings-section__status" role="status">
          {t('serverSettings.loading')}
        </p>
      ) : null}
      {vm.load.status === 'error' ? <Alert tone="error">{errorText(vm.load.error)}</Alert> : null}
      {data && draft ? (
        <form className="server-settings" onSubmit={submit} noValidate>
          <fieldset className="server-settings__group">
            <legend className="policy-legend">{t('serverSettings.uploads')}</legend>
            <Field
              label={t('serverSettings.maxMb')}
              hint={t('serverSettings.maxMbHint', { max: bytesToMb(data.uploadCeilingBytes) })}
              type="number"
              inputMode="decimal"
              min={0}
              step="any"
              className="server-settings__number"
              value={draft.maxMb}
              onChange={(e) => vm.edit({ maxMb: e.target.value })}
            />
            <fieldset className="server-settings__extensions" aria-describedby="server-ext-hint">
              <legend className="field__label">{t('serverSettings.extensions')}</legend>
              <p id="server-ext-hint" className="policy-hint">
                {t('serverSettings.extensionsHint')}
              </p>
              <div className="server-settings__ext-grid">
                {data.knownExtensions.map((ext) => (
                  <label key={ext} className="policy-check">
                    <input
                      type="checkbox"
                      checked={draft.extensions.includes(ext)}
                      onChange={(e) => toggleExtension(ext, e.target.checked, draft)}
                    />
                    <span>{ext}</span>
                  </label>
                ))}
              </div>
            </fieldset>
          </fieldset>

          <fieldset className="server-settings__group" aria-describedby="server-limits-hint">
            <legend className="policy-legend">{t('serverSettings.rateLimits')}</legend>
            <p id="server-limits-hint" className="policy-hint">
              {t('serverSettings.rateLimitsHint')}
            </p>
            {RATE_LIMIT_NAMES.map((name) => {
              const label = t(`serverSettings.limits.${name}`);
              return (
                <div key={name} className="server-settings__limit" data-testid={`limit-${name}`}>
                  <span className="server-settings__limit-name">{label}</span>
                  <span className="server-settings__limit-inputs">
                    <input
                      className="field__input"
                      type="number"
                      min={1}
                      step={1}
                      inputMode="numeric"
                      aria-label={t('serverSettings.limitMax', { name: label })}
                      value={draft.limits[name].max}
                      onChange={(e) => setLimit(name, 'max', e.target.value)}
                    />
                    <span>{t('serverSettings.perWindow')}</span>
                    <input
                      className="field__input"
                      type="number"
                      min={1}
                      step={1}
                      inputMode="numeric"
                      aria-label={t('serverSettings.limitWindow', { name: label })}
                      value={draft.limits[name].windowSeconds}
                      onChange={(e) => setLimit(name, 'windowSeconds', e.target.value)}
                    />
                    <span>{t('serverSettings.seconds')}</span>
                  </span>
                </div>
              );
            })}
          </fieldset>

          <fieldset className="server-settings__group">
            <legend className="policy-legend">{t('serverSettings.retention')}</legend>
            <Field
              label={t('serverSettings.retentionDays')}
              hint={t('serverSettings.retentionHint')}
              type="number"
              inputMode="numeric"
              min={0}
              step={1}
              className="server-settings__number"
              value={draft.retentionDays}
              onChange={(e) => vm.edit({ retentionDays: e.target.value })}
            />
          </fieldset>

          <fieldset className="server-settings__group" aria-describedby="server-notify-hint">
            <legend className="policy-legend">{t('serverSettings.notifications')}</legend>
            <p id="server-notify-hint" className="policy-hint">
              {t('serverSettings.notificationsHint')}
            </p>
            <label className="field server-settings__number">
              <span className="field__label">{t('serverSettings.level')}</span>
              <select
                className="field__input"
                value={draft.level}
                onChange={(e) => vm.edit({ level: e.target.value as NotificationDefaults['level'] })}
              >
                {LEVELS.map((level) => (
                  <option key={level} value={level}>
                    {t(`serverSettings.levels.${level}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="policy-check">
              <input
                type="checkbox"
                checked={draft.sound}
                onChange={(e) => vm.edit({ sound: e.target.checked })}
              />
              <span>{t('serverSettings.sound')}</span>
            </label>
          </fieldset>

          <fieldset className="server-settings__group" aria-describedby="server-e2e-hint">
            <legend className="policy-legend">{t('serverSettings.e2e')}</legend>
            <p id="server-e2e-hint" className="policy-hint">
              {t('serverSettings.e2eHint')}
            </p>
            {E2E_POLICIES.map((policy) => (
              <label key={policy} className="policy-check">
                <input
                  type="radio"
                  name="e2e-policy"
                  value={policy}
                  checked={draft.e2ePolicy === policy}
                  data-testid={`e2e-policy-${policy}`}
                  onChange={() => vm.edit({ e2ePolicy: policy })}
                />
                <span>{t(`serverSettings.e2ePolicies.${policy}`)}</span>
              </label>
            ))}
          </fieldset>

          {o?.kind === 'saved' ? (
            <Alert tone="success" testId="server-settings-saved">
              {t('serverSettings.saved')}
            </Alert>
          ) : null}
          {o?.kind === 'noChange' ? <Alert tone="info">{t('serverSettings.noChange')}</Alert> : null}
          {o?.kind === 'notNumber' || o?.kind === 'error' ? (
            <Alert tone="error" testId="server-settings-error">
              {o.kind === 'error' ? errorText(o.error) : t('serverSettings.notNumber')}
            </Alert>
          ) : null}
          <div className="settings-form__actions">
            <button type="submit" className="button button--primary" disabled={vm.saving}>
              {vm.saving ? t('serverSettings.saving') : t('serverSettings.save')}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
