import type { AdminRoom, RoomMember } from '@messenger/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface AdminRoomRowProps {
  room: AdminRoom;
  /** The room's members once loaded (shown while the row is expanded). */
  members: RoomMember[] | undefined;
  pending: boolean;
  onLoadMembers: () => void;
  onArchive: (archived: boolean) => void;
  onLegalHold: (hold: boolean) => void;
  onRetention: (days: number | null) => void;
  onDelete: () => void;
}

/** A room's title in the console: the group's name, or a direct room's two people. */
export function adminRoomName(room: AdminRoom, deletedUser: string): string {
  if (room.kind === 'group') return room.name ?? '';
  return room.people.map((p) => (p.deleted ? deletedUser : p.nickname)).join(' · ');
}

/** One room of the console: its figures and state, its members on demand, and the admin's switches. */
export function AdminRoomRow(props: AdminRoomRowProps) {
  const { room, members, pending } = props;
  const { t, i18n } = useTranslation();
  const [expanded, setExpanded] = useState(false);
  const [days, setDays] = useState(room.retentionDays === null ? '' : String(room.retentionDays));
  const name = adminRoomName(room, t('chat.deletedUser'));
  const when = (iso: string) =>
    new Date(iso).toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const membersId = `admin-room-members-${room.id}`;
  const retentionId = `admin-room-retention-${room.id}`;
  const daysValue = days.trim() === '' ? null : Number(days);
  const daysValid = daysValue === null || (Number.isInteger(daysValue) && daysValue >= 0);
  return (
    <li className="admin-rooms__row" data-testid="admin-room-row" aria-busy={pending}>
      <div className="admin-rooms__head">
        <span className="admin-rooms__name">{name}</span>
        <span className="badge">{t(room.kind === 'group' ? 'adminRooms.group' : 'adminRooms.direct')}</span>
        {room.archivedAt ? <span className="badge">{t('adminRooms.archivedBadge')}</span> : null}
        {room.legalHold ? (
          <span className="badge badge--warning" data-testid="legal-hold-badge">
            {t('adminRooms.legalHoldBadge')}
          </span>
        ) : null}
      </div>
      <p className="admin-rooms__facts">
        {t('adminRooms.members', { count: room.memberCount })} ·{' '}
        {t('adminRooms.messages', { count: room.lastSeq })} ·{' '}
        {t('adminRooms.lastActivity', { time: when(room.lastActivityAt) })}
      </p>
      <div className="admin-rooms__actions">
        <button
          type="button"
          className="button button--small button--secondary"
          aria-expanded={expanded}
          aria-controls={membersId}
          onClick={() => {
            if (!expanded) props.onLoadMembers();
            setExpanded(!expanded);
          }}
        >
          {t(expanded ? 'adminRooms.hideMembers' : 'adminRooms.showMembers')}
        </button>
        <button
          type="button"
          className="button button--small button--secondary"
          aria-label={t(room.archivedAt ? 'adminRooms.unarchiveLabel' : 'adminRooms.archiveLabel', { name })}
          disabled={pending}
          onClick={() => props.onArchive(!room.archivedAt)}
        >
          {t(room.archivedAt ? 'adminRooms.unarchive' : 'adminRooms.archive')}
        </button>
        <button
          type="button"
          className="button button--small button--secondary"
          aria-label={t(room.legalHold ? 'adminRooms.holdOffLabel' : 'adminRooms.holdOnLabel', { name })}
          aria-pressed={room.legalHold}
          disabled={pending}
          onClick={() => props.onLegalHold(!room.legalHold)}
        >
          {t(room.legalHold ? 'adminRooms.holdOff' : 'adminRooms.holdOn')}
        </button>
        <form
          className="admin-rooms__retention"
          onSubmit={(e) => {
            e.preventDefault();
            if (daysValid) props.onRetention(daysValue);
          }}
        >
          <label htmlFor={retentionId} className="admin-rooms__retention-label">
            {t('adminRooms.retention')}
          </label>
          <input
            id={retentionId}
            className="field__input admin-rooms__days"
            type="number"
            min={0}
            step={1}
            inputMode="numeric"
            placeholder="—"
            title={t('adminRooms.retentionHint')}
            aria-label={t('adminRooms.retentionLabel', { name })}
            aria-invalid={!daysValid}
            value={days}
            onChange={(e) => setDays(e.target.value)}
          />
          <button
            type="submit"
            className="button button--small button--secondary"
            disabled={pending || !daysValid}
          >
            {t('adminRooms.retentionSave')}
          </button>
        </form>
        <button
          type="button"
          className="button button--small button--danger-quiet"
          aria-label={t('adminRooms.deleteLabel', { name })}
          disabled={pending}
          onClick={props.onDelete}
        >
          {t('adminRooms.delete')}
        </button>
      </div>
      {expanded ? (
        <ul
          id={membersId}
          className="admin-rooms__members"
          aria-label={t('adminRooms.membersLabel', { name })}
        >
          {(members ?? []).map((m) => (
            <li key={m.user.id}>
              <span>{m.user.deleted ? t('chat.deletedUser') : m.user.nickname}</span>
              <span className="admin-users__username">
                {t(`adminRooms.roles.${m.role}`)} · {t('adminRooms.joined', { time: when(m.joinedAt) })}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}
