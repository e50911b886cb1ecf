import type { ComplianceExport, UserSummary } from '@messenger/shared';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiClient } from '../../lib/api.ts';
import { Alert } from '../../ui/Alert.tsx';
import { dayRange, useExports } from './useExports.ts';

const day = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** `1.2 MB`-style sizes. */
function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Server admins: start a compliance export of a room or a person, follow its progress, download it (ADMIN-6). */
export function ExportsSection({ api }: { api: ApiClient }) {
  const { t, i18n } = useTranslation();
  const ex = useExports(api);
  const [kind, setKind] = useState<'room' | 'person'>('room');
  const [roomId, setRoomId] = useState('');
  const [query, setQuery] = useState('');
  const [people, setPeople] = useState<UserSummary[]>([]);
  const [userId, setUserId] = useState('');
  const [from, setFrom] = useState(() => day(new Date(Date.now() - 30 * 24 * 60 * 60 * 1000)));
  const [to, setTo] = useState(() => day(new Date()));
  const [notice, setNotice] = useState(false);

  const { searchPeople } = ex;
  useEffect(() => {
    let cancelled = false;
    searchPeople(query).then(
      (found) => !cancelled && setPeople(found),
      () => !cancelled && setPeople([]),
    );
    return () => {
      cancelled = true;
    };
  }, [searchPeople, query]);

  const target = kind === 'room' ? roomId.trim() : userId;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!target || !from || !to) return;
    const scope = kind === 'room' ? { roomId: target } : { userId: target };
    setNotice(await ex.start({ scope, ...dayRange(from, to) }));
  };
  const when = (iso: string, style: 'date' | 'time') =>
    new Date(iso).toLocaleString(
      i18n.language,
      style === 'date' ? { dateStyle: 'medium' } : { dateStyle: 'short', timeStyle: 'short' },
    );
  // The range as chosen: `to` is exclusive on the wire, the day before it is the last one included.
  const lastDay = (iso: string) => when(new Date(Date.parse(iso) - 1).toISOString(), 'date');

  return (
    <section
      className="settings-section"
      aria-labelledby="settings-exports-title"
      data-testid="admin-exports"
    >
      <h3 id="settings-exports-title" className="settings-section__title">
        {t('adminExports.title')}
      </h3>
      <p className="settings-section__hint">{t('adminExports.hint')}</p>
      <form className="audit-filters exports-form" onSubmit={(e) => void submit(e)}>
        <fieldset className="room-settings__choice">
          <legend>{t('adminExports.scope')}</legend>
          {(['room', 'person'] as const).map((k) => (
            <label key={k} className="room-settings__option">
              <input type="radio" name="export-kind" checked={kind === k} onChange={() => setKind(k)} />
              {t(k === 'room' ? 'adminExports.scopeRoom' : 'adminExports.scopePerson')}
            </label>
          ))}
        </fieldset>
        {kind === 'room' ? (
          <label className="audit-filters__field">
            <span>{t('adminExports.room')}</span>
            <select className="field__input" value={roomId} onChange={(e) => setRoomId(e.target.value)}>
              <option value="">{t('adminExports.roomPick')}</option>
              {ex.rooms.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name ?? (r.people.map((p) => p.nickname).join(', ') || r.id)}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <>
            <label className="audit-filters__field">
              <span>{t('adminExports.personSearch')}</span>
              <input
                className="field__input"
                type="search"
                value={query}
                autoCapitalize="none"
                spellCheck={false}
                onChange={(e) => setQuery(e.target.value)}
              />
            </label>
            <label className="audit-filters__field">
              <span>{t('adminExports.personPick')}</span>
              <select className="field__input" value={userId} onChange={(e) => setUserId(e.target.value)}>
                <option value="">{t('adminExports.personPick')}</option>
                {people.map((u) => (
                  <option key={u.id} value={u.id}>
                    {`${u.nickname} (@${u.username})`}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        {kind === 'room' ? (
          <label className="audit-filters__field">
            <span>{t('adminExports.roomId')}</span>
            <input
              className="field__input"
              value={roomId}
              spellCheck={false}
              onChange={(e) => setRoomId(e.target.value)}
            />
          </label>
        ) : null}
        <label className="audit-filters__field">
          <span>{t('adminExports.from')}</span>
          <input
            className="field__input"
            type="date"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
          />
        </label>
        <label className="audit-filters__field">
          <span>{t('adminExports.to')}</span>
          <input className="field__input" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <button type="submit" className="button button--primary audit-filters__apply" disabled={!target}>
          {t('adminExports.start')}
        </button>
      </form>
      {notice ? <Alert tone="success">{t('adminExports.started')}</Alert> : null}
      {ex.error ? <Alert tone="error">{ex.error}</Alert> : null}
      <h4 className="exports-list__title">{t('adminExports.list')}</h4>
      {ex.exports === null ? (
        <p className="settings-section__status" role="status">
          {t('adminExports.loading')}
        </p>
      ) : ex.exports.length === 0 ? (
        <p className="settings-section__status">{t('adminExports.empty')}</p>
      ) : (
        <ol className="audit-list" data-testid="exports-list">
          {ex.exports.map((e) => (
            <ExportItem
              key={e.id}
              e={e}
              when={when}
              lastDay={lastDay}
              onRemove={() => void ex.remove(e.id)}
            />
          ))}
        </ol>
      )}
    </section>
  );
}

function ExportItem({
  e,
  when,
  lastDay,
  onRemove,
}: {
  e: ComplianceExport;
  when: (iso: string, style: 'date' | 'time') => string;
  lastDay: (iso: string) => string;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const name = e.scopeName || ('roomId' in e.scope ? e.scope.roomId : e.scope.userId);
  const { done, total } = e.progress;
  return (
    <li className="audit-list__item exports-list__item" data-status={e.status} data-testid="export-item">
      <div className="audit-list__head">
        <span className="audit-list__what">
          {t('roomId' in e.scope ? 'adminExports.scopeRoom' : 'adminExports.scopePerson')}: {name}
        </span>
        <span className={`exports-list__status exports-list__status--${e.status}`}>
          {t(`adminExports.status.${e.status}`)}
        </span>
      </div>
      <div className="audit-list__who">
        {t('adminExports.range', { from: when(e.from, 'date'), to: lastDay(e.to) })} ·{' '}
        {when(e.createdAt, 'time')} ·{' '}
        {t('adminExports.by', {
          name: e.requestedBy.deleted ? t('chat.deletedUser') : e.requestedBy.nickname,
        })}
      </div>
      <progress
        className="exports-list__progress"
        max={Math.max(total, 1)}
        value={e.status === 'done' ? Math.max(total, 1) : done}
        aria-label={t('adminExports.progress', { done, total })}
      />
      <div className="audit-list__detail">
        {t('adminExports.progress', { done, total })}
        {e.size !== null ? ` · ${bytes(e.size)}` : ''}
      </div>
      <div className="audit-exports">
        {e.status === 'done' ? (
          <a
            className="button button--secondary button--small"
            href={`/api/admin/exports/${encodeURIComponent(e.id)}/download`}
            download
            aria-label={t('adminExports.downloadLabel', { name })}
          >
            {t('adminExports.download')}
          </a>
        ) : null}
        <button
          type="button"
          className="button button--secondary button--small"
          aria-label={t('adminExports.removeLabel', { name })}
          onClick={onRemove}
        >
          {t('adminExports.remove')}
        </button>
      </div>
    </li>
  );
}
