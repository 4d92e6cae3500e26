#!/usr/bin/env bash
# Fetch Debian's kubectl (package kubernetes-client) without installing it system-wide
# (it conflicts with other kubectl packages) and print the path of the extracted binary.
#
#   scripts/cluster/get-kubectl.sh [DIR]     DIR defaults to .vscode-test/kubectl (git-ignored)
#
# Idempotent: when DIR/usr/bin/kubectl already runs, it only prints the path.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="${1:-$root/.vscode-test/kubectl}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
bin="$dir/usr/bin/kubectl"

if [ -x "$bin" ] && "$bin" version --client >/dev/null 2>&1; then
  echo "$bin"
  exit 0
fi

download() {
  # apt-get download writes into the current directory; run it as root or as a user
  # that can read the package lists (the .deb is fetched over the network, not installed).
  (cd "$dir" && apt-get download kubernetes-client >&2)
}

if ! ls "$dir"/kubernetes-client_*.deb >/dev/null 2>&1; then
  if ! download; then
    echo "get-kubectl: apt-get download failed, running apt-get update first" >&2
    apt-get update >&2
    download
  fi
fi

deb="$(ls -t "$dir"/kubernetes-client_*.deb | head -n 1)"
dpkg -x "$deb" "$dir"
if [ ! -x "$bin" ]; then
  echo "get-kubectl: $deb did not contain usr/bin/kubectl" >&2
  exit 1
fi
"$bin" version --client >&2 || true
echo "$bin"
