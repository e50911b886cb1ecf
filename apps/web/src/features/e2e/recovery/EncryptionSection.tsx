import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../ui/Alert.tsx';
import { Field } from '../../../ui/Field.tsx';
import { copyText } from '../../twoFactor/codes.ts';
import { useE2e } from '../E2eContext.tsx';
import { codeOf } from '../e2eClient.ts';
import { failureText } from '../failureText.ts';
import { keyGroups, pickGroups, sameGroup } from './keyGroups.ts';
import { LinkNewDeviceDialog } from '../link/LinkNewDeviceDialog.tsx';
import { LinkRequestDialog } from '../link/LinkRequestDialog.tsx';

const NONE = () => () => {};

type Step =
  | { kind: 'idle' }
  | { kind: 'working' }
  | { kind: 'show'; key: string }
  | { kind: 'confirm'; key: string; groups: [number, number] };

/**
 * Settings > Encryption (SPEC E2E-67): whether recovery is set up, and "Set up recovery key", which shows the
 * key once with Copy and a warning, then asks for two random groups of it back before finishing (design 3.2).
 */
export function EncryptionSection() {
  const { t } = useTranslation();
  const e2e = useE2e();
  const client = e2e?.client;
  const device = useSyncExternalStore(client?.subscribe ?? NONE, () => client?.getStatus());
  const [status, setStatus] = useState<{ setUp: boolean; here: boolean } | null>(null);
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const ready = device?.state === 'ready';

  const load = useCallback(() => {
    if (!client || !ready) return;
    void client
      .recoveryStatus()
      .then(setStatus, (err: unknown) => setError(failureText(codeOf(err), 'action')));
  }, [client, ready]);
  useEffect(load, [load]);

  const setUp = async () => {
    if (!client) return;
    setError(null);
    setDone(false);
    setStep({ kind: 'working' });
    try {
      setStep({ kind: 'show', key: await client.setupRecovery() });
    } catch (err) {
      setError(failureText(codeOf(err), 'action'));
      setStep({ kind: 'idle' });
    }
  };

  return (
    <section
      className="settings-section"
      aria-labelledby="settings-recovery-title"
      data-testid="e2e-recovery"
    >
      <h3 id="settings-recovery-title" className="settings-section__title">
        {t('e2eRecovery.title')}
      </h3>
      <p className="settings-section__hint">{t('e2eRecovery.hint')}</p>
      {!ready ? (
        <p className="settings-section__status" role="status">
          {t('e2eRecovery.notReady')}
        </p>
      ) : step.kind === 'show' ? (
        <ShowKey
          recoveryKey={step.key}
          onSaved={() =>
            setStep({ ...step, kind: 'confirm', groups: pickGroups(keyGroups(step.key).length) })
          }
        />
      ) : step.kind === 'confirm' ? (
        <ConfirmKey
          recoveryKey={step.key}
          groups={step.groups}
          onBack={() => setStep({ kind: 'show', key: step.key })}
          onDone={() => {
            setStep({ kind: 'idle' });
            setDone(true);
            load();
          }}
        />
      ) : (
        <>
          <p className="settings-section__status" role="status" data-testid="e2e-recovery-status">
            {status === null
              ? t('e2eRecovery.loading')
              : !status.setUp
                ? t('e2eRecovery.statusOff')
                : status.here
                  ? t('e2eRecovery.statusOn')
                  : t('e2eRecovery.statusElsewhere')}
          </p>
          {done ? <Alert tone="success">{t('e2eRecovery.done')}</Alert> : null}
          <button
            type="button"
            className="button button--primary"
            data-testid="e2e-recovery-set-up"
            disabled={status === null || step.kind === 'working'}
            onClick={() => void setUp()}
          >
            {step.kind === 'working'
              ? t('e2eRecovery.working')
              : status?.setUp
                ? t('e2eRecovery.replace')
                : t('e2eRecovery.setUp')}
          </button>
        </>
      )}
      {error ? <Alert tone="error">{error}</Alert> : null}
      <LinkDevices state={device?.state} />
    </section>
  );
}

