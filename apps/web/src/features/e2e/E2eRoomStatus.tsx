import { useTranslation } from 'react-i18next';
import type { E2eRoomState } from './useE2eRoom.ts';
import { failureText } from './failureText.ts';

/**
 * Why the composer of an encrypted room is disabled, in one calm line: the device is starting or held by
 * another tab (with "Use here"), the browser cannot do it, or this device waits to be added to the room.
 */
export function E2eRoomStatus({ room, onClaim }: { room: E2eRoomState; onClaim: () => void }) {
  const { t } = useTranslation();
  if (room.state === 'ready')
    return room.warning ? (
      <p className="composer__hint e2e-status" role="status" data-testid="e2e-room-warning">
        {failureText(room.warning, 'action')}
      </p>
    ) : null;
  const text =
    room.state === 'failed'
      ? failureText(room.code, 'action')
      : room.state === 'elsewhere'
        ? t('e2e.elsewhere')
        : t(`e2e.${room.state}`);
  return (
    <p
      className="composer__hint e2e-status"
      role="status"
      data-testid="e2e-room-status"
      data-state={room.state}
    >
      <span>{text}</span>
      {room.state === 'elsewhere' ? (
        <button type="button" className="link-button" data-testid="e2e-use-here" onClick={onClaim}>
          {t('e2e.useHere')}
        </button>
      ) : null}
    </p>
  );
}
