import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../ui/Alert.tsx';
import { Dialog } from '../../../ui/Dialog.tsx';
import { useE2e } from '../E2eContext.tsx';
import { codeOf } from '../e2eClient.ts';
import { failureText } from '../failureText.ts';
import { QrCode } from '../QrCode.tsx';
import { useLinkSteps } from './useLinkSteps.ts';

type Phase =
  | { kind: 'starting' }
  | { kind: 'waiting'; linkId: string; qr: string; code: string | null; linking: boolean }
  | { kind: 'refused' }
  | { kind: 'failed'; message: string };

/** Groups the 8 digits as 4 + 4, easier to compare aloud. */
export const spaced = (code: string) => `${code.slice(0, 4)} ${code.slice(4)}`;

/**
 * "Link from another device" on the new device (SPEC E2E-105, E2E-106): shows the QR code for the other
 * device to scan and, once that device gave its key, the 8-digit code to compare; it finishes by itself when
 * the other device answers (the device becomes ready and the rooms sync and restore their history).
 */
export function LinkNewDeviceDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const client = useE2e()?.client;
  const [phase, setPhase] = useState<Phase>({ kind: 'starting' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!client) return;
    let live = true;
    client.linkBegin().then(
      (r) => live && setPhase({ kind: 'waiting', ...r, code: null, linking: false }),
      (err: unknown) => live && setPhase({ kind: 'failed', message: failureText(codeOf(err), 'action') }),
    );
    return () => {
      live = false;
    };
  }, [client, attempt]);

  const linkId = phase.kind === 'waiting' ? phase.linkId : null;
  useLinkSteps(linkId, async () => {
    if (!client || !linkId) return true;
    try {
      const view = await client.linkPoll(linkId);
      if (view.stage === 'ready') {
        onClose();
        return true;
      }
      if (view.stage === 'refused') {
        setPhase({ kind: 'refused' });
        return true;
      }
      setPhase((p) =>
        p.kind === 'waiting' ? { ...p, code: view.code, linking: view.stage === 'answered' } : p,
      );
      return false;
    } catch (err) {
      setPhase({ kind: 'failed', message: failureText(codeOf(err), 'action') });
      return true;
    }
  });

  return (
    <Dialog
      title={t('e2eLink.newTitle')}
      closeLabel={t('e2eLink.close')}
      onClose={onClose}
      className="link-dialog"
      testId="e2e-link-new-dialog"
    >
      {phase.kind === 'starting' ? (
        <p className="dialog__body" role="status">
          {t('e2eLink.starting')}
        </p>
      ) : phase.kind === 'waiting' ? (
        <div className="dialog__body">
          <p className="settings-section__hint">{t('e2eLink.newHint')}</p>
          <div className="link-dialog__qr">
            <QrCode text={phase.qr} label={t('e2eLink.qrLabel')} size={200} testId="e2e-link-qr" />
          </div>
          {phase.code ? (
            <div className="link-dialog__code">
              <span className="link-dialog__code-label">{t('e2eLink.codeLabel')}</span>
              <output className="link-code" data-testid="e2e-link-code" data-code={phase.code}>
                {spaced(phase.code)}
              </output>
              <p className="settings-section__hint">{t('e2eLink.codeHint')}</p>
            </div>
          ) : null}
          <p role="status" data-testid="e2e-link-new-status">
            {phase.linking ? t('e2eLink.linking') : t('e2eLink.waiting')}
          </p>
        </div>
      ) : (
        <div className="dialog__body">
          <Alert tone="error" testId="e2e-link-new-error">
            {phase.kind === 'refused' ? t('e2eLink.refused') : phase.message}
          </Alert>
          <div className="recovery-codes__actions">
            <button
              type="button"
              className="button button--primary"
              onClick={() => {
                setPhase({ kind: 'starting' });
                setAttempt((n) => n + 1);
              }}
            >
              {t('e2eLink.again')}
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
