#!/bin/sh
# ODL benchmark against the fake ODL (a real ODL cannot run here): prints numbers, asserts nothing. Root, built tree.
#   (a) add-node --odl (the fake creates br-int over OVSDB at once, as netvirt does), CLI wall time
#   (b) add-guest --net --odl with a running engine: CLI wall time and intent-to-outcome time from the log
#   (c) spawn --nodes NODES --guests GUESTS --nets 2 --routed --odl, CLI wall time, and the same without --odl
#   (d) clean of the spawned lab; REST exchanges per guest
# The fake binds immediately (--auto-plug-ms 0), so (b) and (c) measure dovs and RESTCONF, not a controller.
set -u
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd -P)
DOVS="$ROOT/dovs-cli/src/main/dist/bin/dovs"
NODES=${NODES:-10}
GUESTS=${GUESTS:-10}
export DOVS_STATE_DIR=$(mktemp -d /tmp/dovs-obench-XXXXXX)
export DOVS_LAB=obench
FAKE_OUT=$(mktemp)
ELAPSED_DECIMALS=2
. "$ROOT/bench/lib.sh"   # now, elapsed (2 decimals), median
ENGINE_PID=
cleanup() {
  [ -n "$ENGINE_PID" ] && kill "$ENGINE_PID" 2>/dev/null && wait "$ENGINE_PID" 2>/dev/null
  ENGINE_PID=
  "$DOVS" clean -q >/dev/null 2>&1; true
}
[ -f "$ROOT/dovs-engine/target/test-classes/dev/dovs/engine/odl/fake/FakeOdl.class" ] \
  || { echo "build first: mvn -B -o package -DskipTests (and test-compile)"; exit 2; }
# stdin is a pipe the fake holds: when this script ends, the fake reads EOF and exits
mkfifo "$FAKE_OUT.in"
java -Dchronicle.analytics.disable=true -cp "$ROOT/dovs-engine/target/test-classes:$ROOT/dovs-cli/target/dovs.jar" \
  dev.dovs.engine.odl.fake.FakeOdl --bind 0.0.0.0 --port 0 --auto-plug-ms 0 --exit-on-stdin-eof \
  <"$FAKE_OUT.in" >"$FAKE_OUT" 2>&1 &
FAKE_PID=$!
exec 3>"$FAKE_OUT.in"
trap 'cleanup; exec 3>&-; kill $FAKE_PID 2>/dev/null; rm -rf "$DOVS_STATE_DIR" "$FAKE_OUT" "$FAKE_OUT.in"' EXIT
for i in $(seq 100); do grep -q "listening" "$FAKE_OUT" && break; sleep 0.1; done
PORT=$(sed -n 's/.*listening on [^:]*:\([0-9]*\).*/\1/p' "$FAKE_OUT")
[ -n "$PORT" ] || { echo "fake ODL did not start:"; cat "$FAKE_OUT"; exit 1; }
ODL=127.0.0.1:$PORT
cleanup
echo "== host: $(nproc) cores; fake ODL at $ODL; $NODES nodes x $GUESTS guests"

# (a)
for n in 1 2; do
  t=$(now); "$DOVS" add-node --name n$n --odl "$ODL" -q 2>/dev/null; echo "add-node --odl n$n: $(elapsed "$t") s"
done
# (b)
"$DOVS" engine --lab obench 2>/dev/null & ENGINE_PID=$!
sleep 3
: > /tmp/obench.walls
for g in $(seq 10); do
  t=$(now); "$DOVS" add-guest --name g$g --ip 10.0.0.$g/24 --node n$(( g % 2 + 1 )) --net s1 --router r1 --odl "$ODL" -q
  elapsed "$t" >> /tmp/obench.walls; echo >> /tmp/obench.walls
done
echo "add-guest --odl, engine running, CLI wall median of 10: $(grep . /tmp/obench.walls | median) s"
"$DOVS" log --json | python3 -c '
import json,sys
from datetime import datetime
ts={}; out=[]; ex=0
for l in sys.stdin:
    e=json.loads(l); t=datetime.fromisoformat(e["time"].replace("Z","+00:00"))
    if e["type"]=="intent.add-guest": ts[e["intent"]]=t
    if e["type"]=="step.odl-exchanged" and e.get("intent") in ts: ex+=1
    if e["type"]=="outcome.guest-added" and e["intent"] in ts: out.append((t-ts[e["intent"]]).total_seconds())
out.sort(); print("add-guest --odl intent-to-outcome median of %d: %.3f s (min %.3f, max %.3f); REST exchanges per guest: %.1f" % (len(out), out[len(out)//2], out[0], out[-1], ex/max(1,len(out))))'
cleanup
# (c)
t=$(now); "$DOVS" spawn --nodes "$NODES" --guests "$GUESTS" --nets 2 --routed --odl "$ODL" -q 2>/dev/null
echo "spawn --odl: $(elapsed "$t") s"
# (d)
t=$(now); "$DOVS" clean -q; echo "clean (ODL lab): $(elapsed "$t") s"
t=$(now); "$DOVS" spawn --nodes "$NODES" --guests "$GUESTS" --nets 2 --routed -q 2>/dev/null
echo "spawn without ODL (same plan, dovs overlay): $(elapsed "$t") s"
cleanup
echo "fake ODL objects left: $(curl -s "http://$ODL/fake/datastore" | tr -d ' \n')"