/**
 * Adding a device (SPEC E2E-105): "Link from another device" while this browser lacks the account's key,
 * "Link a new device" (scan its QR code) once it has it.
 */
function LinkDevices({ state }: { state: string | undefined }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (state !== 'ready' && state !== 'reset-needed') return null;
  const fresh = state === 'reset-needed';
  return (
    <div className="settings-section__row">
      <button
        type="button"
        className="button button--secondary"
        data-testid={fresh ? 'e2e-link-start' : 'e2e-link-new-device'}
        onClick={() => setOpen(true)}
      >
        {fresh ? t('e2eLink.linkFromOther') : t('e2eLink.linkNew')}
      </button>
      {open ? (
        fresh ? (
          <LinkNewDeviceDialog onClose={() => setOpen(false)} />
        ) : (
          <LinkRequestDialog linkId={null} onClose={() => setOpen(false)} />
        )
      ) : null}
    </div>
  );
}

/** The key, this once: a monospace block, Copy, the warning, and "I have saved it". */
function ShowKey({ recoveryKey, onSaved }: { recoveryKey: string; onSaved: () => void }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <div className="recovery-codes" data-testid="e2e-recovery-key">
      <h4 className="recovery-codes__title">{t('e2eRecovery.keyTitle')}</h4>
      <Alert tone="info">{t('e2eRecovery.keyWarning')}</Alert>
      <pre
        className="recovery-key"
        aria-label={t('e2eRecovery.keyLabel')}
        data-testid="e2e-recovery-key-text"
      >
        <code>{recoveryKey}</code>
      </pre>
      <div className="recovery-codes__actions">
        <button
          type="button"
          className="button button--small button--secondary"
          onClick={() => void copyText(recoveryKey).then(setCopied)}
        >
          {copied ? t('e2eRecovery.copied') : t('e2eRecovery.copy')}
        </button>
      </div>
      <button type="button" className="button button--primary button--block" onClick={onSaved}>
        {t('e2eRecovery.saved')}
      </button>
    </div>
  );
}

/** Two groups of the key typed back; Finish only when both match. */
function ConfirmKey({
  recoveryKey,
  groups,
  onBack,
  onDone,
}: {
  recoveryKey: string;
  groups: [number, number];
  onBack: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const all = keyGroups(recoveryKey);
  const [typed, setTyped] = useState<[string, string]>(['', '']);
  const [tried, setTried] = useState(false);
  const ok = groups.map((g, i) => sameGroup(typed[i]!, all[g]!));
  return (
    <form
      className="settings-form"
      aria-labelledby="settings-recovery-confirm"
      data-testid="e2e-recovery-confirm"
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (ok.every(Boolean)) onDone();
      }}
    >
      <h4 id="settings-recovery-confirm" className="recovery-codes__title">
        {t('e2eRecovery.confirmTitle')}
      </h4>
      <p className="settings-section__hint">
        {t('e2eRecovery.confirmHint', { a: groups[0] + 1, b: groups[1] + 1 })}
      </p>
      {groups.map((g, i) => (
        <Field
          key={g}
          label={t('e2eRecovery.groupLabel', { n: g + 1 })}
          className="recovery-key__group"
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="characters"
          data-testid={`e2e-recovery-group-${i}`}
          data-group={g + 1}
          value={typed[i]}
          error={tried && !ok[i] ? t('e2eRecovery.groupWrong', { n: g + 1 }) : undefined}
          onChange={(e) => {
            const next: [string, string] = [...typed];
            next[i] = e.target.value;
            setTyped(next);
          }}
        />
      ))}
      <div className="recovery-codes__actions">
        <button type="submit" className="button button--primary" data-testid="e2e-recovery-finish">
          {t('e2eRecovery.finish')}
        </button>
        <button type="button" className="button button--secondary" onClick={onBack}>
          {t('e2eRecovery.showAgain')}
        </button>
      </div>
    </form>
  );
}
