import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { E2eRoomHandle } from './useE2eRoom.ts';
import { failureText } from './failureText.ts';
import { useVerification } from './useVerification.ts';
import { RecoveryKeyDialog } from './recovery/RecoveryKeyDialog.tsx';
import { LinkNewDeviceDialog } from './link/LinkNewDeviceDialog.tsx';

/**
 * Why the composer of an encrypted room is disabled, in one calm line: the device is starting or held by
 * another tab (with "Use here"), the browser cannot do it, this device waits to be added to the room, this
 * account's key is not in this browser (with "Enter recovery key", then "Set up here"), or a member's security identity changed (with
 * "Accept" per person, E2E-45).
 */
export function E2eRoomStatus({
  handle,
  nameOf,
}: {
  handle: E2eRoomHandle;
  nameOf: (userId: string) => string;
}) {
  const { t } = useTranslation();
  const { room } = handle;
  // A ready room stays usable (a banner); a room that never became ready here waits on the acceptance.
  if (
    (room.state === 'ready' && room.warning === 'e2e.identity_changed') ||
    (room.state === 'failed' && room.code === 'e2e.identity_changed')
  )
    return <IdentityChanged handle={handle} nameOf={nameOf} />;
  if (room.state === 'reset-needed') return <ResetNeeded handle={handle} />;
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
        <button type="button" className="link-button" data-testid="e2e-use-here" onClick={handle.claim}>
          {t('e2e.useHere')}
        </button>
      ) : null}
    </p>
  );
}

/**
 * This account's key is not in this browser: "Enter recovery key" first (the same identity, E2E-68), and
 * "Set up here" second, with what it costs (a new identity, earlier messages lost, E2E-45).
 */
function ResetNeeded({ handle }: { handle: E2eRoomHandle }) {
  const { t } = useTranslation();
  const [entering, setEntering] = useState(false);
  const [linking, setLinking] = useState(false);
  return (
    <div
      className="composer__hint e2e-status"
      role="status"
      data-testid="e2e-room-status"
      data-state="reset-needed"
    >
      <p>
        <span>{t('e2eRecovery.resetNeeded')}</span>{' '}
        <button
          type="button"
          className="button button--small button--primary"
          data-testid="e2e-recover"
          onClick={() => setEntering(true)}
        >
          {t('e2eRecovery.enter')}
        </button>{' '}
        <button
          type="button"
          className="button button--small button--secondary"
          data-testid="e2e-link-start"
          onClick={() => setLinking(true)}
        >
          {t('e2eLink.linkFromOther')}
        </button>
      </p>
      <p>
        <span>{t('e2eRecovery.resetWarning')}</span>{' '}
        <button type="button" className="link-button" data-testid="e2e-reset" onClick={handle.reset}>
          {t('e2e.resetHere')}
        </button>
      </p>
      {entering ? <RecoveryKeyDialog recover={handle.recover} onClose={() => setEntering(false)} /> : null}
      {linking ? <LinkNewDeviceDialog onClose={() => setLinking(false)} /> : null}
    </div>
  );
}

/** "<name>'s security identity changed" with Accept, for each person the room waits on. */
function IdentityChanged({ handle, nameOf }: { handle: E2eRoomHandle; nameOf: (userId: string) => string }) {
  const { t } = useTranslation();
  const [people, setPeople] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const { changedIdentities } = handle;
  useEffect(() => {
    let live = true;
    void changedIdentities().then(
      (ids) => live && setPeople(ids),
      () => live && setPeople([]),
    );
    return () => {
      live = false;
    };
  }, [changedIdentities, handle.room]);
  // A person verified for the key that changed is said so: that change matters more (E2E-82).
  const { wasVerified } = useVerification(people);
  return (
    <div className="composer__hint e2e-status" role="status" data-testid="e2e-identity-changed">
      {people.map((uid) => (
        <p key={uid}>
          <span data-was-verified={wasVerified.has(uid) ? 'true' : undefined}>
            {t(wasVerified.has(uid) ? 'e2e.identityChangedWasVerified' : 'e2e.identityChanged', {
              name: nameOf(uid),
            })}
          </span>{' '}
          <button
            type="button"
            className="link-button"
            data-testid="e2e-accept-identity"
            disabled={busy}
            onClick={() => {
              setBusy(true);
              void handle.accept(uid).finally(() => setBusy(false));
            }}
          >
            {t('e2e.acceptIdentity')}
          </button>
        </p>
      ))}
    </div>
  );
}
