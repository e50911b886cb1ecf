import type { AdminRoom } from '@messenger/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../i18n/errorText.ts';
import type { ApiClient } from '../../lib/api.ts';
import { Alert } from '../../ui/Alert.tsx';
import { ConfirmDialog } from '../chat/ConfirmDialog.tsx';
import { AdminRoomRow, adminRoomName } from './AdminRoomRow.tsx';
import { useAdminRooms } from './useAdminRooms.ts';

/** Server admins: every room, searchable and paged, with archive, legal hold, retention and deletion (ADMIN-2). */
export function AdminRoomsSection({ api }: { api: ApiClient }) {
  const { t } = useTranslation();
  const vm = useAdminRooms(api);
  const [deleting, setDeleting] = useState<AdminRoom | null>(null);
  return (
    <section className="settings-section" aria-labelledby="settings-rooms-title" data-testid="admin-rooms">
      <h3 id="settings-rooms-title" className="settings-section__title">
        {t('adminRooms.title')}
      </h3>
      <p className="settings-section__hint">{t('adminRooms.hint')}</p>
      <input
        type="search"
        className="field__input"
        aria-label={t('adminRooms.search')}
        placeholder={t('adminRooms.search')}
        value={vm.query}
        onChange={(e) => vm.setQuery(e.target.value)}
      />
      {vm.actionError ? <Alert tone="error">{errorText(vm.actionError)}</Alert> : null}
      {vm.load.status === 'loading' ? (
        <p className="settings-section__status" role="status">
          {t('adminRooms.loading')}
        </p>
      ) : null}
      {vm.load.status === 'error' ? <Alert tone="error">{errorText(vm.load.error)}</Alert> : null}
      {vm.load.status === 'ready' && vm.rooms.length === 0 ? (
        <p className="settings-section__status">{t('adminRooms.empty')}</p>
      ) : null}
      <ul className="admin-rooms" aria-label={t('adminRooms.listLabel')}>
        {vm.rooms.map((room) => (
          <AdminRoomRow
            key={room.id}
            room={room}
            members={vm.members[room.id]}
            pending={vm.pendingId === room.id}
            onLoadMembers={() => void vm.loadMembers(room)}
            onArchive={(archived) => void vm.setArchived(room, archived)}
            onLegalHold={(hold) => void vm.setLegalHold(room, hold)}
            onRetention={(days) => void vm.setRetention(room, days)}
            onDelete={() => setDeleting(room)}
          />
        ))}
      </ul>
      {vm.hasMore ? (
        <button type="button" className="link-button" onClick={() => void vm.more()}>
          {t('adminRooms.more')}
        </button>
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title={t('adminRooms.deleteTitle', { name: adminRoomName(deleting, t('chat.deletedUser')) })}
          body={t('adminRooms.deleteBody')}
          confirmLabel={t('adminRooms.delete')}
          testId="delete-room-confirm"
          onConfirm={() => {
            const room = deleting;
            setDeleting(null);
            void vm.remove(room);
          }}
          onClose={() => setDeleting(null)}
        />
      ) : null}
    </section>
  );
}
