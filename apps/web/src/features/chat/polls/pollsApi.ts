import { PollResponse, PollsResponse, type CreatePollBody } from '@messenger/shared';
import type { ApiClient } from '../../../lib/api.ts';

const enc = encodeURIComponent;

/** The polls' HTTP calls (POLL-*). */
export function pollsApi(api: ApiClient) {
  return {
    list: (roomId: string) =>
      api.call('GET', `/api/rooms/${enc(roomId)}/polls`, PollsResponse).then((r) => r.polls),
    get: (id: string) => api.call('GET', `/api/polls/${enc(id)}`, PollResponse).then((r) => r.poll),
    create: (roomId: string, body: CreatePollBody) =>
      api.call('POST', `/api/rooms/${enc(roomId)}/polls`, PollResponse, body).then((r) => r.poll),
    vote: (id: string, optionId: string) =>
      api.call('POST', `/api/polls/${enc(id)}/vote`, PollResponse, { optionId }).then((r) => r.poll),
    close: (id: string) => api.call('POST', `/api/polls/${enc(id)}/close`, PollResponse).then((r) => r.poll),
  };
}

export type PollsApi = ReturnType<typeof pollsApi>;
