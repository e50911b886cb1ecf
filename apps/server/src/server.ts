import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
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

/** Plain HTTP on `port` answering every request with a permanent redirect to the same URL on HTTPS. */
async function startRedirect(config: AppConfig, httpsPort: number, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const host = (req.headers.host ?? 'localhost').replace(/:\d+$/, '');
    const target = `https://${host}${httpsPort === 443 ? '' : `:${httpsPort}`}${req.url ?? '/'}`;
    res.writeHead(308, { location: target, 'content-type': 'text/plain; charset=utf-8' });
    res.end(`${target}\n`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, config.host, resolve);
  });
  return server;
}

/** Opens `url` in the desktop's browser (`serve --open`), for the operator at this machine. */
function openBrowser(url: string): void {
  const [command, args] =
    process.platform === 'win32'
      ? ['cmd', ['/c', 'start', '', url]]
      : process.platform === 'darwin'
        ? ['open', [url]]
        : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write(`Could not open a browser; open ${url} yourself.\n`));
  child.unref();
}

/** Starts the server, prints the banner, and shuts down gracefully on SIGINT/SIGTERM. */
export async function startServer(config: AppConfig, opts: { open?: boolean } = {}): Promise<BuiltApp> {
  const built = await buildApp(config);
  await built.http.listen({ port: config.port, host: config.host });
  // Restore refuses while this file names a live process (OPS-4).
  const releaseLock = await writeServerLock(config.dataDir);
  const address = built.http.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const scheme = built.tls ? 'https' : 'http';
  const redirect =
    built.tls && config.httpRedirectPort ? await startRedirect(config, port, config.httpRedirectPort) : null;
  const urls = [
    `${scheme}://localhost:${port}`,
    ...(config.host === '0.0.0.0' ? lanAddresses().map((a) => `${scheme}://${a}:${port}`) : []),
  ];
  process.stdout.write(
    [
      '',
      `  Intranet Messenger ${VERSION}`,
      `  Local:    ${urls[0]}`,
      ...urls.slice(1).map((u) => `  Network:  ${u}`),
      ...(built.tls
        ? [
            `  TLS:      ${built.tls.certFile}, valid until ${built.tls.notAfter.toISOString().slice(0, 10)}`,
            ...(redirect ? [`  Redirect: http port ${config.httpRedirectPort} -> https port ${port}`] : []),
          ]
        : []),
      `  Database: ${built.db.description}`,
      `  State:    ${built.store.kind === 'redis' ? 'Redis' : 'in process'}`,
      '',
    ].join('\n') + '\n',
  );
  if (opts.open) openBrowser(urls[0]!);

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    built.http.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      redirect?.close();
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
