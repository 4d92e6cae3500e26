#!/usr/bin/env bash
# Installs code-server 4.96.4 (VS Code 1.96.4: its server and web workbench) into DIR from the npm
# registry only, for the in-editor test suites (see docs/testing-in-vscode.md).
#
# Usage: scripts/vscode/install-code-server.sh [DIR]     (default <repo>/.vscode-test/code-server, git-ignored)
#
# Why not a plain `npm install code-server`:
#   - code-server's postinstall is skipped anyway (npm 11 blocks dependency install scripts unless
#     approved, and as root older npm needs --unsafe-perm), and it would fail: VS Code's shrinkwrap
#     pins @vscode/proxy-agent to a git URL. The identical tarball (same integrity) is on the registry.
#   - So we install with --ignore-scripts and do the postinstall's steps ourselves: VS Code's own
#     dependencies, the native modules built with node-gyp against this machine's Node headers (called
#     directly, so npm's install-script gate does not apply), and the node_modules.asar / bin links.
# Idempotent: exits at once when DIR holds a working install (marker file + `--version` answers).
set -euo pipefail

VERSION=4.96.4                       # last code-server line whose engine is Node 20
DIR=${1:-"$(dirname "$0")/../../.vscode-test/code-server"}
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
CS="$DIR/node_modules/code-server"
MARKER="$DIR/.installed-$VERSION"
say() { printf '[install-code-server] %s\n' "$*"; }
# code-server writes a default config and logs under XDG dirs even for --version: keep them in DIR.
cs() { XDG_CONFIG_HOME="$DIR/.xdg/config" XDG_DATA_HOME="$DIR/.xdg/data" node "$CS/out/node/entry.js" "$@"; }

# @vscode/ripgrep's postinstall downloads rg from GitHub; the system's rg is linked in its place
# (Debian's ripgrep, installed with apt as root when missing). VS Code's file search runs it: the
# extension's workspace.findFiles (the log pick, "Diagnose Together" on a folder) fails without it.
link_ripgrep() {
  local rg_dir="$CS/lib/vscode/node_modules/@vscode/ripgrep/bin"
  [ -x "$rg_dir/rg" ] && return 0
  if ! command -v rg >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "missing ripgrep: apt-get install ripgrep"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ripgrep >/dev/null 2>&1 \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ripgrep >/dev/null; } || true
  fi
  if command -v rg >/dev/null 2>&1; then
    mkdir -p "$rg_dir" && ln -sfn "$(command -v rg)" "$rg_dir/rg" && say "ripgrep: linked $(command -v rg)"
  else
    say "warning: no ripgrep (Debian: apt-get install ripgrep): VS Code's file search, and the suites that use it, fail without it"
  fi
}

if [ -f "$MARKER" ] && cs --version >/dev/null 2>&1; then
  link_ripgrep
  say "code-server $VERSION already installed in $DIR"
  exit 0
fi
rm -f "$MARKER"
start=$(date +%s)

