#!/usr/bin/env bash
# Makes sure the tools `npm test` needs are on this machine, installing what it can. Run by `npm test`
# (and so by CI) before anything else; about a second when everything is already here.
#
#   kubectl      Debian's kubernetes-client, extracted into .vscode-test/kubectl by
#                scripts/cluster/get-kubectl.sh ($KUBECTL when set): test/cluster proves the fake API
#                server faithful with it.
#   chdb         embedded ClickHouse (npm package chdb), installed into .vscode-test/chdb: the log-store
#                tests run their SQL on it.
#   code-server  VS Code 1.96.4's server, installed into .vscode-test/code-server by
#                scripts/vscode/install-code-server.sh: the suites inside VS Code run in it.
#   Chromium     $CHROMIUM_PATH, else /usr/bin/chromium: drives that VS Code. Installed with apt-get when
#                this runs as root on a machine with apt; otherwise the message says what to install.
#
# What cannot be had is listed at the end with how to get it, and the script exits 0 so the tests that
# do not need it still run; the suites that need it then fail with the same reason. With --strict it
# exits 1 instead.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
strict=false
[ "${1:-}" = --strict ] && strict=true
say() { printf '[test-tools] %s\n' "$*"; }
missing=()
can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }
apt_install() {
  # A clean image has no package lists: update once, then install.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1 && return 0
  DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

# --- Chromium -------------------------------------------------------------------------------------
if [ -n "${CHROMIUM_PATH:-}" ]; then
  # The user chose this browser: installing another would not help.
  [ -x "$CHROMIUM_PATH" ] || missing+=("Chromium: CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file; point it at a Chromium or Chrome binary, or unset it to use Debian's /usr/bin/chromium (apt-get install -y chromium). The suites inside VS Code (npm run test:vscode) need it.")
elif [ ! -x /usr/bin/chromium ]; then
  if can_apt; then
    say "Chromium missing: apt-get install chromium"
    apt_install chromium || true
  fi
  [ -x /usr/bin/chromium ] || missing+=("Chromium: /usr/bin/chromium not found. Install Debian's Chromium (as root: apt-get install -y chromium), or set CHROMIUM_PATH to a Chromium or Chrome binary. The suites inside VS Code (npm run test:vscode) need it.")
fi

# --- kubectl --------------------------------------------------------------------------------------
if [ -n "${KUBECTL:-}" ]; then
  [ -x "$KUBECTL" ] || missing+=("kubectl: KUBECTL=$KUBECTL is not an executable file; point it at a kubectl binary or unset it to fetch Debian's (scripts/cluster/get-kubectl.sh). test/cluster/fakeApiServer.test.ts needs it.")
elif ! command -v apt-get >/dev/null 2>&1; then
  [ -x "$root/.vscode-test/kubectl/usr/bin/kubectl" ] || missing+=("kubectl: no apt-get here to fetch Debian's kubernetes-client; set KUBECTL to a kubectl binary (1.20 or newer). test/cluster/fakeApiServer.test.ts needs it.")
else
  log=$(mktemp)
  if ! bash "$root/scripts/cluster/get-kubectl.sh" >/dev/null 2>"$log"; then
    tail -5 "$log" | sed 's/^/    /'
    missing+=("kubectl: fetching Debian's kubernetes-client failed (above). As root run apt-get update and npm test again, or set KUBECTL to a kubectl binary (1.20 or newer). test/cluster/fakeApiServer.test.ts needs it.")
  fi
  rm -f "$log"
fi

# --- chdb ----------------------------------------------------------------------------------------
# Embedded ClickHouse for the log-store tests, installed beside the other test tools with `npm install`
# (not `npm ci`: chdb's native library for each other platform is an optional package the registry may
# not have, which `npm install` skips and a lock file cannot record).
CHDB_VERSION=3.4.0
if [ ! -f "$root/.vscode-test/chdb/node_modules/chdb/package.json" ]; then
  log=$(mktemp)
  mkdir -p "$root/.vscode-test/chdb"
  if ! npm install --prefix "$root/.vscode-test/chdb" --no-save --no-package-lock --no-audit --no-fund "chdb@$CHDB_VERSION" >"$log" 2>&1; then
    tail -5 "$log" | sed 's/^/    /'
    missing+=("chdb: npm install chdb@$CHDB_VERSION into .vscode-test/chdb failed (above). The ClickHouse tests (test/unit/logstores) need it.")
  fi
  rm -f "$log"
fi

# --- code-server ----------------------------------------------------------------------------------
# One line when installed; on first use it prints its steps (about a minute, more on a busy machine).
bash "$root/scripts/vscode/install-code-server.sh" \
  || missing+=("code-server: scripts/vscode/install-code-server.sh failed (its output is above). The suites inside VS Code and npm start need it.")

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
say "missing, so some tests will fail:"
for m in "${missing[@]}"; do say "  - $m"; done
$strict && exit 1
exit 0
