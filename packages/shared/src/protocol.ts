/**
 * Version of the socket protocol. Bump it whenever an event or payload changes incompatibly;
 * a client with another version is told to reload instead of misbehaving.
 */
export const PROTOCOL_VERSION = 1;

/** Name of the session cookie. */
export const SESSION_COOKIE = 'mx_session';
/** Name of the pre-login cookie that anchors the CSRF token before there is a session. */
export const CSRF_COOKIE = 'mx_csrf';
/** Header that carries the CSRF token on every state-changing request. */
export const CSRF_HEADER = 'x-csrf-token';
