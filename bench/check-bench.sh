#!/bin/sh
# check / spawn / clean benchmark (issue 11): prints numbers, asserts nothing. Run as root on a prepared host
# (scripts/setup-host.sh: node image, fping, and the kernel limits it raises).
#   (a) docker alone starting NODES node containers in parallel until their OVS is ready (the baseline)
#   (b) dovs spawn --nodes NODES --guests GUESTS --nets 2 --routed: wall time, tunnel ports, memory
#   (c) dovs check of every ordered pair, RUNS times in a row: wall time, pairs, mismatches (and the rounds' times)
#   (d) dovs clean of that lab
#   (e) with SCALE=1: spawn --nodes 20 --guests 50 --nets 4 --routed (1,000 guests), check --sample, clean; the
#       engine's peak RSS (the spawn's embedded engine is the CLI process) and each node container's RSS
# Environment: NODES, GUESTS (the first lab), RUNS (check runs), SCALE=1 (add (e)), SAMPLE, IMAGE (the node image of
# both the baseline and the spawns), DOVS_LAB (also names the baseline containers: $DOVS_LAB-raw-N).
set -u
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd -P)
DOVS="$ROOT/dovs-cli/src/main/dist/bin/dovs"
IMAGE=${IMAGE:-dovs/node:latest}
NODES=${NODES:-10}
GUESTS=${GUESTS:-10}
RUNS=${RUNS:-5}
SCALE=${SCALE:-0}
SAMPLE=${SAMPLE:-5000}
export DOVS_STATE_DIR=$(mktemp -d /tmp/dovs-cbench-XXXXXX)
export DOVS_LAB=${DOVS_LAB:-cbench}
OUT=$(mktemp -d /tmp/dovs-cbench-out-XXXXXX)
RAW=$DOVS_LAB-raw   # the baseline's containers and network, named after the lab: runs with other labs do not collide

ELAPSED_DECIMALS=2
. "$ROOT/bench/lib.sh"   # now, elapsed (2 decimals), pid_of, ready
cleanup() {
  "$DOVS" clean -q >/dev/null 2>&1
  for c in $(docker ps -aq --filter label=cbench-raw=$RAW); do docker rm -f "$c" >/dev/null; done
  docker network rm $RAW-net >/dev/null 2>&1; true
}
trap 'cleanup; rm -rf "$DOVS_STATE_DIR" "$OUT"' EXIT
# tunnel ports dovs made, summed over the lab's node containers
tunnels() {
  n=0
  for c in $(docker ps -q --filter "label=dovs.lab=$DOVS_LAB"); do
    k=$(docker exec "$c" ovs-vsctl --bare --columns=name find interface type=vxlan | grep -c .)
    n=$((n + k))
  done
  echo "$n"
}
# RSS (KiB) of every node container: the sum of its processes' resident sets
node_rss() {
  for c in $(docker ps --format '{{.Names}}' --filter "label=dovs.lab=$DOVS_LAB"); do
    echo "$c $(docker top "$c" -eo pid,rss | awk 'NR > 1 {s += $2} END {print s}')"
  done | sort -k2 -n | awk '{a[NR] = $2; s += $2} END {if (NR) printf "%d nodes: min %.1f MB, median %.1f MB, max %.1f MB, mean %.1f MB", NR, a[1]/1024, a[int((NR+1)/2)]/1024, a[NR]/1024, s/NR/1024}'
}
# the same containers' PSS: each shared page (libraries, mostly) divided among the processes that map it
node_pss() {
  for c in $(docker ps --format '{{.Names}}' --filter "label=dovs.lab=$DOVS_LAB"); do
    for p in $(docker top "$c" -eo pid | awk 'NR > 1'); do awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null; done \
      | awk '{s += $1} END {print s}'
  done | sort -n | awk '{a[NR] = $1; s += $1} END {if (NR) printf "min %.1f MB, median %.1f MB, max %.1f MB", a[1]/1024, a[int((NR+1)/2)]/1024, a[NR]/1024}'
}
# the same containers' memory as their cgroup counts it (docker stats: anonymous memory and the page cache charged to
# the container, shared library pages counted once on the host)
node_cgroup() {
  docker stats --no-stream --format '{{.MemUsage}}' $(docker ps --format '{{.Names}}' --filter "label=dovs.lab=$DOVS_LAB") \
    | awk '{v = $1; if (v ~ /GiB$/) m = v * 1024; else if (v ~ /KiB$/) m = v / 1024; else m = v + 0; print m}' \
    | sort -n | awk '{a[NR] = $1} END {if (NR) printf "min %.1f MiB, median %.1f MiB, max %.1f MiB", a[1], a[int((NR+1)/2)], a[NR]}'
}
# where a spawn's time went, from its log: the command before the intent was logged and after its outcome, and per
# action type the first start and the last end (seconds after the intent)
spawn_profile() { # $1, $2: the command's start and end (epoch seconds)
  "$DOVS" log --json 2>/dev/null | python3 -c '
import json, sys
from datetime import datetime, timezone
def t(s):
    d, f = s.rstrip("Z").split(".")
    return datetime.fromisoformat(d).replace(tzinfo=timezone.utc).timestamp() + float("0." + f)
t0, t1 = float(sys.argv[1]), float(sys.argv[2])
ev = [json.loads(l) for l in sys.stdin if l.startswith("{")]
i = max(k for k, e in enumerate(ev) if e["type"] == "intent.spawn")
ev = [e for e in ev[i:] if e.get("intent") == ev[i]["intent"]]
ti = t(ev[0]["time"])
out = [t(e["time"]) for e in ev if e["type"].startswith("outcome.")]
steps = {}
for e in ev:
    if e["type"] == "step.started":
        steps[e["data"]["step"]] = [e["data"]["action"]["type"], t(e["time"]), t(e["time"])]
    elif e["type"] in ("step.succeeded", "step.failed") and e["data"]["step"] in steps:
        steps[e["data"]["step"]][2] = t(e["time"])
agg = {}
for a, s, f in steps.values():
    x = agg.setdefault(a, [s, f, 0]); x[0] = min(x[0], s); x[1] = max(x[1], f); x[2] += 1
to = out[0] if out else ti
per = "; ".join("%s x%d %.2f-%.2f" % (a, n, s - ti, f - ti) for a, (s, f, n) in sorted(agg.items(),
      key=lambda kv: kv[1][0]))
print("    before the intent %.2f s, intent to outcome %.2f s, after it %.2f s; per action: %s" % (ti - t0, to - ti,
      t1 - to, per))
' "$1" "$2"
}
# peak and current RSS of the state dir's background engine (the spawn's own process is only the first command)
engine_rss() {
  p=$(cat "$DOVS_STATE_DIR/engine.d/engine.lock" 2>/dev/null)
  if [ -n "$p" ] && [ -r "/proc/$p/status" ]; then
    awk '/VmHWM/ {h = $2} /VmRSS/ {r = $2} END {printf "background engine peak %.0f MB, now %.0f MB", h/1024, r/1024}' "/proc/$p/status"
  else
    echo "no background engine (embedded: the command's peak above is the engine's)"
  fi
}
check_runs() { # $1: runs, $2...: extra check options
  r=$1; shift
  for i in $(seq "$r"); do
    t=$(now)
    "$DOVS" check --json --timing "$@" > "$OUT/check.json" 2> "$OUT/check.err"; rc=$?
    w=$(elapsed "$t")
    echo "    run $i: $w s wall, exit $rc, $(python3 -c 'import json,sys;d=json.load(open(sys.argv[1]));print(d["pairs"],"pairs,",d["mismatches"],"mismatches")' "$OUT/check.json" 2>/dev/null || echo 'no result')"
    sed 's/^/        /' "$OUT/check.err"
  done
}

