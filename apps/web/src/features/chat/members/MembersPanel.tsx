import type { RoomMember, RoomSummary } from '@messenger/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Avatar } from '../../../ui/Avatar.tsx';
import { LockIcon } from '../../e2e/LockIcon.tsx';
import { VerifiedShield } from '../../e2e/ShieldIcon.tsx';
import { useVerification } from '../../e2e/useVerification.ts';
import { VerifyDialog } from '../../e2e/VerifyDialog.tsx';
import { ConfirmDialog } from '../ConfirmDialog.tsx';
import { PresenceDot } from '../rooms/PresenceDot.tsx';
import { RoomSettingsDialog } from '../settings/RoomSettingsDialog.tsx';
import { InviteDialog } from './InviteDialog.tsx';
import { useMembers } from './useMembers.ts';

type Confirm = { kick: RoomMember } | { transfer: RoomMember } | 'leave';

/** The question asked before leaving, removing someone or giving ownership away. */
function confirmText(c: Confirm, t: TFunction) {
  if (c === 'leave')
    return { title: t('chat.leaveTitle'), body: t('chat.leaveBody'), label: t('chat.leaveRoom') };
  if ('kick' in c)
    return {
      title: t('chat.kickTitle', { name: c.kick.user.nickname }),
      body: t('chat.kickBody'),
      label: t('chat.kick'),
    };
  return {
    title: t('chat.transferTitle', { name: c.transfer.user.nickname }),
    body: t('chat.transferBody'),
    label: t('chat.transferConfirm'),
  };
}

/** Room info: description, members with roles and presence; admins open the room's settings, invite
 * (or everyone, by the invite policy), kick and promote/demote; the owner hands ownership over. */
