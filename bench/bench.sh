#!/bin/sh
# dovs benchmarks: prints numbers, asserts nothing. Run as root on a prepared host (scripts/setup-host.sh).
# Uses its own labs (bench, benchs) and state dir; cleans up after itself.
set -u
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd -P)
DOVS="$ROOT/dovs-cli/src/main/dist/bin/dovs"
JAR="$ROOT/dovs-cli/target/dovs.jar"
IMAGE=dovs/node:latest
export DOVS_STATE_DIR=$(mktemp -d /tmp/dovs-bench-XXXXXX)
export DOVS_LAB=bench
N=${N:-5}
export DOVS_NO_DAEMON=1   # these are the embedded-engine numbers; bench/daemon-bench.sh measures the background engine
GUESTS=${GUESTS:-20}

. "$ROOT/bench/lib.sh"   # now, elapsed, median, ratio, ready, shell_lab
cleanup() { "$DOVS" clean -q >/dev/null 2>&1; DOVS_LAB=benchs "$DOVS" clean -q >/dev/null 2>&1
            docker rm -f bench-raw >/dev/null 2>&1; shell_lab_rm sh; }
trap 'cleanup; rm -rf "$DOVS_STATE_DIR"' EXIT
cleanup
"$DOVS" --version >/dev/null   # trains the CDS archive once, outside the measurements

echo "== host: $(nproc) cores, $(uptime | sed 's/.*load average/load average/')"

echo "== add-node vs docker run (n=$N, median wall seconds)"
: > /tmp/b.dovs; : > /tmp/b.run; : > /tmp/b.ready
"$DOVS" add-node --name warm -q && "$DOVS" clean -q     # networks and caches warm for both sides
for i in $(seq "$N"); do
  t=$(now); "$DOVS" add-node --name n1 -q || echo "add-node failed"; elapsed "$t" >> /tmp/b.dovs; echo >> /tmp/b.dovs
  "$DOVS" clean -q
  docker network create --internal bench-net >/dev/null 2>&1
  t=$(now); docker run -d --name bench-raw --cap-add NET_ADMIN --device /dev/net/tun --network bench-net "$IMAGE" >/dev/null
  elapsed "$t" >> /tmp/b.run; echo >> /tmp/b.run
  ready bench-raw; elapsed "$t" >> /tmp/b.ready; echo >> /tmp/b.ready
  docker rm -f bench-raw >/dev/null; docker network rm bench-net >/dev/null
done
echo "dovs add-node (CLI, embedded engine, JVM start included): $(grep . /tmp/b.dovs | median)"
echo "docker run -d (returns):                                  $(grep . /tmp/b.run | median)"
echo "docker run -d until OVS ready:                            $(grep . /tmp/b.ready | median)"

echo "== add-guest: embedded engine vs running engine (n=$N each, median wall seconds)"
"$DOVS" add-node --name n1 -q
: > /tmp/b.emb; : > /tmp/b.eng
for i in $(seq "$N"); do
  t=$(now); "$DOVS" add-guest --name e$i --ip 10.9.0.$i/24 --node n1 -q; elapsed "$t" >> /tmp/b.emb; echo >> /tmp/b.emb
done
"$DOVS" engine >/tmp/b.engine.log 2>&1 & EPID=$!
until grep -q 'running (pid' /tmp/b.engine.log; do sleep 0.1; done
for i in $(seq "$N"); do
  t=$(now); "$DOVS" add-guest --name r$i --ip 10.9.1.$i/24 --node n1 -q; elapsed "$t" >> /tmp/b.eng; echo >> /tmp/b.eng
done
kill "$EPID"; wait "$EPID" 2>/dev/null
echo "add-guest, embedded engine: $(grep . /tmp/b.emb | median)"
echo "add-guest, engine running:  $(grep . /tmp/b.eng | median)"
"$DOVS" log --json --type outcome.guest-added > /tmp/b.out.jsonl
"$DOVS" log --json --type step.started > /tmp/b.steps.jsonl
python3 - <<'PY'
import json, datetime
def t(s): return datetime.datetime.fromisoformat(s.replace('Z', '+00:00')).timestamp()
first = {}
for l in open('/tmp/b.steps.jsonl'):
    e = json.loads(l); first.setdefault(e['intent'], t(e['time']))
d = sorted(t(e['time']) - first[e['intent']] for e in map(json.loads, open('/tmp/b.out.jsonl')) if e['intent'] in first)
print("per-guest cost inside the engine (first step to outcome), median: %.3f s (min %.3f, max %.3f, n=%d)"
      % (d[len(d)//2], d[0], d[-1], len(d)))
PY
"$DOVS" clean -q

echo "== 1 node + $GUESTS guests: dovs CLI vs a shell script, one command at a time (wall seconds)"
t=$(now)
"$DOVS" add-node --name n1 -q
for g in $(seq "$GUESTS"); do "$DOVS" add-guest --name g$g --ip 10.8.0.$g/24 --node n1 -q; done
echo "dovs, one CLI call per command (embedded engine each): $(elapsed "$t")"
"$DOVS" clean -q
t=$(now)
"$DOVS" engine >/tmp/b.engine.log 2>&1 & EPID=$!
"$DOVS" add-node --name n1 -q --detach >/dev/null
for g in $(seq "$GUESTS"); do ID=$("$DOVS" add-guest --name g$g --ip 10.8.0.$g/24 --node n1 -q --detach); done
"$DOVS" wait -q "$ID" >/dev/null
echo "dovs, engine running, all submitted with --detach then waited: $(elapsed "$t")"
kill "$EPID"; wait "$EPID" 2>/dev/null
"$DOVS" clean -q
t=$(now)
shell_lab sh "$GUESTS"
echo "shell script (docker, ip, ovs-vsctl; original's approach): $(elapsed "$t")"
ip netns exec sh-g1 ping -c1 -W2 10.8.0.$GUESTS >/dev/null && echo "(shell lab works: ping ok)"
cleanup

echo "== CLI cold start (n=10, median wall seconds; the lab has 1 node + 2 guests)"
"$DOVS" add-node --name n1 -q; "$DOVS" add-guest --name g1 --ip 10.7.0.1/24 --node n1 -q
"$DOVS" add-guest --name g2 --ip 10.7.0.2/24 --node n1 -q
for c in info log; do
  : > /tmp/b.c
  for i in $(seq 10); do t=$(now); "$DOVS" $c >/dev/null; elapsed "$t" >> /tmp/b.c; echo >> /tmp/b.c; done
  echo "dovs $c: $(grep . /tmp/b.c | median)"
done
: > /tmp/b.c
for i in $(seq 10); do t=$(now); DOVS_NO_CDS=1 "$DOVS" info >/dev/null; elapsed "$t" >> /tmp/b.c; echo >> /tmp/b.c; done
echo "dovs info without the CDS archive: $(grep . /tmp/b.c | median)"
"$DOVS" clean -q

echo "== log append and full replay"
java --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED \
     --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED \
     --add-opens=java.base/java.lang=ALL-UNNAMED -Dchronicle.analytics.disable=true \
     -Dchronicle.announcer.disable=true -Ddisable.perf.info=true -cp "$JAR" dev.dovs.cli.bench.LogBench 200000
