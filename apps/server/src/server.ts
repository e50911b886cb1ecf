import { networkInterfaces } from 'node:os';
import { buildApp, type BuiltApp } from './app.ts';
import type { AppConfig } from './config.ts';
import { writeServerLock } from './ops/server-lock.ts';
import { VERSION } from './version.ts';

/** LAN addresses people on the same network can open. */
function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((i) => i && i.family === 'IPv4' && !i.internal)
    .map((i) => i!.address);
}

/** Starts the server, prints the banner, and shuts down gracefully on SIGINT/SIGTERM. */
export async function startServer(config: AppConfig): Promise<BuiltApp> {
  const built = await buildApp(config);
  await built.http.listen({ port: config.port, host: config.host });
  // Restore refuses while this file names a live process (OPS-4).
  const releaseLock = await writeServerLock(config.dataDir);
  const address = built.http.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const urls = [
    `http://localhost:${port}`,
    ...(config.host === '0.0.0.0' ? lanAddresses().map((a) => `http://${a}:${port}`) : []),
  ];
  process.stdout.write(
    [
      '',
      `  Intranet Messenger ${VERSION}`,
      `  Local:    ${urls[0]}`,
      ...urls.slice(1).map((u) => `  Network:  ${u}`),
      `  Database: ${built.db.description}`,
      `  State:    ${built.store.kind === 'redis' ? 'Redis' : 'in process'}`,
      '',
    ].join('\n') + '\n',
  );

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    built.http.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      await built.close();
      await releaseLock();
      process.exit(0);
    } catch (err) {
      built.http.log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  return built;
}