export function MembersPanel({ room, onClose }: { room: RoomSummary; onClose: () => void }) {
  const { t } = useTranslation();
  const m = useMembers(room);
  const [inviting, setInviting] = useState(false);
  const [editing, setEditing] = useState(false);
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  // Encrypted rooms: who this device verified (a shield), and "Verify security" per person (E2E-80..E2E-82).
  const [verifying, setVerifying] = useState<RoomMember | null>(null);
  const others = room.e2e ? m.members.filter((x) => x.user.id !== m.meId && !x.user.deleted) : [];
  const verification = useVerification(
    others.map((x) => x.user.id),
    room.e2e ? room.id : undefined,
  );
  const asked = confirm ? confirmText(confirm, t) : null;
  return (
    <aside className="members-panel" aria-label={t('chat.roomInfo')} data-testid="members-panel">
      <header className="members-panel__head">
        <h2 className="members-panel__title">{t('chat.roomInfo')}</h2>
        <button type="button" className="icon-button" aria-label={t('chat.close')} onClick={onClose}>
          ×
        </button>
      </header>
      {room.kind === 'group' ? (
        <div className="members-panel__about">
          {room.description ? (
            <p className="members-panel__description" data-testid="room-description">
              {room.description}
            </p>
          ) : null}
          {room.postPolicy === 'admins' ? (
            <p className="members-panel__policy" data-testid="room-announcement">
              {t('roomSettings.announcementRoom')}
            </p>
          ) : null}
          {m.isAdmin ? (
            <button
              type="button"
              className="button button--small button--secondary"
              data-testid="open-room-settings"
              onClick={() => setEditing(true)}
            >
              {t('roomSettings.open')}
            </button>
          ) : null}
        </div>
      ) : null}
      {m.error ? (
        <p className="field__error" role="alert">
          {m.error}
        </p>
      ) : null}
      {/* How this room is protected, in honest words (design e2e.md 5.10's labels). */}
      <p
        className={
          room.e2e ? 'members-panel__security members-panel__security--e2e' : 'members-panel__security'
        }
        data-testid="room-security"
      >
        {room.e2e ? <LockIcon className="e2e-note__icon" /> : null}
        {room.e2e ? t('e2e.isE2e') : t('e2e.notE2e')}
      </p>
      {room.e2e ? (
        <p className="members-panel__security" data-testid="room-no-server-features">
          {t('e2eDefault.noServerFeatures')}
        </p>
      ) : null}
      <div className="members-panel__sub">
        <h3 className="sidebar__heading">{t('chat.memberCount', { count: m.members.length })}</h3>
        {m.canInvite ? (
          <button
            type="button"
            className="button button--small button--secondary"
            onClick={() => setInviting(true)}
          >
            {t('chat.invite')}
          </button>
        ) : null}
      </div>
      <ul className="members-panel__list">
        {m.members.map((x) => (
          <li key={x.user.id} className="member-row" data-testid="member-row">
            <span className="room-item__avatar">
              <Avatar name={x.user.nickname} seed={x.user.id} size="sm" url={x.user.avatarUrl} />
              <PresenceDot presence={x.user.id === m.meId ? 'online' : m.presence[x.user.id]?.presence} />
            </span>
            <span className="member-row__names">
              <span className="member-row__name">
                {x.user.deleted ? t('chat.deletedUser') : x.user.nickname}
                {x.user.id === m.meId ? ` (${t('chat.you')})` : ''}
                {verification.verified.has(x.user.id) ? <VerifiedShield label={t('e2e.verified')} /> : null}
              </span>
              {x.user.deactivated ? (
                <span className="member-row__status" data-testid="member-deactivated">
                  {t('chat.deactivated')}
                </span>
              ) : null}
              {m.presence[x.user.id]?.statusMessage && !x.user.deleted ? (
                <span className="member-row__status" data-testid="member-status">
                  {m.presence[x.user.id]!.statusMessage}
                </span>
              ) : null}
            </span>
            {x.role !== 'member' ? <span className="badge">{t(`chat.role.${x.role}`)}</span> : null}
            {room.e2e && x.user.id !== m.meId && !x.user.deleted ? (
              <button
                type="button"
                className="link-button"
                data-testid="verify-security"
                onClick={() => setVerifying(x)}
              >
                {t('e2e.verifySecurity')}
              </button>
            ) : null}
            {(m.isOwner && x.role !== 'owner') || m.canKick(x) ? (
              <span
                className="member-row__actions"
                role="group"
                aria-label={t('chat.memberActions', { name: x.user.nickname })}
              >
                {m.isOwner && x.role !== 'owner' ? (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => void m.setRole(x, x.role === 'admin' ? 'member' : 'admin')}
                  >
                    {x.role === 'admin' ? t('chat.demote') : t('chat.promote')}
                  </button>
                ) : null}
                {m.isOwner && room.kind === 'group' && x.role !== 'owner' && !x.user.deleted ? (
                  <button
                    type="button"
                    className="link-button"
                    data-testid="transfer-owner"
                    onClick={() => setConfirm({ transfer: x })}
                  >
                    {t('chat.transfer')}
                  </button>
                ) : null}
                {m.canKick(x) ? (
                  <button
                    type="button"
                    className="link-button member-row__kick"
                    onClick={() => setConfirm({ kick: x })}
                  >
                    {t('chat.kick')}
                  </button>
                ) : null}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      {room.kind === 'group' ? (
        <button
          type="button"
          className="button button--danger-quiet members-panel__leave"
          data-testid="leave-room"
          onClick={() => setConfirm('leave')}
        >
          {t('chat.leaveRoom')}
        </button>
      ) : null}
      {confirm && asked ? (
        <ConfirmDialog
          title={asked.title}
          body={asked.body}
          confirmLabel={asked.label}
          testId="confirm-dialog"
          onConfirm={() => {
            setConfirm(null);
            void (confirm === 'leave'
              ? m.leave()
              : 'kick' in confirm
                ? m.kick(confirm.kick)
                : m.transfer(confirm.transfer));
          }}
          onClose={() => setConfirm(null)}
        />
      ) : null}
      {verifying ? (
        <VerifyDialog
          uid={verifying.user.id}
          name={verifying.user.nickname}
          roomId={room.id}
          onClose={() => setVerifying(null)}
        />
      ) : null}
      {editing ? <RoomSettingsDialog room={room} onClose={() => setEditing(false)} /> : null}
      {inviting ? (
        <InviteDialog
          exclude={m.members.map((x) => x.user.id)}
          onInvite={(ids) => m.invite(ids)}
          onClose={() => setInviting(false)}
        />
      ) : null}
    </aside>
  );
}
