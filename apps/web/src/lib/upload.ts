import { UploadJobResponse, UploadResponse } from '@messenger/shared';
import { ApiError, errorFrom, type ApiClient, type ResponseSchema } from './api.ts';

/** Progress and cancel of one upload. */
export interface UploadOptions {
  /** Bytes sent so far and in total (the request body, a little more than the file). */
  onProgress?: (loaded: number, total: number) => void;
  /** Aborting cancels the request; the promise then rejects with an `AbortError`. */
  signal?: AbortSignal;
}

/** Whether an error is the cancel of an upload or a wait, not a failure to show. */
export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

function abortError(): DOMException {
  return new DOMException('The upload was canceled.', 'AbortError');
}

/**
 * The parsed answer to an upload: the checked body, or the `ApiError` of the error envelope. A body that is
 * not ours on 413 (a reverse proxy's own limit) still reads as `upload.too_large`.
 */
export function uploadReply<T>(status: number, payload: unknown, schema: ResponseSchema<T>): T {
  if (status === 0) throw new ApiError(0, 'network.unreachable', 'The server cannot be reached.');
  if (status < 200 || status >= 300) {
    const err = errorFrom(status, payload);
    if (status === 413 && err.code === 'server.internal')
      throw new ApiError(413, 'upload.too_large', err.message);
    throw err;
  }
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new ApiError(status, 'response.invalid', 'Unexpected server response.');
  return parsed.data;
}

/** POSTs a form (or raw bytes) with XMLHttpRequest, the one browser API that reports upload progress. */
function postForm(
  url: string,
  form: FormData | Blob,
  headers: Record<string, string>,
  { onProgress, signal }: UploadOptions,
): Promise<{ status: number; payload: unknown }> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => onProgress?.(e.loaded, e.lengthComputable ? e.total : 0);
    const onAbort = () => xhr.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => signal?.removeEventListener('abort', onAbort);
    xhr.onload = () => {
      done();
      let payload: unknown;
      try {
        payload = JSON.parse(xhr.responseText) as unknown;
      } catch {
        payload = undefined;
      }
      resolve({ status: xhr.status, payload });
    };
    xhr.onerror = () => {
      done();
      resolve({ status: 0, payload: undefined });
    };
    xhr.onabort = () => {
      done();
      reject(abortError());
    };
    xhr.send(form);
  });
}

/**
 * POSTs a multipart form to an API path with the CSRF header (refreshed once when the server calls it stale)
 * and reads the answer against `schema`; failures are `ApiError`s from the error envelope.
 */
export async function postMultipart<T>(
  api: ApiClient,
  path: string,
  form: FormData,
  schema: ResponseSchema<T>,
  options: UploadOptions = {},
): Promise<T> {
  let reply = await postForm(path, form, await api.writeHeaders(), options);
  if (reply.status === 403 && errorFrom(403, reply.payload).code === 'csrf.invalid')
    reply = await postForm(path, form, await api.writeHeaders(true), options);
  try {
    return uploadReply(reply.status, reply.payload, schema);
  } catch (err) {
    api.reportError(err);
    throw err;
  }
}

/**
 * POSTs raw bytes as `application/octet-stream` (an encrypted room's sealed file, E2E-70), with the CSRF
 * header refreshed once when stale, progress and cancel; the answer is read against `schema`.
 */
export async function postBlob<T>(
  api: ApiClient,
  path: string,
  blob: Blob,
  schema: ResponseSchema<T>,
  options: UploadOptions = {},
): Promise<T> {
  const headers = async (fresh: boolean) => ({
    ...(await api.writeHeaders(fresh)),
    'content-type': 'application/octet-stream',
  });
  let reply = await postForm(path, blob, await headers(false), options);
  if (reply.status === 403 && errorFrom(403, reply.payload).code === 'csrf.invalid')
    reply = await postForm(path, blob, await headers(true), options);
  try {
    return uploadReply(reply.status, reply.payload, schema);
  } catch (err) {
    api.reportError(err);
    throw err;
  }
}

/**
 * Uploads one file for a room (`POST /api/upload`, fields `room_id` then `file`). Resolves with a token at
 * once, or with `pending` and a job to wait for when the server scans for viruses.
 */
export function uploadFile(
  api: ApiClient,
  roomId: string,
  file: File,
  options: UploadOptions = {},
): Promise<UploadResponse> {
  const form = new FormData();
  // The server streams the parts in order and needs the room before the file.
  form.append('room_id', roomId);
  form.append('file', file, file.name);
  return postMultipart(api, '/api/upload', form, UploadResponse, options);
}

/** Delay between polls of a scan job: quick at first, then every two seconds. */
export function scanPollDelay(attempt: number): number {
  return attempt < 3 ? 700 : 2_000;
}

function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Polls `GET /api/upload/jobs/:id` until the scan ends. Resolves with the clean result (token and file);
 * rejects with `upload.infected` or `upload.scanner_unavailable` (the server's localized reason) otherwise.
 */
export async function waitForScan(
  api: ApiClient,
  jobId: string,
  signal?: AbortSignal,
): Promise<UploadJobResponse> {
  for (let attempt = 0; ; attempt++) {
    await wait(scanPollDelay(attempt), signal);
    const job = await api.call('GET', `/api/upload/jobs/${encodeURIComponent(jobId)}`, UploadJobResponse);
    if (signal?.aborted) throw abortError();
    if (job.scanStatus === 'clean') return job;
    if (job.scanStatus === 'infected')
      throw new ApiError(422, 'upload.infected', job.error ?? 'Malware was found.');
    if (job.scanStatus === 'error')
      throw new ApiError(503, 'upload.scanner_unavailable', job.error ?? 'The virus scanner is unavailable.');
  }
}
