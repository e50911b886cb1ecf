import type { LiveStatus } from '@messenger/shared';
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../chat/files/format.ts';

/** A health mark: a symbol and a word, so it reads without colour too. */
function Health({ ok }: { ok: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={ok ? 'health health--ok' : 'health health--failing'}>
      <span aria-hidden="true">{ok ? '✓ ' : '✕ '}</span>
      {ok ? t('liveStatus.ok') : t('liveStatus.failing')}
    </span>
  );
}

/** The figures of this moment (ADMIN-4): connections, traffic, sizes, memory, event loop, health. */
export function LiveStatusFigures({ live }: { live: LiveStatus }) {
  const { t, i18n } = useTranslation();
  const bytes = (n: number | null) =>
    n === null ? t('liveStatus.notMeasured') : formatBytes(n, i18n.language);
  const number = (n: number) => n.toLocaleString(i18n.language);
  const up = live.uptimeSeconds;
  const { database, stateStore } = live.health;
  return (
    <>
      <dl className="status-list" data-testid="live-figures">
        <dt>{t('liveStatus.people')}</dt>
        <dd data-testid="live-people">
          {t('liveStatus.peopleValue', {
            people: number(live.connections.people),
            sockets: number(live.connections.sockets),
          })}
          {live.connections.scope === 'process' ? (
            <span className="status-list__note"> · {t('liveStatus.thisProcess')}</span>
          ) : null}
        </dd>
        <dt>{t('liveStatus.messages')}</dt>
        <dd data-testid="live-messages">
          {t('liveStatus.messagesValue', { n: number(live.messagesPerMinute) })}
        </dd>
        <dt>{t('liveStatus.rooms')}</dt>
        <dd>{t('liveStatus.roomsValue', { n: number(live.rooms) })}</dd>
        <dt>{t('liveStatus.databaseSize')}</dt>
        <dd>{bytes(live.databaseBytes)}</dd>
        <dt>{t('liveStatus.uploadsSize')}</dt>
        <dd>{bytes(live.uploadsBytes)}</dd>
        <dt>{t('liveStatus.memory')}</dt>
        <dd>
          {t('liveStatus.memoryValue', {
            rss: formatBytes(live.memory.rssBytes, i18n.language),
            heap: formatBytes(live.memory.heapUsedBytes, i18n.language),
          })}
        </dd>
        <dt>{t('liveStatus.eventLoop')}</dt>
        <dd>
          {live.eventLoop
            ? t('liveStatus.eventLoopValue', {
                mean: live.eventLoop.meanMs.toLocaleString(i18n.language, { maximumFractionDigits: 1 }),
                p99: live.eventLoop.p99Ms.toLocaleString(i18n.language, { maximumFractionDigits: 1 }),
              })
            : t('liveStatus.notMeasured')}
        </dd>
        <dt>{t('liveStatus.uptime')}</dt>
        <dd>
          {t('liveStatus.uptimeValue', {
            days: Math.floor(up / 86_400),
            hours: Math.floor((up % 86_400) / 3_600),
            minutes: Math.floor((up % 3_600) / 60),
          })}
        </dd>
        <dt>{t('liveStatus.scanQueue')}</dt>
        <dd>{t('liveStatus.scanQueueValue', { n: number(live.scanQueue) })}</dd>
      </dl>
      <h4 className="settings-section__subtitle">{t('liveStatus.health')}</h4>
      <dl className="status-list" data-testid="live-health">
        <dt>
          {t('liveStatus.healthDatabase', { kind: database.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL' })}
        </dt>
        <dd data-testid="live-health-database">
          <Health ok={database.ok} />
        </dd>
        <dt>
          {t('liveStatus.healthStore', {
            kind: stateStore.kind === 'redis' ? 'Redis' : t('liveStatus.storeMemory'),
          })}
        </dt>
        <dd data-testid="live-health-store">
          <Health ok={stateStore.ok} />
        </dd>
      </dl>
    </>
  );
}