# node-gyp needs a C++ toolchain and Python: install them as root with apt, else say what to install.
tools=()
command -v make >/dev/null 2>&1 || tools+=(make)
command -v g++ >/dev/null 2>&1 || tools+=(g++)
command -v python3 >/dev/null 2>&1 || tools+=(python3)
if [ ${#tools[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "missing ${tools[*]}: apt-get install ${tools[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq --no-install-recommends "${tools[@]}" >/dev/null 2>&1 \
      || { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${tools[@]}"; }
  else
    say "code-server's native modules are built here and need ${tools[*]}: install them (Debian: sudo apt-get install -y make g++ python3) and run again"
    exit 1
  fi
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" = 20 ] || say "warning: code-server $VERSION expects Node 20, this is Node $node_major"

# node-gyp: the copy bundled with npm (npm_config_node_gyp if set).
NODE_GYP=${npm_config_node_gyp:-$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js}
[ -f "$NODE_GYP" ] || { say "cannot find node-gyp (set npm_config_node_gyp)"; exit 1; }
export npm_config_node_gyp="$NODE_GYP"
# Node headers: npm's nodedir if configured, else the prefix of this node if it ships its headers;
# otherwise node-gyp would download them, which this kind of machine cannot do.
NODEDIR=${npm_config_nodedir:-$(npm config get nodedir 2>/dev/null || true)}
case "$NODEDIR" in undefined|null) NODEDIR= ;; esac
if [ -z "$NODEDIR" ]; then
  prefix=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
  [ -f "$prefix/include/node/common.gypi" ] && NODEDIR=$prefix
fi
GYP_ARGS=(--release -j max)
[ -n "$NODEDIR" ] && GYP_ARGS+=(--nodedir="$NODEDIR")
say "node $(node --version), node-gyp $(node "$NODE_GYP" --version), headers from ${NODEDIR:-<node-gyp download>}"

NPM_FLAGS=(--no-audit --no-fund --ignore-scripts --loglevel=error)

# 1. code-server itself, scripts skipped.
cd "$DIR"
[ -f package.json ] || echo '{ "private": true }' > package.json
say "npm install code-server@$VERSION (scripts skipped)"
npm install "code-server@$VERSION" "${NPM_FLAGS[@]}"

# Builds one native module in place. $1: module dir, $2: how (node-gyp | node-pre-gyp).
build_native() {
  local dir=$1 how=${2:-node-gyp} log
  log=$(mktemp)
  say "  build ${dir#"$DIR"/}"
  if [ "$how" = node-pre-gyp ]; then
    # argon2 locates its binary through node-pre-gyp's module_path; `rebuild` builds from source
    # (no download) and puts it there.
    (cd "$dir" && node "$(node -p 'require.resolve("@mapbox/node-pre-gyp/bin/node-pre-gyp")')" \
      rebuild "${GYP_ARGS[@]}") >"$log" 2>&1 || { tail -40 "$log"; say "build failed: $dir"; exit 1; }
  else
    (cd "$dir" && node "$NODE_GYP" rebuild "${GYP_ARGS[@]}") >"$log" 2>&1 \
      || { tail -40 "$log"; say "build failed: $dir"; exit 1; }
  fi
  rm -f "$log"
}

# 2. Native module of code-server's own login code (loaded even with --auth none).
say "native module of code-server: argon2"
ARGON2=$(cd "$CS" && node -p 'require("path").dirname(require.resolve("argon2/package.json"))')
(cd "$ARGON2" && build_native "$ARGON2" node-pre-gyp)

# 3. VS Code's own dependencies, with the one git-pinned package pointed at the registry tarball.
cd "$CS/lib/vscode"
node - <<'EOF'
const fs = require('fs'), { execFileSync } = require('child_process');
const file = 'npm-shrinkwrap.json', wrap = JSON.parse(fs.readFileSync(file, 'utf8'));
const entry = wrap.packages['node_modules/@vscode/proxy-agent'];
if (entry && entry.resolved && !entry.resolved.startsWith('https:')) {
  const url = execFileSync('npm', ['view', `@vscode/proxy-agent@${entry.version}`, 'dist.tarball'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  if (!url.startsWith('https:')) throw new Error(`no registry tarball for @vscode/proxy-agent@${entry.version}`);
  console.log(`[install-code-server] shrinkwrap: @vscode/proxy-agent@${entry.version} ${entry.resolved} -> registry tarball`);
  entry.resolved = url;
  fs.writeFileSync(file, JSON.stringify(wrap, null, '\t') + '\n');
}
const left = Object.entries(wrap.packages).filter(([, v]) => v.resolved && !v.resolved.startsWith('https:'));
if (left.length) { console.error('non-registry packages left:', left.map(([k]) => k)); process.exit(1); }
EOF
say "npm install VS Code's dependencies (lib/vscode, scripts skipped)"
npm install --omit=dev "${NPM_FLAGS[@]}"

say "native modules of VS Code"
for m in @vscode/spdlog native-watchdog @vscode/deviceid node-pty @parcel/watcher; do
  build_native "$CS/lib/vscode/node_modules/$m"
done
link_ripgrep

# 4. The links the postinstall makes.
say "links: node_modules.asar, bin/remote-cli/code-server, bin/helpers/browser.sh"
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)

# 5. Dependencies shared by the built-in extensions (TypeScript for the TS/JSON language features).
say "npm install built-in extensions' dependencies (lib/vscode/extensions)"
(cd extensions && npm install --omit=dev "${NPM_FLAGS[@]}")

# 6. Check: the native modules load and the server answers.
cd "$CS/lib/vscode"
node -e 'for (const m of ["@vscode/spdlog", "native-watchdog", "@vscode/deviceid", "node-pty", "@parcel/watcher"]) require(m)'
(cd "$CS" && node -e 'require("argon2")')
say "code-server $(cs --version | tail -1)"
date -u +%FT%TZ > "$MARKER"
say "done in $(( $(date +%s) - start )) s: $DIR"
