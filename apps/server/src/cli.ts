import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { Username, NewPassword, Nickname } from '@messenger/shared';
import { ConfigError, describeOptions, loadConfig, type AppConfig } from './config.ts';
import path from 'node:path';
import { openDatabase, schemaStatus } from './db/database.ts';
import { upgradeSchema } from './ops/upgrade.ts';
import { kindOf } from './db/snapshot.ts';
import { AppError } from './app-error.ts';
import { startServer } from './server.ts';
import { VERSION } from './version.ts';

const HELP = `Intranet Messenger ${VERSION}

Usage: messenger [command] [options]

Commands:
  serve           Start the server (default)
  migrate         Apply pending database migrations and print the schema version
  create-admin    Create a server administrator
                  --username <name> [--nickname <name>]; the password is read from
                  MESSENGER_ADMIN_PASSWORD or from the first line of standard input
  backup          Write a backup of the running or stopped server (database, uploads, TLS files)
                  [--out <file>] (default BACKUP_DIR/messenger-<time>.tar.gz)
  backup verify <file>
                  Unpack a backup into a temporary place and check it: checksums, the database's
                  integrity, row counts, every file it refers to; exit status 0 only if all hold
  restore <file>  Restore a backup (the server must be stopped); what was there is moved aside
                  into DATA_DIR/before-restore-<time>/ (PostgreSQL: <db>_before_restore_<time>)
  audit verify    Check the audit log's hash chain: exit status 0 when every row is as written,
                  1 naming the first row that was changed, removed or inserted
  cert init       Create a local certificate authority (kept when it exists) and a new server
                  certificate in DATA_DIR/tls/ for this machine's name and addresses
                  [--host <name>]... more names or addresses the certificate must cover

Options:
  --port <n>      Port to listen on (same as PORT)
  --open          With serve: open the browser on the local address once it is up
  --help          Show this help

Configuration (environment variables, or the same keys in camelCase in the JSON file
named by CONFIG_FILE, or ./messenger.config.json when present):
${describeOptions()}
`;

async function readPassword(): Promise<string> {
  if (process.env.MESSENGER_ADMIN_PASSWORD) return process.env.MESSENGER_ADMIN_PASSWORD;
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return '';
}

async function migrate(config: AppConfig): Promise<void> {
  const db = openDatabase(config.databaseUrl);
  try {
    const before = await schemaStatus(db);
    const r = await upgradeSchema(db, config);
    process.stdout.write(
      `${db.description}: applied ${before.pending} migration(s); schema version ${r.to}\n` +
        (r.backup ? `The data from before (schema ${r.from}) is backed up in ${r.backup}\n` : ''),
    );
  } finally {
    await db.close();
  }
}

async function auditVerify(config: AppConfig): Promise<void> {
  const { AuditRepository } = await import('./modules/audit/audit.repository.ts');
  const db = openDatabase(config.databaseUrl);
  try {
    const r = await new AuditRepository(db.kysely).verify();
    if (!r.ok)
      throw new Error(
        `the audit log does not verify: row ${r.seq ?? '?'}${r.id ? ` (${r.id})` : ''} ${r.problem}; ${r.rows} row(s) before it hold`,
      );
    process.stdout.write(`${db.description}: the audit log verifies: ${r.rows} row(s), head ${r.head}\n`);
  } finally {
    await db.close();
  }
}

async function createAdmin(
  config: AppConfig,
  values: { username?: string; nickname?: string },
): Promise<void> {
  const username = Username.safeParse(values.username ?? '');
  if (!username.success) throw new Error('--username must be 3-20 letters, digits or underscores');
  const nickname = Nickname.safeParse(values.nickname ?? username.data);
  if (!nickname.success) throw new Error('--nickname must be 1-20 characters');
  const password = NewPassword.safeParse(await readPassword());
  if (!password.success) throw new Error('the password must be at least 8 characters');
  // Reuse the app's service so the rules (hashing, uniqueness) are the same as sign-up.
  const { buildApp } = await import('./app.ts');
  const built = await buildApp({ ...config, redisUrl: undefined }, { logger: false });
  try {
    const user = await built.services.auth.createUser(username.data, password.data, nickname.data, true);
    process.stdout.write(`Created administrator ${user.username} (${user.id})\n`);
  } finally {
    await built.close();
  }
}

