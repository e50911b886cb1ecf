// Builds the release package: dist/messenger-<version>-linux-x64.tar.gz with the server, the built web app,
// the production dependencies (native modules already built for this platform) and a `messenger` launcher.
// Extracted on a machine with Node 24 and no network, `./messenger` starts it (docs/OPERATIONS.md, "Install
// from the release package"; why not a single executable: docs/decisions/0003-release-package.md).
//
//   npm run package                       # builds the web app first
//   node scripts/package.ts --no-build --out /tmp/pkg
//   npm run package -- --with-node        # also carries this Node binary: the target needs no Node at all
import { execFileSync } from 'node:child_process';
import { chmod, cp, mkdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as tar from 'tar';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: { out: { type: 'string' }, 'no-build': { type: 'boolean' }, 'with-node': { type: 'boolean' } },
});
const outDir = path.resolve(values.out ?? path.join(root, 'dist'));
const { version } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
  version: string;
};
const platform = `${process.platform}-${process.arch}`;
const name = `messenger-${version}-${platform}${values['with-node'] ? '-with-node' : ''}`;
const stage = path.join(outDir, name);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

if (!values['no-build']) execFileSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit' });

await rm(stage, { recursive: true, force: true });
await mkdir(stage, { recursive: true });

/** Source without tests: `*.test.ts(x)` and test helper folders stay behind. */
const noTests = (src: string) => !/\.test\.tsx?$/.test(src) && !/[\\/]src[\\/]test([\\/]|$)/.test(src);
for (const dir of ['apps/server/src', 'apps/server/bin', 'packages/shared/src'])
  await cp(path.join(root, dir), path.join(stage, dir), { recursive: true, filter: noTests });
for (const file of ['apps/server/package.json', 'packages/shared/package.json'])
  await cp(path.join(root, file), path.join(stage, file));
await cp(path.join(root, 'apps/web/dist'), path.join(stage, 'apps/web/dist'), { recursive: true });

// Production dependencies of the server, as npm resolved them (one level deep per package folder).
const listed = execFileSync(
  npm,
  ['ls', '--omit=dev', '--all', '--parseable', '--workspace', '@messenger/server'],
  {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  },
)
  .split('\n')
  .map((p) => path.relative(root, p.trim()))
  .filter(
    (p) => p.startsWith('node_modules' + path.sep) && !p.startsWith(`node_modules${path.sep}@messenger`),
  );
const unique = [...new Set(listed)].sort();
// A native module's build leftovers (sources, object files) are not needed to load it.
const buildLeftovers =
  /[\\/]better-sqlite3[\\/](deps|src|build[\\/](deps|Release[\\/](obj|\.deps|test_extension)))/;
for (const dep of unique) {
  // Nested folders are copied with their parent; copying them again is harmless but slow.
  if (unique.some((other) => other !== dep && dep.startsWith(other + path.sep))) continue;
  await cp(path.join(root, dep), path.join(stage, dep), {
    recursive: true,
    verbatimSymlinks: true,
    filter: (src) => !buildLeftovers.test(src),
  });
}
// The workspace packages, linked as npm links them in the repository.
await mkdir(path.join(stage, 'node_modules/@messenger'), { recursive: true });
await symlink('../../packages/shared', path.join(stage, 'node_modules/@messenger/shared'));
await symlink('../../apps/server', path.join(stage, 'node_modules/@messenger/server'));

await writeFile(
  path.join(stage, 'package.json'),
  JSON.stringify({ name: 'intranet-messenger', version, private: true, type: 'module' }, null, 2) + '\n',
);
const launcher = `#!/bin/sh
# Intranet Messenger ${version}: ./messenger [command] [options]; ./messenger --help lists them.
# Uses MESSENGER_NODE, else ./node/bin/node when present, else node on PATH (Node.js 24 or newer).
here="$(cd "$(dirname "$0")" && pwd)"
node="\${MESSENGER_NODE:-node}"
[ -z "$MESSENGER_NODE" ] && [ -x "$here/node/bin/node" ] && node="$here/node/bin/node"
major="$("$node" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$major" -lt 24 ]; then
  echo "Intranet Messenger needs Node.js 24 or newer; found: $("$node" -v 2>/dev/null || echo none)." >&2
  echo "Install Node.js 24, or unpack its linux-x64 build as $here/node, or set MESSENGER_NODE." >&2
  exit 1
fi
exec "$node" --max-semi-space-size=8 "$here/apps/server/bin/messenger.js" "$@"
`;
await writeFile(path.join(stage, 'messenger'), launcher);
if (values['with-node']) {
  if (Number(process.versions.node.split('.')[0]) < 24)
    throw new Error('--with-node needs to run on Node 24');
  await mkdir(path.join(stage, 'node/bin'), { recursive: true });
  await cp(process.execPath, path.join(stage, 'node/bin/node'));
}
await chmod(path.join(stage, 'messenger'), 0o755);
await writeFile(
  path.join(stage, 'README.txt'),
  `Intranet Messenger ${version} (${platform})

  ./messenger                 start the server on port 5000 (data in ./data)
  ./messenger --help          every command and configuration option
  ./messenger cert init       a local certificate authority for HTTPS on the LAN
  ./messenger backup          a backup while it runs; backup verify, restore

Needs Node.js 24 or newer, nothing else: the web app and every dependency are included, and nothing is
downloaded at start or while it runs. See docs/OPERATIONS.md in the source for the full runbook.
`,
);

const archive = path.join(outDir, `${name}.tar.gz`);
await tar.create({ gzip: true, file: archive, cwd: outDir, portable: true }, [name]);
await rm(stage, { recursive: true, force: true });
const size = (await stat(archive)).size;
process.stdout.write(`${archive} (${(size / 1024 / 1024).toFixed(1)} MB)\n`);
