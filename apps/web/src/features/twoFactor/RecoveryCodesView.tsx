import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { copyText, recoveryCodesFile } from './codes.ts';

export interface RecoveryCodesViewProps {
  codes: string[];
  username: string;
  /** What "continue" does (enter the chat, or back to the settings). */
  onDone: () => void;
  doneLabel: string;
}

/** The recovery codes, shown this once: copy, download as a text file, then continue. */
export function RecoveryCodesView({ codes, username, onDone, doneLabel }: RecoveryCodesViewProps) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const file = recoveryCodesFile(t('twoFactor.codesFileHeader', { issuer: t('app.name'), username }), codes);
  const download = () => {
    const url = URL.createObjectURL(new Blob([file], { type: 'text/plain;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `recovery-codes-${username}.txt`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <div className="recovery-codes" data-testid="recovery-codes">
      <h3 className="recovery-codes__title">{t('twoFactor.codesTitle')}</h3>
      <p className="recovery-codes__hint">{t('twoFactor.codesHint')}</p>
      <ol className="recovery-codes__list" aria-label={t('twoFactor.codesListLabel')}>
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <div className="recovery-codes__actions">
        <button
          type="button"
          className="button button--small button--secondary"
          onClick={() => void copyText(codes.join('\n')).then(setCopied)}
        >
          {copied ? t('twoFactor.copied') : t('twoFactor.copyCodes')}
        </button>
        <button type="button" className="button button--small button--secondary" onClick={download}>
          {t('twoFactor.downloadCodes')}
        </button>
      </div>
      <button type="button" className="button button--primary button--block" onClick={onDone}>
        {doneLabel}
      </button>
    </div>
  );
}
