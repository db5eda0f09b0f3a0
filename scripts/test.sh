#!/bin/sh
# Runs every test: unit tests (no root needed) and the integration tests against the real host (root, docker,
# OVS, namespaces). Prepares the host first, so it works on a fresh Debian machine.
set -eu
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd -P)
DOVS_REBUILD=1 "$ROOT/scripts/setup-host.sh"
cd "$ROOT"
exec mvn -B verify
