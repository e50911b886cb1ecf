import type { AdminAuditEntry } from '@messenger/shared';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiClient } from '../../lib/api.ts';
import { Alert } from '../../ui/Alert.tsx';
import { NO_FILTERS, useAdminAudit, type AuditFilters } from './useAdminAudit.ts';

const FAMILIES = [
  ['', 'familyAll'],
  ['auth', 'familyAuth'],
  ['room', 'familyRoom'],
  ['user', 'familyUser'],
  ['file', 'familyFile'],
  ['server', 'familyServer'],
  ['compliance', 'familyCompliance'],
] as const;

/** Details as one line: `key: value`, changes as `from → to`. */
function detailLine(detail: Record<string, unknown>): string {
  const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  return Object.entries(detail)
    .map(([k, v]) => {
      const c = v as { from?: unknown; to?: unknown } | null;
      return c && typeof c === 'object' && 'to' in c
        ? `${k}: ${text(c.from)} → ${text(c.to)}`
        : `${k}: ${text(v)}`;
    })
    .join(' · ');
}

/** Server admins: the whole audit log, filtered, paged and exported (AUDIT-2). */
export function AdminAuditSection({ api }: { api: ApiClient }) {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState<AuditFilters>(NO_FILTERS);
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  const log = useAdminAudit(api, filters);
  const set = (patch: Partial<AuditFilters>) => setDraft((d) => ({ ...d, ...patch }));
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilters(draft);
  };
  const when = (iso: string) =>
    new Date(iso).toLocaleString(i18n.language, { dateStyle: 'short', timeStyle: 'medium' });
  const who = (u: AdminAuditEntry['actor']) =>
    !u ? t('adminAudit.server') : u.deleted ? t('chat.deletedUser') : `${u.nickname} (@${u.username})`;
  const what = (e: AdminAuditEntry) => {
    const label = t(`adminAudit.actions.${e.action}`, { defaultValue: e.action });
    // A target other than the actor (signing oneself in names oneself twice otherwise).
    return e.target && e.target.id !== e.actor?.id ? `${label}: ${who(e.target)}` : label;
  };
  const exportUrl = (format: 'csv' | 'jsonl') => {
    const q = new URLSearchParams(log.query);
    q.set('format', format);
    return `/api/admin/audit?${q.toString()}`;
  };

  return (
    <section className="settings-section" aria-labelledby="settings-audit-title" data-testid="admin-audit">
      <h3 id="settings-audit-title" className="settings-section__title">
        {t('adminAudit.title')}
      </h3>
      <p className="settings-section__hint">{t('adminAudit.hint')}</p>
      <form className="audit-filters" aria-label={t('adminAudit.filters')} onSubmit={apply}>
        <label className="audit-filters__field">
          <span>{t('adminAudit.actor')}</span>
          <input
            className="field__input"
            value={draft.actor}
            autoCapitalize="none"
            spellCheck={false}
            onChange={(e) => set({ actor: e.target.value })}
          />
        </label>
        <label className="audit-filters__field">
          <span>{t('adminAudit.family')}</span>
          <select
            className="field__input"
            value={draft.family}
            onChange={(e) => set({ family: e.target.value })}
          >
            {FAMILIES.map(([value, key]) => (
              <option key={value} value={value}>
                {t(`adminAudit.${key}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="audit-filters__field">
          <span>{t('adminAudit.from')}</span>
          <input
            className="field__input"
            type="date"
            value={draft.from}
            onChange={(e) => set({ from: e.target.value })}
          />
        </label>
        <label className="audit-filters__field">
          <span>{t('adminAudit.to')}</span>
          <input
            className="field__input"
            type="date"
            value={draft.to}
            onChange={(e) => set({ to: e.target.value })}
          />
        </label>
        <button type="submit" className="button button--primary audit-filters__apply">
          {t('adminAudit.apply')}
        </button>
      </form>
      <div className="audit-exports">
        <a
          className="button button--secondary button--small"
          href={exportUrl('csv')}
          download
          data-testid="audit-csv"
        >
          {t('adminAudit.exportCsv')}
        </a>
        <a className="button button--secondary button--small" href={exportUrl('jsonl')} download>
          {t('adminAudit.exportJsonl')}
        </a>
      </div>
      {log.load.status === 'error' ? <Alert tone="error">{log.load.message}</Alert> : null}
      {log.load.status === 'loading' ? (
        <p className="settings-section__status" role="status">
          {t('adminAudit.loading')}
        </p>
      ) : null}
      {log.load.status === 'ready' && log.entries.length === 0 ? (
        <p className="settings-section__status">{t('adminAudit.empty')}</p>
      ) : null}
      {log.entries.length > 0 ? (
        <ol className="audit-list" data-testid="audit-entries">
          {log.entries.map((e) => (
            <li key={e.id} className="audit-list__item" data-action={e.action}>
              <div className="audit-list__head">
                <span className="audit-list__what">{what(e)}</span>
                <time className="audit-list__time" dateTime={e.at}>
                  {when(e.at)}
                </time>
              </div>
              <div className="audit-list__who">{who(e.actor)}</div>
              {Object.keys(e.detail).length > 0 ? (
                <div className="audit-list__detail">{detailLine(e.detail)}</div>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
      {log.hasMore ? (
        <button
          type="button"
          className="button button--secondary"
          disabled={log.loadingMore}
          onClick={() => void log.more()}
        >
          {t('adminAudit.more')}
        </button>
      ) : null}
    </section>
  );
}
