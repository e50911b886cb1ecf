import { CERT_WARN_DAYS } from '@messenger/shared';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../i18n/errorText.ts';
import type { ApiClient } from '../../lib/api.ts';
import { Alert } from '../../ui/Alert.tsx';
import { LiveStatusChart } from './LiveStatusChart.tsx';
import { LiveStatusFigures } from './LiveStatusFigures.tsx';
import { useAdminStatus } from './useAdminStatus.ts';

/** Server admins: version and schema, database, certificate end, backups (OPS-10), and the live figures (ADMIN-4). */
export function AdminStatusSection({ api }: { api: ApiClient }) {
  const { t, i18n } = useTranslation();
  const load = useAdminStatus(api);
  const date = (iso: string) =>
    new Date(iso).toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <section className="settings-section" aria-labelledby="settings-status-title" data-testid="admin-status">
      <h3 id="settings-status-title" className="settings-section__title">
        {t('settings.statusTitle')}
      </h3>
      {load.status === 'loading' ? (
        <p className="settings-section__status" role="status">
          {t('settings.statusLoading')}
        </p>
      ) : null}
      {load.status === 'error' ? <Alert tone="error">{errorText(load.error)}</Alert> : null}
      {load.status === 'ready' ? (
        <>
          {load.data.tls && load.data.tls.daysLeft < CERT_WARN_DAYS ? (
            <Alert tone="error">
              {t('settings.statusCertSoon', { count: Math.max(0, load.data.tls.daysLeft) })}
            </Alert>
          ) : null}
          <dl className="status-list">
            <dt>{t('settings.statusVersion')}</dt>
            <dd>
              {load.data.version} ({t('settings.statusSchema')} {load.data.schemaVersion})
            </dd>
            <dt>{t('settings.statusDatabase')}</dt>
            <dd>
              {load.data.database === 'sqlite' ? 'SQLite' : 'PostgreSQL'}
              {load.data.redis ? ' + Redis' : ''}
            </dd>
            <dt>{t('settings.statusStarted')}</dt>
            <dd>{date(load.data.startedAt)}</dd>
            <dt>{t('settings.statusHttps')}</dt>
            <dd data-testid="status-https">
              {load.data.tls
                ? t('settings.statusCertUntil', {
                    date: date(load.data.tls.notAfter),
                    count: load.data.tls.daysLeft,
                  })
                : t('settings.statusNoHttps')}
            </dd>
            <dt>{t('settings.statusBackup')}</dt>
            <dd data-testid="status-backup">
              {load.data.backup.last
                ? t('settings.statusLastBackup', {
                    date: date(load.data.backup.last.at),
                    size: (load.data.backup.last.bytes / 1024 / 1024).toFixed(1),
                  })
                : load.data.backup.schedule
                  ? t('settings.statusNoBackupYet', { schedule: load.data.backup.schedule })
                  : t('settings.statusNoSchedule')}
            </dd>
          </dl>
          <h4 className="settings-section__subtitle">{t('liveStatus.title')}</h4>
          <p className="settings-section__hint" data-testid="live-updated">
            {t('liveStatus.updated', {
              time: new Date(load.data.live.at).toLocaleTimeString(i18n.language),
            })}
          </p>
          <LiveStatusFigures live={load.data.live} />
          <h4 className="settings-section__subtitle">{t('liveStatus.chartTitle')}</h4>
          <LiveStatusChart history={load.data.history} />
        </>
      ) : null}
    </section>
  );
}
