import type { RoomSummary } from '@messenger/shared';
import { useTranslation } from 'react-i18next';

/** The room fields that decide whether the caller may post. */
type PostRoom = Pick<RoomSummary, 'postPolicy' | 'myRole'> & Partial<Pick<RoomSummary, 'archivedAt'>>;

/**
 * Why the caller cannot post in a room, if they cannot: archived by a server admin (ADMIN-2), an announcement
 * room (ADM-4) or a closed DM (ACCT-3).
 */
export function postBlock(room: PostRoom): 'archived' | 'admins' | 'closed' | null {
  if (room.archivedAt) return 'archived';
  if (room.postPolicy === 'closed') return 'closed';
  if (room.postPolicy === 'admins' && room.myRole === 'member') return 'admins';
  return null;
}

const LOCK_TEXT = {
  archived: 'chat.roomArchived',
  admins: 'chat.onlyAdminsPost',
  closed: 'chat.peerDeletedNoReply',
} as const;

/** Takes the composer's place, calmly, where the caller cannot post. */
export function ComposerLocked({ room }: { room: PostRoom }) {
  const { t } = useTranslation();
  const reason = postBlock(room);
  return (
    <div className="composer composer--locked" role="status" data-testid="composer-locked">
      <svg className="composer__lock" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        <rect
          x="3.5"
          y="7"
          width="9"
          height="6.5"
          rx="1.5"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.4"
        />
        <path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" fill="none" stroke="currentColor" strokeWidth="1.4" />
      </svg>
      <span>{t(LOCK_TEXT[reason ?? 'closed'])}</span>
    </div>
  );
}
