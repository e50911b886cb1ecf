import {
  AckReport,
  OkResponse,
  PinResponse,
  PinsResponse,
  RemindResponse,
  type CreatePinBody,
} from '@messenger/shared';
import type { ApiClient } from '../../../lib/api.ts';

const enc = encodeURIComponent;
const base = (roomId: string, pinId?: string) =>
  `/api/rooms/${enc(roomId)}/pins${pinId ? `/${enc(pinId)}` : ''}`;

/** The notices' HTTP calls (PIN-*). */
export function pinsApi(api: ApiClient) {
  return {
    list: (roomId: string) => api.call('GET', base(roomId), PinsResponse).then((r) => r.pins),
    /** Notices that reminded me and wait for my acknowledgement, in all my rooms (PIN-6). */
    reminders: () => api.call('GET', '/api/pins/reminders', PinsResponse).then((r) => r.pins),
    create: (roomId: string, body: CreatePinBody) =>
      api.call('POST', base(roomId), PinResponse, body).then((r) => r.pin),
    remove: (roomId: string, pinId: string) => api.call('DELETE', base(roomId, pinId), OkResponse),
    ack: (roomId: string, pinId: string) =>
      api.call('POST', `${base(roomId, pinId)}/ack`, PinResponse).then((r) => r.pin),
    report: (roomId: string, pinId: string) => api.call('GET', `${base(roomId, pinId)}/acks`, AckReport),
    remind: (roomId: string, pinId: string) =>
      api.call('POST', `${base(roomId, pinId)}/remind`, RemindResponse).then((r) => r.reminded),
    /** Where the browser downloads the report as CSV. */
    csvUrl: (roomId: string, pinId: string) => `${base(roomId, pinId)}/acks.csv`,
  };
}

export type PinsApi = ReturnType<typeof pinsApi>;
