import type { AdminUser } from '@messenger/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../i18n/errorText.ts';
import type { ApiClient } from '../../lib/api.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Avatar } from '../../ui/Avatar.tsx';
import { ConfirmDialog } from '../chat/ConfirmDialog.tsx';
import { CreateUserDialog } from '../people/CreateUserDialog.tsx';
import { TemporaryPasswordDialog } from '../people/TemporaryPasswordDialog.tsx';
import { useAdminUsers } from './useAdminUsers.ts';

/**
 * Server admins: every account with its state; add one, reset its password, deactivate (after a question)
 * or reactivate, delete (ACCT-4..9).
 */
export function AdminUsersSection({ api, meUsername }: { api: ApiClient; meUsername: string }) {
  const { t } = useTranslation();
  const vm = useAdminUsers(api);
  const [asking, setAsking] = useState<AdminUser | null>(null);
  const [askingReset, setAskingReset] = useState<AdminUser | null>(null);
  const [askingPassword, setAskingPassword] = useState<AdminUser | null>(null);
  const [askingDelete, setAskingDelete] = useState<AdminUser | null>(null);
  const [creating, setCreating] = useState(false);
  const [temporary, setTemporary] = useState<{ name: string; password: string } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [signedOut, setSignedOut] = useState<{ name: string; count: number } | null>(null);
  return (
    <section className="settings-section" aria-labelledby="settings-admin-title" data-testid="admin-users">
      <h3 id="settings-admin-title" className="settings-section__title">
        {t('settings.adminTitle')}
      </h3>
      <p className="settings-section__hint">{t('settings.adminHint')}</p>
      <div className="admin-users__toolbar">
        <input
          type="search"
          className="field__input"
          aria-label={t('settings.adminSearch')}
          placeholder={t('settings.adminSearch')}
          value={vm.query}
          onChange={(e) => vm.setQuery(e.target.value)}
        />
        <button
          type="button"
          className="button button--small button--primary"
          data-testid="create-user-open"
          onClick={() => setCreating(true)}
        >
          {t('people.create')}
        </button>
      </div>
      {vm.load.status === 'loading' ? (
        <p className="settings-section__status" role="status">
          {t('settings.adminLoading')}
        </p>
      ) : null}
      {vm.load.status === 'error' ? <Alert tone="error">{errorText(vm.load.error)}</Alert> : null}
      {vm.load.status === 'ready' && vm.users.length === 0 ? (
        <p className="settings-section__status">{t('settings.adminEmpty')}</p>
      ) : null}
      <ul className="admin-users" aria-label={t('settings.adminListLabel')}>
        {vm.users.map((u) => (
          <li key={u.id} className="admin-users__row" data-testid="admin-user-row">
            <Avatar name={u.nickname} seed={u.id} size="sm" />
            <span className="admin-users__names">
              <span>{u.nickname}</span>
              <span className="admin-users__username">@{u.username}</span>
            </span>
            {u.isAdmin ? <span className="badge">{t('settings.adminBadge')}</span> : null}
            {u.deactivatedAt ? <span className="badge">{t('settings.deactivatedBadge')}</span> : null}
            {u.twoFactor ? <span className="badge">{t('twoFactor.twoFactorBadge')}</span> : null}
            {u.mustChangePassword ? <span className="badge">{t('people.mustChangeBadge')}</span> : null}
            <span className="admin-users__actions">
              {u.twoFactor && u.username !== meUsername ? (
                <button
                  type="button"
                  className="button button--small button--secondary"
                  aria-label={t('twoFactor.resetLabel', { name: u.nickname })}
                  disabled={vm.pendingId === u.id}
                  onClick={() => setAskingReset(u)}
                >
                  {t('twoFactor.resetAction')}
                </button>
              ) : null}
              {u.username !== meUsername ? (
                <>
                  <button
                    type="button"
                    className="button button--small button--secondary"
                    aria-label={t(u.isAdmin ? 'settings.removeAdminLabel' : 'settings.makeAdminLabel', {
                      name: u.nickname,
                    })}
                    disabled={vm.pendingId === u.id}
                    onClick={() => void vm.setServerAdmin(u, !u.isAdmin)}
                  >
                    {u.isAdmin ? t('settings.removeAdmin') : t('settings.makeAdmin')}
                  </button>
                  <button
                    type="button"
                    className="button button--small button--secondary"
                    aria-label={t('settings.signOutAllLabel', { name: u.nickname })}
                    disabled={vm.pendingId === u.id}
                    onClick={() =>
                      void vm.signOutEverywhere(u).then((n) => {
                        if (n !== null) setSignedOut({ name: u.nickname, count: n });
                      })
                    }
                  >
                    {t('settings.signOutAll')}
                  </button>
                </>
              ) : null}
              {u.username !== meUsername ? (
                <button
                  type="button"
                  className={
                    u.deactivatedAt
                      ? 'button button--small button--secondary'
                      : 'button button--small button--danger-quiet'
                  }
                  aria-label={t(u.deactivatedAt ? 'settings.reactivateLabel' : 'settings.deactivateLabel', {
                    name: u.nickname,
                  })}
                  disabled={vm.pendingId === u.id}
                  onClick={() => (u.deactivatedAt ? void vm.setActive(u, true) : setAsking(u))}
                >
                  {u.deactivatedAt ? t('settings.reactivate') : t('settings.deactivate')}
                </button>
              ) : null}
              {u.username !== meUsername && u.authSource === 'local' ? (
                <button
                  type="button"
                  className="button button--small button--secondary"
                  aria-label={t('people.resetPasswordLabel', { name: u.nickname })}
                  disabled={vm.pendingId === u.id}
                  onClick={() => setAskingPassword(u)}
                >
                  {t('people.resetPassword')}
                </button>
              ) : null}
              {u.username !== meUsername ? (
                <button
                  type="button"
                  className="button button--small button--danger-quiet"
                  aria-label={t('people.deleteLabel', { name: u.nickname })}
                  disabled={vm.pendingId === u.id}
                  onClick={() => setAskingDelete(u)}
                >
                  {t('people.delete')}
                </button>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
      {vm.hasMore ? (
        <button type="button" className="link-button" onClick={() => void vm.more()}>
          {t('settings.adminMore')}
        </button>
      ) : null}
      {vm.actionError ? <Alert tone="error">{errorText(vm.actionError)}</Alert> : null}
      {signedOut ? (
        <Alert
          tone="success"
          testId="signed-out-everywhere"
          onDismiss={() => setSignedOut(null)}
          dismissLabel={t('notices.dismiss')}
        >
          {t('settings.signedOutAll', signedOut)}
        </Alert>
      ) : null}
      {done ? (
        <Alert
          tone="success"
          testId="admin-users-done"
          onDismiss={() => setDone(null)}
          dismissLabel={t('notices.dismiss')}
        >
          {done}
        </Alert>
      ) : null}
      {creating ? (
        <CreateUserDialog
          onClose={() => setCreating(false)}
          onCreate={async (body) => {
            const created = await vm.createUser(body);
            setCreating(false);
            if (created.temporaryPassword)
              setTemporary({ name: created.user.nickname, password: created.temporaryPassword });
            else setDone(t('people.created', { name: created.user.nickname }));
          }}
        />
      ) : null}
      {temporary ? (
        <TemporaryPasswordDialog
          name={temporary.name}
          password={temporary.password}
          onClose={() => setTemporary(null)}
        />
      ) : null}
      {askingPassword ? (
        <ConfirmDialog
          title={t('people.resetTitle', { name: askingPassword.nickname })}
          body={t('people.resetBody', { name: askingPassword.nickname })}
          confirmLabel={t('people.resetPassword')}
          testId="reset-password-confirm"
          onConfirm={() => {
            const user = askingPassword;
            setAskingPassword(null);
            void vm.resetPassword(user).then((password) => {
              if (password) setTemporary({ name: user.nickname, password });
            });
          }}
          onClose={() => setAskingPassword(null)}
        />
      ) : null}
      {askingDelete ? (
        <ConfirmDialog
          title={t('people.deleteTitle', { name: askingDelete.nickname })}
          body={t('people.deleteBody', { name: askingDelete.nickname })}
          confirmLabel={t('people.delete')}
          testId="delete-user-confirm"
          onConfirm={() => {
            const user = askingDelete;
            setAskingDelete(null);
            void vm.deleteUser(user).then((ok) => {
              if (ok) setDone(t('people.deleted', { name: user.nickname }));
            });
          }}
          onClose={() => setAskingDelete(null)}
        />
      ) : null}
      {askingReset ? (
        <ConfirmDialog
          title={t('twoFactor.resetTitle', { name: askingReset.nickname })}
          body={t('twoFactor.resetBody', { name: askingReset.nickname })}
          confirmLabel={t('twoFactor.resetAction')}
          testId="reset-two-factor-confirm"
          onConfirm={() => {
            const user = askingReset;
            setAskingReset(null);
            void vm.resetTwoFactor(user);
          }}
          onClose={() => setAskingReset(null)}
        />
      ) : null}
      {asking ? (
        <ConfirmDialog
          title={t('settings.deactivateTitle', { name: asking.nickname })}
          body={t('settings.deactivateBody', { name: asking.nickname })}
          confirmLabel={t('settings.deactivate')}
          testId="deactivate-confirm"
          onConfirm={() => {
            const user = asking;
            setAsking(null);
            void vm.setActive(user, false);
          }}
          onClose={() => setAsking(null)}
        />
      ) : null}
    </section>
  );
}
