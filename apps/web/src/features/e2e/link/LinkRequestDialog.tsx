import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../ui/Alert.tsx';
import { Dialog } from '../../../ui/Dialog.tsx';
import { useE2e } from '../E2eContext.tsx';
import { codeOf } from '../e2eClient.ts';
import { failureText } from '../failureText.ts';
import { spaced } from './LinkNewDeviceDialog.tsx';
import { QrScanner } from './QrScanner.tsx';
import { useLinkSteps } from './useLinkSteps.ts';

type Phase =
  | { kind: 'open'; code: string | null; busy: boolean }
  | { kind: 'sent' }
  | { kind: 'done'; message: string; tone: 'error' | 'info' };

/**
 * On an existing device (SPEC E2E-106, E2E-107): "A new device wants to sign in to your encryption", with the
 * 8-digit code to compare with the new device's screen, Confirm / Refuse, and "Scan QR code". `linkId` null:
 * opened from Settings to scan a new device's code without waiting for its request.
 */
export function LinkRequestDialog({ linkId, onClose }: { linkId: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useE2e()?.client;
  const [phase, setPhase] = useState<Phase>({ kind: 'open', code: null, busy: false });
  const [scanning, setScanning] = useState(linkId === null);
  const [accepted, setAccepted] = useState<string | null>(null);

  const fail = (err: unknown) => {
    const code = codeOf(err);
    const elsewhere = ['e2e.link_not_found', 'e2e.link_answered', 'e2e.link_stage'].includes(code);
    setPhase({
      kind: 'done',
      tone: elsewhere ? 'info' : 'error',
      message: elsewhere ? t('e2eLink.handledElsewhere') : failureText(code, 'action'),
    });
  };

  // Gives this device's key at once, so the new device can show its code (code path).
  useEffect(() => {
    if (!client || !linkId) return;
    let live = true;
    client.linkRespond(linkId, 'accept').then(
      (view) => {
        if (!live) return;
        setAccepted(linkId);
        setPhase((p) => (p.kind === 'open' ? { ...p, code: view.code } : p));
      },
      (err: unknown) => live && fail(err),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, linkId]);

  useLinkSteps(accepted, async () => {
    if (!client || !accepted) return true;
    try {
      const view = await client.linkRespond(accepted, 'check');
      if (view.stage === 'answered' || view.stage === 'refused') {
        setPhase((p) =>
          p.kind === 'open' ? { kind: 'done', tone: 'info', message: t('e2eLink.handledElsewhere') } : p,
        );
        return true;
      }
      setPhase((p) => (p.kind === 'open' ? { ...p, code: view.code } : p));
      return view.code !== null;
    } catch (err) {
      fail(err);
      return true;
    }
  });

  const act = (action: 'confirm' | 'refuse') => {
    if (!client || !linkId || phase.kind !== 'open') return;
    setPhase({ ...phase, busy: true });
    client
      .linkRespond(linkId, action)
      .then(() => (action === 'confirm' ? setPhase({ kind: 'sent' }) : onClose()), fail);
  };

  const scanned = (text: string) => {
    if (!client) return;
    setScanning(false);
    client.linkScan(text).then(() => setPhase({ kind: 'sent' }), fail);
  };

  return (
    <Dialog
      title={t('e2eLink.requestTitle')}
      closeLabel={t('e2eLink.close')}
      onClose={onClose}
      className="link-dialog"
      testId="e2e-link-request-dialog"
    >
      {phase.kind === 'sent' ? (
        <div className="dialog__body">
          <Alert tone="success" testId="e2e-link-sent">
            {t('e2eLink.sent')}
          </Alert>
        </div>
      ) : phase.kind === 'done' ? (
        <div className="dialog__body">
          <Alert tone={phase.tone} testId="e2e-link-request-error">
            {phase.message}
          </Alert>
        </div>
      ) : (
        <div className="dialog__body">
          <p>{linkId ? t('e2eLink.requestText') : t('e2eLink.linkNewHint')}</p>
          {linkId ? (
            phase.code ? (
              <div className="link-dialog__code">
                <span className="link-dialog__code-label">{t('e2eLink.codeLabel')}</span>
                <output className="link-code" data-testid="e2e-link-request-code" data-code={phase.code}>
                  {spaced(phase.code)}
                </output>
                <p className="settings-section__hint">{t('e2eLink.requestCodeHint')}</p>
              </div>
            ) : (
              <p role="status">{t('e2eLink.requestWaiting')}</p>
            )
          ) : null}
          {scanning ? <QrScanner onText={scanned} /> : null}
          <div className="recovery-codes__actions">
            {linkId ? (
              <button
                type="button"
                className="button button--primary"
                data-testid="e2e-link-confirm"
                disabled={!phase.code || phase.busy}
                onClick={() => act('confirm')}
              >
                {t('e2eLink.confirm')}
              </button>
            ) : null}
            <button
              type="button"
              className="button button--secondary"
              data-testid="e2e-link-scan"
              onClick={() => setScanning((s) => !s)}
            >
              {scanning ? t('e2eLink.stopScan') : t('e2eLink.scan')}
            </button>
            {linkId ? (
              <button
                type="button"
                className="button button--secondary"
                data-testid="e2e-link-refuse"
                disabled={phase.busy}
                onClick={() => act('refuse')}
              >
                {t('e2eLink.refuse')}
              </button>
            ) : null}
          </div>
        </div>
      )}
    </Dialog>
  );
}
