import type { RoomAuditEntry } from '@messenger/shared';

/** A translate function for the `roomSettings.audit.*` keys (i18next's `t`, or a fake in tests). */
export type AuditTranslate = (key: string, vars?: Record<string, string | number>) => string;

const FIELDS = ['name', 'description', 'invitePolicy', 'postPolicy'] as const;

/**
 * One line of a room's admin log (ADM-6), e.g. "김관리 님이 이사원 님을 내보냈습니다" / "Kim removed Lee".
 * Deleted people read as "(deleted user)", the server as "the server"; unknown actions show their code.
 */
export function auditText(e: RoomAuditEntry, t: AuditTranslate): string {
  const person = (u: RoomAuditEntry['actor']) =>
    !u ? t('roomSettings.audit.server') : u.deleted ? t('chat.deletedUser') : u.nickname;
  const actor = person(e.actor);
  const target = person(e.target);
  const d = e.detail as Record<string, { from?: unknown; to?: unknown } | undefined>;
  switch (e.action) {
    case 'room.member_invited':
      return t('roomSettings.audit.invited', { actor, target });
    case 'room.member_kicked':
      return t('roomSettings.audit.kicked', { actor, target });
    case 'room.role_changed':
      return t(e.detail.to === 'admin' ? 'roomSettings.audit.promoted' : 'roomSettings.audit.demoted', {
        actor,
        target,
      });
    case 'room.owner_transferred':
      return t('roomSettings.audit.transferred', { actor, target });
    case 'room.owner_succeeded':
      return t('roomSettings.audit.succeeded', { target });
    case 'room.image_changed':
      return t('roomSettings.audit.imageChanged', { actor });
    case 'room.image_removed':
      return t('roomSettings.audit.imageRemoved', { actor });
    case 'pin.reminded':
      return t('roomSettings.audit.pinReminded', { actor, count: Number(e.detail.reminded ?? 0) });
    case 'file.deleted':
      return t('roomSettings.audit.fileDeleted', { actor, name: String(e.detail.name ?? '') });
    case 'room.settings_changed': {
      const fields = FIELDS.filter((f) => d[f] !== undefined).map((f) => t(`roomSettings.audit.field.${f}`));
      return t('roomSettings.audit.settings', { actor, fields: fields.join(', ') });
    }
    default:
      return `${actor}: ${e.action}`;
  }
}
