#!/usr/bin/env bash
# Builds the given nats-server versions with `go install` into a cache outside the repository
# (~/.cache/jetstream-watch/nats/<version>/nats-server), skipping those already there.
# Usage: scripts/install-nats-servers.sh 2.14.5 [2.10.29 …]
set -euo pipefail
cache="${NATS_SERVER_CACHE:-$HOME/.cache/jetstream-watch/nats}"
for version in "$@"; do
  version="${version#v}"
  bin="$cache/$version/nats-server"
  [ -x "$bin" ] && continue
  if ! command -v go >/dev/null 2>&1; then
    echo "go is missing: cannot build nats-server $version; tests run against Debian's $(/usr/sbin/nats-server --version 2>/dev/null || echo nats-server) only" >&2
    continue
  fi
  echo "building nats-server $version into $bin" >&2
  mkdir -p "$(dirname "$bin")"
  GOBIN="$(dirname "$bin")" go install "github.com/nats-io/nats-server/v2@v${version}"
done
