import { ProfileEmail } from '@messenger/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiClient } from '../../lib/api.ts';
import { useForm } from '../../lib/useForm.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Field } from '../../ui/Field.tsx';
import { profileApi } from '../profile/profileApi.ts';

/**
 * A local account's e-mail address (AUTH-15): how the company sign-in recognises the account when the
 * administrator lets it take local accounts over by e-mail. Empty removes it.
 */
export function EmailSection({ api }: { api: ApiClient }) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    profileApi(api)
      .get()
      .then(
        (p) => live && setSaved(p.email ?? ''),
        () => live && setSaved(''),
      );
    return () => {
      live = false;
    };
  }, [api]);
  return (
    <section className="settings-section" aria-labelledby="settings-email-title">
      <h3 id="settings-email-title" className="settings-section__title">
        {t('settings.emailTitle')}
      </h3>
      <p className="settings-section__hint">{t('settings.emailHint')}</p>
      {saved === null ? null : <EmailForm api={api} initial={saved} />}
    </section>
  );
}

/** The field, mounted once the saved address is known (it is its initial value). */
function EmailForm(props: { api: ApiClient; initial: string }) {
  const { t } = useTranslation();
  const [done, setDone] = useState(false);
  const form = useForm({
    initial: { email: props.initial },
    validate: ({ email }) => {
      const r = ProfileEmail.safeParse(email);
      return r.success ? {} : { email: r.error.issues[0]?.message ?? 'validation.email' };
    },
    submit: async ({ email }) => {
      setDone(false);
      await profileApi(props.api).update({ email: email.trim() });
      setDone(true);
    },
  });
  return (
    <form className="settings-form" aria-labelledby="settings-email-title" {...form.formProps}>
      <Field label={t('settings.emailLabel')} type="email" autoComplete="email" {...form.field('email')} />
      {form.formError ? <Alert tone="error">{form.formError}</Alert> : null}
      {done ? (
        <Alert tone="success" testId="email-saved">
          {t('settings.emailSaved')}
        </Alert>
      ) : null}
      <div className="settings-form__actions">
        <button type="submit" className="button button--primary" disabled={form.pending}>
          {t('settings.emailSubmit')}
        </button>
      </div>
    </form>
  );
}
