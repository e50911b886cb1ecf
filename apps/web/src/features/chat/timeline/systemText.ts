import type { SystemEvent } from '@messenger/shared';

/** A translate function for the `chat.system.*` keys (i18next's `t`, or a fake in tests). */
export type SystemTranslate = (key: string, vars: Record<string, string | number>) => string;

/**
 * The line shown for a system message, e.g. "김철수 님이 이영희 님을 초대했습니다" / "Kim invited Lee".
 * `nameOf` maps a user id to a nickname (members, then senders seen in the timeline).
 */
export function systemText(e: SystemEvent, nameOf: (id: string) => string, t: SystemTranslate): string {
  const actor = e.actorId ? nameOf(e.actorId) : '';
  const targets = e.targetIds.map(nameOf).join(', ');
  const count = e.targetIds.length;
  switch (e.type) {
    case 'room_created':
      return t('chat.system.room_created', { actor, name: e.value ?? '' });
    case 'joined':
      return e.actorId && !e.targetIds.includes(e.actorId)
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
      return e.actorId
        ? t('chat.system.transferred', { actor, targets })
        : t('chat.system.succeeded', { targets });
  }
}
