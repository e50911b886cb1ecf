import type { SystemEvent, SystemEventUser } from '@messenger/shared';

/** A translate function for the `chat.system.*` keys (i18next's `t`, or a fake in tests). */
export type SystemTranslate = (key: string, vars?: Record<string, string | number>) => string;

/**
 * The line shown for a system message, e.g. "김철수 님이 이영희 님을 초대했습니다" / "Kim invited Lee".
 * Names come from the message itself (nicknames as they were when it happened, ROOM-6), so the line reads
 * right even for people this client has never seen; a name the server could not know shows as "someone".
 */
export function systemText(e: SystemEvent, t: SystemTranslate): string {
  const nameOf = (u: SystemEventUser) => u.nickname || t('chat.someone');
  const actor = e.actor ? nameOf(e.actor) : '';
  const targets = e.targets.map(nameOf).join(', ');
  const count = e.targets.length;
  switch (e.type) {
    case 'room_created':
      return t('chat.system.room_created', { actor, name: e.value ?? '' });
    case 'joined':
      return e.actor && !e.targets.some((u) => u.id === e.actor?.id)
        ? t('chat.system.invited', { actor, targets, count })
        : t('chat.system.joined', { targets, count });
    case 'left':
      return t('chat.system.left', { targets, count });
    case 'kicked':
      return t('chat.system.kicked', { actor, targets, count });
    case 'renamed':
      return t('chat.system.renamed', { actor, name: e.value ?? '' });
    case 'role_changed':
      return e.value === 'admin'
        ? t('chat.system.promoted', { actor, targets })
        : t('chat.system.demoted', { actor, targets });
    case 'owner_transferred':
      return e.actor
        ? t('chat.system.transferred', { actor, targets })
        : t('chat.system.succeeded', { targets });
    case 'poll_closed':
      return e.actor
        ? t('chat.system.poll_closed_by', { actor, name: e.value ?? '' })
        : t('chat.system.poll_closed', { name: e.value ?? '' });
    case 'pinned':
      return t('chat.system.pinned', { actor });
    case 'unpinned':
      return t('chat.system.unpinned', { actor });
  }
}
