import { ServerSettingsResponse, type ServerSettingsUpdate } from '@messenger/shared';
import { useEffect, useState } from 'react';
import type { ApiClient } from '../../lib/api.ts';
import { changeOf, draftOf, type ServerSettingsDraft } from './serverSettingsForm.ts';

type Load = { status: 'loading' } | { status: 'ready' } | { status: 'error'; error: unknown };
/** What the last save said: saved, nothing to save, a field that is not a number, or the server's refusal. */
export type SaveOutcome =
  { kind: 'saved' } | { kind: 'noChange' } | { kind: 'notNumber' } | { kind: 'error'; error: unknown };

/** View-model of Settings → Server settings (ADMIN-3): the form over the settings, saved as one change. */
export function useServerSettings(api: ApiClient) {
  const [data, setData] = useState<ServerSettingsResponse | null>(null);
  const [draft, setDraft] = useState<ServerSettingsDraft | null>(null);
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<SaveOutcome | null>(null);

  useEffect(() => {
    let cancelled = false;
    api.call('GET', '/api/admin/settings', ServerSettingsResponse).then(
      (r) => {
        if (cancelled) return;
        setData(r);
        setDraft(draftOf(r.settings));
        setLoad({ status: 'ready' });
      },
      (error: unknown) => !cancelled && setLoad({ status: 'error', error }),
    );
    return () => {
      cancelled = true;
    };
  }, [api]);

  return {
    data,
    draft,
    load,
    saving,
    outcome,
    /** Changes part of the form (nothing is sent before `save`). */
    edit(patch: Partial<ServerSettingsDraft>) {
      setDraft((d) => (d ? { ...d, ...patch } : d));
      setOutcome(null);
    },
    /** Sends what the form changed; the form then shows what the server answered. */
    async save() {
      if (!data || !draft) return;
      const change = changeOf(draft, data.settings);
      if (change === null || change === 'invalid') {
        setOutcome({ kind: change === null ? 'noChange' : 'notNumber' });
        return;
      }
      setSaving(true);
      setOutcome(null);
      try {
        const next = await api.call(
          'PUT',
          '/api/admin/settings',
          ServerSettingsResponse,
          change satisfies ServerSettingsUpdate,
        );
        setData(next);
        setDraft(draftOf(next.settings));
        setOutcome({ kind: 'saved' });
      } catch (error) {
        setOutcome({ kind: 'error', error });
      } finally {
        setSaving(false);
      }
    },
  };
}
