import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../../ui/Dialog.tsx';
import { useE2e } from '../E2eContext.tsx';
import { LockIcon } from '../LockIcon.tsx';
import { EncryptionSection } from './EncryptionSection.tsx';
import { dismissRecoveryPrompt, recoveryPromptDismissed } from './recoveryPromptMemory.ts';

/**
 * Recovery offered at first use (SPEC E2E-115): in an encrypted room that is ready on this device, a person
 * without a recovery key sees a calm banner, not a wall: "Set up recovery key" opens the setup (the Settings >
 * Encryption flow, in a dialog), "Later" hides it for this user in this browser.
 */
export function RecoveryPrompt({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const client = useE2e()?.client;
  const [missing, setMissing] = useState(false);
  const [later, setLater] = useState(() => recoveryPromptDismissed(userId));
  const [open, setOpen] = useState(false);

  const check = useCallback(() => {
    if (!client || later) return;
    void client.recoveryStatus().then(
      (s) => setMissing(!s.setUp),
      () => setMissing(false),
    );
  }, [client, later]);
  useEffect(check, [check]);

  if (later || (!missing && !open)) return null;
  return (
    <>
      {missing ? (
        <div className="recovery-prompt" role="status" data-testid="e2e-recovery-prompt">
          <LockIcon className="recovery-prompt__icon" />
          <span className="recovery-prompt__text">{t('e2eDefault.prompt')}</span>
          <span className="recovery-prompt__actions">
            <button
              type="button"
              className="button button--small button--primary"
              data-testid="e2e-recovery-prompt-set-up"
              onClick={() => setOpen(true)}
            >
              {t('e2eDefault.setUp')}
            </button>
            <button
              type="button"
              className="button button--small button--secondary"
              data-testid="e2e-recovery-prompt-later"
              onClick={() => {
                dismissRecoveryPrompt(userId);
                setLater(true);
              }}
            >
              {t('e2eDefault.later')}
            </button>
          </span>
        </div>
      ) : null}
      {open ? (
        <Dialog
          title={t('e2eDefault.setUpTitle')}
          closeLabel={t('e2eDefault.close')}
          onClose={() => {
            setOpen(false);
            check();
          }}
          testId="e2e-recovery-setup-dialog"
        >
          <div className="dialog__body">
            <EncryptionSection />
          </div>
        </Dialog>
      ) : null}
    </>
  );
}