cleanup
"$DOVS" --version >/dev/null   # a new jar trains its class-data archive once: not part of any timing
echo "== host: $(nproc) cores, $(uptime | sed 's/.*load average/load average/'); neighbour table gc_thresh3=$(sysctl -n net.ipv4.neigh.default.gc_thresh3), rmem_default=$(sysctl -n net.core.rmem_default)"

# (a) docker alone
docker network create --internal $RAW-net >/dev/null
t=$(now)
for n in $(seq "$NODES"); do
  docker run -d --name $RAW-$n --label cbench-raw=$RAW --cap-add NET_ADMIN --device /dev/net/tun --network $RAW-net "$IMAGE" >/dev/null &
done
wait
for n in $(seq "$NODES"); do ready $RAW-$n; done
DOCKER_T=$(elapsed "$t")
echo "(a) docker alone, $NODES containers in parallel until OVS ready: $DOCKER_T s"
cleanup

# (b) spawn
t=$(now)
/usr/bin/time -f '%M' -o "$OUT/spawn.rss" "$DOVS" spawn --nodes "$NODES" --guests "$GUESTS" --nets 2 --routed --image "$IMAGE" -q || echo "spawn FAILED"
SPAWN_T=$(elapsed "$t")
SPAWN_END=$(now)
echo "(b) dovs spawn --nodes $NODES --guests $GUESTS --nets 2 --routed: $SPAWN_T s ($(echo "$SPAWN_T $DOCKER_T" | awk '{printf "docker alone %+.2f s", $1-$2}')); the command's peak RSS $(awk '{printf "%.0f MB", $1/1024}' "$OUT/spawn.rss")"
echo "$(spawn_profile "$t" "$SPAWN_END")"
echo "    $(engine_rss)"
echo "    tunnel ports: $(tunnels) (full mesh would be $((NODES * (NODES - 1) * 2)))"
echo "    node RSS: $(node_rss)"
echo "    node PSS: $(node_pss)"
echo "    node cgroup memory (docker stats): $(node_cgroup)"

# (c) check
echo "(c) dovs check, $((NODES * GUESTS * (NODES * GUESTS - 1))) ordered pairs, $RUNS runs in a row:"
check_runs "$RUNS"

# (d) clean
t=$(now); "$DOVS" clean -q; echo "(d) dovs clean: $(elapsed "$t") s"

# (e) scale
if [ "$SCALE" = 1 ]; then
  t=$(now)
  /usr/bin/time -f '%M' -o "$OUT/spawn.rss" "$DOVS" spawn --nodes 20 --guests 50 --nets 4 --routed --image "$IMAGE" -q || echo "spawn FAILED"
  SPAWN_END=$(now)
  echo "(e) dovs spawn --nodes 20 --guests 50 --nets 4 --routed (1,000 guests): $(elapsed "$t") s; the command's peak RSS $(awk '{printf "%.0f MB", $1/1024}' "$OUT/spawn.rss")"
  echo "$(spawn_profile "$t" "$SPAWN_END")"
  echo "    $(engine_rss)"
  echo "    tunnel ports: $(tunnels) (full mesh would be $((20 * 19 * 4)))"
  echo "    node RSS: $(node_rss)"
  echo "    node PSS: $(node_pss)"
  echo "    node cgroup memory (docker stats): $(node_cgroup)"
  echo "    dovs check --sample $SAMPLE:"
  check_runs 1 --sample "$SAMPLE"
  t=$(now); "$DOVS" clean -q; echo "    dovs clean: $(elapsed "$t") s"
fi