async function certInit(config: AppConfig, hosts: string[]): Promise<void> {
  // Loaded only here: the X.509 library is not needed to serve.
  const { initCertificates, trustInstructions } = await import('./ops/local-ca.ts');
  const r = await initCertificates({ dataDir: config.dataDir, extraNames: hosts });
  process.stdout.write(
    [
      r.caCreated
        ? `Created a certificate authority: ${r.paths.caCert}`
        : `Kept the certificate authority: ${r.paths.caCert}`,
      `Fingerprint (SHA-256): ${r.caFingerprint}`,
      `Server certificate: ${r.paths.serverCert} (key ${r.paths.serverKey})`,
      `  valid until ${r.serverNotAfter.toISOString().slice(0, 10)} for ${[...r.names.dns, ...r.names.ip].join(', ')}`,
      trustInstructions(r.paths.caCert, r.caFingerprint),
      'Then start the server with HTTPS=true (same DATA_DIR); run this command again to renew the server',
      'certificate or to add names (the CA stays, devices need nothing new).',
      '',
    ].join('\n'),
  );
}

async function backup(config: AppConfig, args: string[], out: string | undefined): Promise<void> {
  const ops = await import('./ops/backup.ts');
  const inst = { dataDir: config.dataDir, databaseUrl: config.databaseUrl };
  if (args[0] === 'verify') {
    if (!args[1]) throw new Error('usage: messenger backup verify <file>');
    const r = await ops.verifyBackup(args[1], {
      postgresUrl: kindOf(config.databaseUrl) === 'postgres' ? config.databaseUrl : undefined,
    });
    if (r.manifest) process.stdout.write(`${describeManifest(r.manifest)}\n`);
    if (!r.ok) throw new Error(`the backup did not verify:\n  ${r.problems.join('\n  ')}`);
    process.stdout.write(
      'Verified: checksums, database integrity, row counts and referenced files all hold.\n',
    );
    return;
  }
  if (args.length > 0) throw new Error(`unknown backup command "${args[0]}" (see messenger --help)`);
  const file = out ?? path.join(config.backupDir, ops.backupFileName());
  const r = await ops.createBackup(inst, file);
  process.stdout.write(
    `Wrote ${r.file} (${(r.bytes / 1024 / 1024).toFixed(1)} MB)\n${describeManifest(r.manifest)}\n`,
  );
}

function describeManifest(m: import('./ops/backup.ts').BackupManifest): string {
  const c = m.counts;
  return `  ${m.createdAt}, version ${m.version}, schema ${m.schemaVersion ?? '(none)'}, ${m.database.kind}: ${c.users} users, ${c.rooms} rooms, ${c.messages} messages, ${c.files} files; ${m.entries.length} entries`;
}

async function restore(config: AppConfig, file: string | undefined): Promise<void> {
  if (!file) throw new Error('usage: messenger restore <file>');
  const { restoreBackup } = await import('./ops/backup.ts');
  const r = await restoreBackup(file, { dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  process.stdout.write(
    [
      `Restored ${file} into ${config.dataDir} (${config.databaseUrl.startsWith('sqlite:') ? 'SQLite' : 'PostgreSQL'})`,
      describeManifest(r.manifest),
      r.previous ? `The data that was there is in ${r.previous}` : 'There was no earlier data.',
      ...(r.previousDatabase ? [`The database that was there is now named ${r.previousDatabase}`] : []),
      'Start the server as usual; delete the earlier data once you no longer need it.',
      '',
    ].join('\n'),
  );
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      port: { type: 'string' },
      username: { type: 'string' },
      nickname: { type: 'string' },
      host: { type: 'string', multiple: true },
      out: { type: 'string' },
      open: { type: 'boolean' },
    },
  });
  const command = positionals[0] ?? 'serve';
  if (values.help || command === 'help') {
    process.stdout.write(HELP);
    return;
  }
  const config = loadConfig(process.env, values.port ? { PORT: values.port } : {});
  switch (command) {
    case 'serve':
      await startServer(config, { open: values.open });
      return;
    case 'migrate':
      await migrate(config);
      return;
    case 'create-admin':
      await createAdmin(config, values);
      return;
    case 'backup':
      await backup(config, positionals.slice(1), values.out);
      return;
    case 'restore':
      await restore(config, positionals[1]);
      return;
    case 'audit':
      if (positionals[1] !== 'verify') throw new Error('usage: messenger audit verify');
      await auditVerify(config);
      return;
    case 'cert':
      if (positionals[1] !== 'init') throw new Error('usage: messenger cert init [--host <name>]...');
      await certInit(config, values.host ?? []);
      return;
    default:
      throw new Error(`unknown command "${command}" (see messenger --help)`);
  }
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
  } else if (err instanceof AppError) {
    process.stderr.write(`Error: ${err.code}\n`);
  } else {
    process.stderr.write(`Error: ${(err as Error).message}\n`);
  }
  process.exit(1);
});
