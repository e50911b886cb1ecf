import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../ui/Dialog.tsx';
import { useE2e } from './E2eContext.tsx';
import { failureText } from './failureText.ts';
import { QrCode } from './QrCode.tsx';
import { QrScanner } from './link/QrScanner.tsx';
import { scannedVerdict } from './scanVerdict.ts';
import { ShieldIcon } from './ShieldIcon.tsx';
import type { SafetyNumberView } from './worker/rpc.ts';

const codeOf = (err: unknown): string =>
  typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : 'device.internal';

/**
 * "Verify security" with one person (design e2e.md 5.9, SPEC E2E-80..E2E-82): the safety number in 12 groups
 * of 5 digits (4 per row) and its QR code, compared with what the other person sees, then "Mark as verified";
 * or "Scan their code": the camera reads the other screen's QR code, and a match marks them verified (E2E-81).
 * `roomId`: a room shared with them, synced first if their key is not pinned here yet.
 */
export function VerifyDialog({
  uid,
  name,
  roomId,
  onClose,
}: {
  uid: string;
  name: string;
  roomId: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const client = useE2e()?.client;
  const [view, setView] = useState<SafetyNumberView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [scanning, setScanning] = useState(false);
  const [scanResult, setScanResult] = useState<'mismatch' | 'not-ours' | null>(null);
  useEffect(() => {
    if (!client) return;
    let live = true;
    client.safetyNumber(uid, roomId).then(
      (v) => live && setView(v),
      (err: unknown) => live && setError(codeOf(err)),
    );
    return () => {
      live = false;
    };
  }, [client, uid, roomId]);

  const mark = () => {
    if (!client) return;
    setBusy(true);
    void client
      .markVerified(uid)
      .then(
        () => setView((v) => v && { ...v, verified: true }),
        (err: unknown) => setError(codeOf(err)),
      )
      .finally(() => setBusy(false));
  };

  const scanned = (text: string) => {
    setScanning(false);
    if (!view) return;
    const verdict = scannedVerdict(text, view.qr);
    if (verdict === 'match') {
      setScanResult(null);
      mark();
    } else setScanResult(verdict);
  };

  return (
    <Dialog
      title={t('e2e.verifyTitle', { name })}
      closeLabel={t('chat.close')}
      onClose={onClose}
      className="verify-dialog"
      testId="verify-dialog"
    >
      <div className="dialog__body">
        <p>{t('e2e.verifyExplain', { name })}</p>
        {error || !client ? (
          <p className="field__error" role="alert" data-testid="verify-error">
            {failureText(error ?? 'device.stopped', 'action')}
          </p>
        ) : null}
        {view ? (
          <>
            <div className="safety-number" data-testid="safety-number" aria-label={t('e2e.safetyNumber')}>
              {view.groups.map((g, i) => (
                <span key={i} className="safety-number__group">
                  {g}
                </span>
              ))}
            </div>
            <div className="verify-dialog__qr">
              <QrCode text={view.qr} label={t('e2e.safetyQr', { name })} />
            </div>
            {view.identityChanged ? (
              <p className="field__error" data-testid="verify-identity-changed">
                {t('e2e.verifyChanged', { name })}
              </p>
            ) : null}
            <div className="dialog__actions">
              {view.verified ? (
                <p className="verify-dialog__done" data-testid="verified-note">
                  <ShieldIcon className="e2e-shield__icon" />
                  {t('e2e.verifiedNote', { name })}
                </p>
              ) : (
                <>
                  <button
                    type="button"
                    className="button"
                    data-testid="mark-verified"
                    disabled={busy || view.identityChanged}
                    onClick={mark}
                  >
                    {t('e2e.markVerified')}
                  </button>
                  <button
                    type="button"
                    className="button button--secondary"
                    data-testid="verify-scan"
                    aria-pressed={scanning}
                    disabled={busy || view.identityChanged}
                    onClick={() => {
                      setScanResult(null);
                      setScanning((on) => !on);
                    }}
                  >
                    {scanning ? t('e2e.stopScan') : t('e2e.scanTheirCode')}
                  </button>
                </>
              )}
            </div>
            {scanning && !view.verified ? (
              <QrScanner
                onText={scanned}
                hint={t('e2e.scanTheirHint', { name })}
                unavailable={t('e2e.scanNoCamera')}
                testId="verify-scanner"
              />
            ) : null}
            {scanResult ? (
              <p className="field__error" role="alert" data-testid="verify-scan-result">
                {scanResult === 'mismatch' ? t('e2e.scanMismatch', { name }) : t('e2e.scanNotOurs')}
              </p>
            ) : null}
          </>
        ) : null}
      </div>
    </Dialog>
  );
}
