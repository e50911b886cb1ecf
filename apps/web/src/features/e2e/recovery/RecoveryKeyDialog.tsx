import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../ui/Alert.tsx';
import { Dialog } from '../../../ui/Dialog.tsx';
import { Field } from '../../../ui/Field.tsx';
import { codeOf } from '../e2eClient.ts';
import { failureText } from '../failureText.ts';

/**
 * "Enter recovery key" (SPEC E2E-68): the key the person saved brings this browser back with the same
 * identity. A typo or a wrong key is said in words and the dialog stays open to try again.
 */
export function RecoveryKeyDialog({
  recover,
  onClose,
}: {
  recover: (recoveryKey: string) => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [key, setKey] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);
  // The native dialog puts focus on its first button (Close) when it opens, after this mounts: the key field
  // takes it on the next frame, so the person can type at once.
  useEffect(() => {
    const id = requestAnimationFrame(() => form.current?.querySelector('input')?.focus());
    return () => cancelAnimationFrame(id);
  }, []);
  return (
    <Dialog
      title={t('e2eRecovery.enterTitle')}
      closeLabel={t('e2eRecovery.close')}
      onClose={onClose}
      testId="e2e-recover-dialog"
    >
      <form
        ref={form}
        className="settings-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (pending || !key.trim()) return;
          setPending(true);
          setError(null);
          void recover(key).then(
            () => onClose(),
            (err: unknown) => {
              setError(failureText(codeOf(err), 'action'));
              setPending(false);
            },
          );
        }}
      >
        <p className="settings-section__hint">{t('e2eRecovery.enterHint')}</p>
        <Field
          label={t('e2eRecovery.keyLabel')}
          className="recovery-key__input"
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="characters"
          data-testid="e2e-recover-key"
          value={key}
          onChange={(e) => setKey(e.target.value)}
        />
        {error ? (
          <Alert tone="error" testId="e2e-recover-error">
            {error}
          </Alert>
        ) : null}
        <div className="recovery-codes__actions">
          <button
            type="submit"
            className="button button--primary"
            disabled={pending}
            data-testid="e2e-recover-submit"
          >
            {pending ? t('e2eRecovery.restoring') : t('e2eRecovery.enterSubmit')}
          </button>
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('e2eRecovery.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
