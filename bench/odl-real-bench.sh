#!/bin/sh
# Benchmark against a REAL OpenDaylight (scripts/odl.sh): prints numbers, asserts nothing. Root, built tree
# (mvn -B -o package -DskipTests), the node image, and no fake ODL running (same ports).
#   (a) ODL start to ready (/diagstatus ACTIVE), from a clean datastore (scripts/odl.sh start; fetches first if needed)
#   (b) spawn --nodes N --guests G --nets 2 --routed --odl: CLI wall time, then time until 'dovs check' passes
#       (netvirt programs asynchronously), and the total
#   (c) the same spawn on dovs' own overlay (no --odl) in the same run: the baseline; the ratio is the result
#   (d) clean of each lab
# ODL is stopped at the end only if this script started it, and not with KEEP_ODL=1.
set -u
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd -P)
DOVS="$ROOT/dovs-cli/src/main/dist/bin/dovs"
ODLSH="$ROOT/scripts/odl.sh"
NODES=${NODES:-4}
GUESTS=${GUESTS:-4}
export DOVS_STATE_DIR=$(mktemp -d /tmp/dovs-orbench-XXXXXX)
ELAPSED_DECIMALS=2
. "$ROOT/bench/lib.sh"   # now, elapsed (2 decimals)
sub() { echo "$1 $2" | awk '{printf "%.2f", $1 - $2}'; }
STARTED=0
cleanup() {
  for lab in orbo orbd; do DOVS_LAB=$lab "$DOVS" clean -q >/dev/null 2>&1; done
  [ "$STARTED" = 1 ] && [ "${KEEP_ODL:-0}" != 1 ] && "$ODLSH" stop >/dev/null 2>&1
  rm -rf "$DOVS_STATE_DIR"
}
trap cleanup EXIT
[ -f "$ROOT/dovs-cli/target/dovs.jar" ] || { echo "build first: mvn -B -o package -DskipTests"; exit 2; }
echo "== host: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); spawn --nodes $NODES --guests $GUESTS --nets 2 --routed"

# (a)
if "$ODLSH" status >/dev/null 2>&1; then
  echo "ODL already running and ready: start-to-ready not measured (stop it first to measure)"
else
  t=$(now); "$ODLSH" start || { echo "ODL did not start"; exit 1; }
  STARTED=1
  echo "ODL start to ready: $(elapsed "$t") s"
fi
echo "ODL RSS: $(ps -o rss= -s "$(cat "${DOVS_ODL_CACHE:-/var/cache/dovs/odl}/run/odl.pid")" | awk '{s+=$1} END {printf "%.0f MB", s/1024}')"

# until 'dovs check' passes; prints seconds, or 'never' after LIMIT s
until_check() {
  t=$(now); i=0
  while ! DOVS_LAB=$1 "$DOVS" check >/dev/null 2>&1; do
    i=$((i + 1)); [ $i -le 60 ] || { echo never; return; }
    sleep 1
  done
  elapsed "$t"
}

run() { # $1 = lab, $2.. = extra spawn options
  lab=$1; shift
  DOVS_LAB=$lab "$DOVS" clean -q >/dev/null 2>&1
  t0=$(now)
  DOVS_LAB=$lab "$DOVS" spawn --nodes "$NODES" --guests "$GUESTS" --nets 2 --routed "$@" -q >/dev/null \
    || { echo "$lab: spawn failed"; return 1; }
  spawn=$(elapsed "$t0")
  t1=$(now)
  chk=$(until_check "$lab")
  total=$(elapsed "$t0")
  echo "$lab: spawn $spawn s, then check passes after $chk s, total $total s"
  echo "$total" > "$DOVS_STATE_DIR/$lab.total"
  t=$(now); DOVS_LAB=$lab "$DOVS" clean -q >/dev/null 2>&1; echo "$lab: clean $(elapsed "$t") s"
}

# (b) and (c)
run orbo --odl 127.0.0.1
run orbd
if [ -f "$DOVS_STATE_DIR/orbo.total" ] && [ -f "$DOVS_STATE_DIR/orbd.total" ]; then
  echo "ratio real ODL / dovs overlay (spawn until check passes): $(echo "$(cat "$DOVS_STATE_DIR/orbo.total") $(cat "$DOVS_STATE_DIR/orbd.total")" | awk '{printf "%.2f", $1 / $2}')"
fi
