/**
 * The E2eTransport over the delivery service's HTTP routes (SPEC E2E-20..E2E-28, E2E-42, E2E-43), given one
 * `call` that sends a JSON request and answers the status and parsed body: the browser's Worker gives it
 * fetch, the server's tests their harness client. A non-200 answer is thrown as an E2eTransportError with the
 * server's stable code.
 */
import { E2eTransportError, type E2eTransport } from './transport.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Sends one request; answers the HTTP status and the parsed JSON body (or null when there is none). */
export type HttpCall = (
  method: HttpMethod,
  url: string,
  body?: unknown,
) => Promise<{ status: number; json: unknown }>;

export function httpTransport(send: HttpCall): E2eTransport {
  const call = async <T = Record<string, unknown>>(
    method: HttpMethod,
    url: string,
    body?: unknown,
  ): Promise<T> => {
    const res = await send(method, url, body);
    if (res.status !== 200) {
      const code = (res.json as { code?: unknown } | null)?.code;
      throw new E2eTransportError(typeof code === 'string' ? code : `http.${res.status}`, `${method} ${url}`);
    }
    return res.json as T;
  };
  const q = encodeURIComponent;
  return {
    registerDevice: async (body) => void (await call('POST', '/api/e2e/devices', body)),
    changeIdentity: async (body) =>
      (await call<{ identity: { mskVersion: number } }>('PUT', '/api/e2e/identity', body)).identity,
    identities: async (userIds) =>
      (
        await call<{ identities: { userId: string; mskPub: string; mskVersion: number }[] }>(
          'GET',
          `/api/e2e/devices?userIds=${userIds.map(q).join(',')}`,
        )
      ).identities,
    devices: async (userIds) =>
      (
        await call<{ devices: { userId: string; deviceId: string; revokedAt: string | null }[] }>(
          'GET',
          `/api/e2e/devices?userIds=${userIds.map(q).join(',')}`,
        )
      ).devices.map((d) => ({ userId: d.userId, deviceId: d.deviceId, revoked: d.revokedAt !== null })),
    keyPackageStock: (deviceId) => call('GET', `/api/e2e/devices/${q(deviceId)}/key-packages`),
    uploadKeyPackages: (deviceId, keyPackages) =>
      call('POST', `/api/e2e/devices/${q(deviceId)}/key-packages`, { keyPackages }),
    claimKeyPackages: async (userIds) =>
      (
        await call<{ keyPackages: { userId: string; deviceId: string; data: string }[] }>(
          'POST',
          '/api/e2e/key-packages/claim',
          { userIds },
        )
      ).keyPackages,
    roomMemberIds: async (roomId) =>
      (await call<{ members: { user: { id: string } }[] }>('GET', `/api/rooms/${q(roomId)}`)).members.map(
        (m) => m.user.id,
      ),
    createGroup: async (roomId, body) => void (await call('POST', `/api/rooms/${q(roomId)}/e2e/group`, body)),
    groupState: async (roomId) => {
      try {
        const { group } = await call<{ group: { epoch: number; rekeyPending: boolean } }>(
          'GET',
          `/api/rooms/${q(roomId)}/e2e/group`,
        );
        return { epoch: group.epoch, rekeyPending: group.rekeyPending };
      } catch (error) {
        // "No group yet" is an answer here, not a failure: the caller then creates it.
        if (error instanceof E2eTransportError && error.code === 'e2e.group_not_found') return null;
        throw error;
      }
    },
    submitCommit: (roomId, body) => call('POST', `/api/rooms/${q(roomId)}/e2e/commits`, body),
    commitsSince: (roomId, since) => call('GET', `/api/rooms/${q(roomId)}/e2e/commits?since=${since}`),
    welcomes: async (deviceId) =>
      (
        await call<{ welcomes: { id: string; roomId: string; epoch: number; data: string }[] }>(
          'GET',
          `/api/e2e/devices/${q(deviceId)}/welcomes`,
        )
      ).welcomes,
    deleteWelcome: async (deviceId, welcomeId) =>
      void (await call('DELETE', `/api/e2e/devices/${q(deviceId)}/welcomes/${q(welcomeId)}`)),
    sendCiphertext: async (roomId, body) =>
      (await call<{ message: { id: string } }>('POST', `/api/rooms/${q(roomId)}/e2e/messages`, body)).message,
    editCiphertext: async (roomId, messageId, body) =>
      void (await call('PUT', `/api/rooms/${q(roomId)}/e2e/messages/${q(messageId)}`, body)),
    secretStore: async () => {
      try {
        return (
          await call<{ secretStore: { version: number; blob: string } }>('GET', '/api/e2e/secret-store')
        ).secretStore;
      } catch (error) {
        // "Never set up" is an answer here, not a failure.
        if (error instanceof E2eTransportError && error.code === 'e2e.secret_store_not_found') return null;
        throw error;
      }
    },
    putSecretStore: async (body) =>
      (await call<{ secretStore: { version: number } }>('PUT', '/api/e2e/secret-store', body)).secretStore,
    recoveryUsed: async (body) => void (await call('POST', '/api/e2e/secret-store/used', body)),
    putHistoryKeys: (entries) => call('POST', '/api/e2e/history-keys', { entries }),
    historyKeys: (roomId, after) => call('GET', `/api/rooms/${q(roomId)}/e2e/history-keys?after=${after}`),
  };
}
