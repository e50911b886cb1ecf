import { AdminStatus } from '@messenger/shared';
import { useEffect, useState } from 'react';
import type { ApiClient } from '../../lib/api.ts';

type Load =
  { status: 'loading' } | { status: 'ready'; data: AdminStatus } | { status: 'error'; error: unknown };

/** View-model of the server status for admins (OPS-10): read once when the tab opens. */
export function useAdminStatus(api: ApiClient): Load {
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  useEffect(() => {
    let cancelled = false;
    api.call('GET', '/api/admin/status', AdminStatus).then(
      (data) => !cancelled && setLoad({ status: 'ready', data }),
      (error: unknown) => !cancelled && setLoad({ status: 'error', error }),
    );
    return () => {
      cancelled = true;
    };
  }, [api]);
  return load;
}
