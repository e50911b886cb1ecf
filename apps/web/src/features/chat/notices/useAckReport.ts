import type { AckReport, Pin } from '@messenger/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../i18n/errorText.ts';
import { usePinStore } from './PinsContext.tsx';

/**
 * Who has and has not acknowledged a notice, reloaded when someone acknowledges while it is shown; a
 * reminder to those who have not, and where the CSV is downloaded.
 */
export function useAckReport(pin: Pin) {
  const { t } = useTranslation();
  const store = usePinStore();
  const [report, setReport] = useState<AckReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const ackCount = pin.ackCount;

  useEffect(() => {
    let live = true;
    store.api.report(pin.roomId, pin.id).then(
      (r) => live && setReport(r),
      (err: unknown) => live && setError(errorText(err)),
    );
    return () => {
      live = false;
    };
    // Reloaded when someone acknowledges while it is open.
  }, [store, pin.roomId, pin.id, ackCount]);

  const remind = async () => {
    try {
      setError(null);
      const n = await store.api.remind(pin.roomId, pin.id);
      setStatus(n === 0 ? t('pins.nobodyPending') : t('pins.reminded', { count: n }));
    } catch (err) {
      setError(errorText(err));
    }
  };

  return { report, error, status, remind, csvUrl: store.api.csvUrl(pin.roomId, pin.id) };
}
