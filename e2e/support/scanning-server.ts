import { clamdAvailable, startClamd } from '../../apps/server/src/test/clamd.ts';
import { startOwnServer, type OwnServer } from './own-server.ts';

export { EICAR } from '../../apps/server/src/test/clamd.ts';

/**
 * Whether the virus-scan scenarios are skipped: only when clamd is not installed and REQUIRE_CLAMD is not 1
 * (CI installs clamav-daemon and sets it, so there they fail rather than skip, like the server's tests).
 */
export const skipWithoutClamd = !clamdAvailable() && process.env.REQUIRE_CLAMD !== '1';

/** A messenger of its own that scans every upload with a real clamd (EICAR signature only). */
export type ScanningServer = OwnServer;

/**
 * Starts clamd, then a second server (the suite's own runs without a scanner) with `CLAMD_SOCKET`, its own
 * data directory and port, serving the same built web client.
 */
export async function startScanningServer(): Promise<ScanningServer> {
  const clamd = await startClamd();
  try {
    return await startOwnServer({ env: { CLAMD_SOCKET: clamd.socketPath }, onStop: () => clamd.stop() });
  } catch (err) {
    await clamd.stop();
    throw err;
  }
}
