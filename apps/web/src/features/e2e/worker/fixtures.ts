import type { E2eHandlers } from './rpc.ts';

/** Worker handlers for tests: each one fails unless the test gives its own. */
export function handlersFor(over: Partial<E2eHandlers>): E2eHandlers {
  const no = () => Promise.reject(new Error('not in this test'));
  return {
    start: no,
    syncRoom: no,
    send: no,
    edit: no,
    open: no,
    wipe: no,
    identityChanges: no,
    acceptIdentity: no,
    safetyNumber: no,
    markVerified: no,
    verification: no,
    prepareFile: no,
    fileUploaded: no,
    discardFile: no,
    fetchFile: no,
    recover: no,
    recoveryStatus: no,
    setupRecovery: no,
    restoreHistory: no,
    searchLocal: no,
    forgetLocal: no,
    linkBegin: no,
    linkPoll: no,
    linkPending: no,
    linkRespond: no,
    linkScan: no,
    ...over,
  };
}
