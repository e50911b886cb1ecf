import type { IoSocket } from './broadcaster.ts';

/** Registers one module's command handlers (`socket.on(...)`) on a newly connected socket. */
export type SocketCommandsOf = (socket: IoSocket) => void;

/**
 * The socket commands of every module: module plugins add theirs while the app is built, and the gateway
 * attaches them all to each socket once its handshake is authenticated. The gateway so knows no module.
 */
export class SocketCommands {
  private readonly registrations: SocketCommandsOf[] = [];

  /** Adds a module's commands; they apply to sockets that connect from now on. */
  add(register: SocketCommandsOf): void {
    this.registrations.push(register);
  }

  /** Registers every module's commands on a socket (the gateway calls it on each connection). */
  attach(socket: IoSocket): void {
    for (const register of this.registrations) register(socket);
  }
}
