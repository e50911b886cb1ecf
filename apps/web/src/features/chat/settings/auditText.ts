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
    case 'message.deleted_by_admin':
      return t('roomSettings.audit.messageDeleted', { actor, target });
    case 'file.deleted':
      return t('roomSettings.audit.fileDeleted', { actor, name: String(e.detail.name ?? '') });
    case 'room.archived':
      return t('roomSettings.audit.archived', { actor });
    case 'room.unarchived':
      return t('roomSettings.audit.unarchived', { actor });
    case 'room.deleted':
      return t('roomSettings.audit.roomDeleted', { actor });
    case 'room.legal_hold_set':
      return t('roomSettings.audit.legalHoldSet', { actor });
    case 'room.legal_hold_released':
      return t('roomSettings.audit.legalHoldReleased', { actor });
    case 'room.retention_changed':
      return t('roomSettings.audit.retentionChanged', { actor, days: retentionText(e.detail.to, t) });
    case 'room.settings_changed': {
      const fields = FIELDS.filter((f) => d[f] !== undefined).map((f) => t(`roomSettings.audit.field.${f}`));
      return t('roomSettings.audit.settings', { actor, fields: fields.join(', ') });
    }
    default:
      return `${actor}: ${e.action}`;
  }
}

/** A room's retention as words: the server default (null), forever (0), or a number of days (RET-2). */
function retentionText(days: unknown, t: AuditTranslate): string {
  if (typeof days !== 'number') return t('roomSettings.audit.retentionDefault');
  if (days === 0) return t('roomSettings.audit.retentionForever');
  return t('roomSettings.audit.retentionDays', { count: days });
}
