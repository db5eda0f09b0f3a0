#!/bin/sh
# OVN benchmark: prints numbers, asserts nothing. Run as root on a prepared host (scripts/setup-host.sh).
#   (a) dovs spawn --nodes N --guests G --nets 2 --routed on dovs' own overlay, until dovs check passes
#   (b) the same spawn with --ovn (the lab's own OVN central), until dovs check passes; ratio (b)/(a)
#   (c) with OVN: move-guest traffic gap (largest interval between replies of a 10 ms ping), and check after it
set -u
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd -P)
DOVS="$ROOT/dovs-cli/src/main/dist/bin/dovs"
NODES=${NODES:-10}
GUESTS=${GUESTS:-10}
LAB=${OVN_BENCH_LAB:-obench}
export DOVS_STATE_DIR=$(mktemp -d /tmp/dovs-obench-XXXXXX)
export DOVS_LAB=$LAB

ELAPSED_DECIMALS=2
. "$ROOT/bench/lib.sh"   # now, elapsed (2 decimals)
trap '"$DOVS" clean -q >/dev/null 2>&1; rm -rf "$DOVS_STATE_DIR"' EXIT
"$DOVS" clean -q >/dev/null 2>&1
"$DOVS" --version >/dev/null
echo "== host: $(nproc) cores, $(uptime | sed 's/.*load average/load average/'); $NODES nodes x $GUESTS guests, 2 nets, routed"

# spawn [options]: spawn, then check until it passes (at most 60 s more); prints the seconds to a passing check
spawn_until_checked() {
  t=$(now)
  "$DOVS" spawn --nodes "$NODES" --guests "$GUESTS" --nets 2 --routed -q "$@" || { echo "spawn FAILED" >&2; return 1; }
  s=$(elapsed "$t")
  tries=0
  until "$DOVS" check --json > /tmp/obench-check.json 2>/dev/null; do
    tries=$((tries + 1)); [ $tries -le 30 ] || { echo "check never passed" >&2; return 1; }
    sleep 1
  done
  echo "$s $(elapsed "$t") $tries"
}

set -- $(spawn_until_checked) ; OWN_SPAWN=${1:-0}; OWN_T=${2:-0}
echo "    (load average now: $(uptime | sed 's/.*load average: //'))"
echo "(a) dovs' own overlay: spawn $OWN_SPAWN s, until check passes $OWN_T s ($(python3 -c 'import json;d=json.load(open("/tmp/obench-check.json"));print(d["pairs"],"pairs,",d["mismatches"],"mismatches")'))"
t=$(now); "$DOVS" clean -q; echo "    clean: $(elapsed "$t") s"

set -- $(spawn_until_checked --ovn) ; OVN_SPAWN=${1:-0}; OVN_T=${2:-0}; OVN_RETRIES=${3:-?}
echo "(b) OVN (--ovn, the lab's central): spawn $OVN_SPAWN s, until check passes $OVN_T s, check retries $OVN_RETRIES ($(python3 -c 'import json;d=json.load(open("/tmp/obench-check.json"));print(d["pairs"],"pairs,",d["mismatches"],"mismatches")'))"
echo "    ratio OVN / own overlay, until check passes: $(echo "$OVN_T $OWN_T" | awk '{printf "%.2fx", $1/$2}') (target <= 1.5x); spawn alone: $(echo "$OVN_SPAWN $OWN_SPAWN" | awk '{printf "%.2fx", $1/$2}')"
echo "    (load average now: $(uptime | sed 's/.*load average: //'))"

# (c) move-guest gap: ping node-1-guest-1 from node-2-guest-1 (same net) every 10 ms during a move to node 3
echo "(c) OVN move-guest: $(move_gap "$LAB" /tmp/obench-check.json) (target < 0.5 s)"
t=$(now); "$DOVS" check >/dev/null 2>&1; echo "    check after move: exit $?, $(elapsed "$t") s"
t=$(now); "$DOVS" clean -q; echo "    OVN clean: $(elapsed "$t") s"
