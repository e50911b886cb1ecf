export * from './errors.ts';
export * from './protocol.ts';
export * from './limits.ts';
export * from './socket-events.ts';
export * from './schemas/common.ts';
export * from './schemas/auth.ts';
