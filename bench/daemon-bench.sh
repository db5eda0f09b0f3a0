#!/bin/sh
# The background engine and the thin client against the JVM floor, today's embedded command and a shell script:
# prints numbers, asserts nothing. Run as root on a prepared host (scripts/setup-host.sh), after a build.
# Uses its own labs (dbench, dbsh, dbl1-3) and state dir; cleans up after itself. N (7): runs a median is taken of;
# GUESTS (20); ROUNDS (1): rounds of the 1 node + GUESTS section, each paired with the script, then their median.
set -u
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd -P)
DOVS="$ROOT/dovs-cli/src/main/dist/bin/dovs"
IMAGE=dovs/node:latest
export DOVS_STATE_DIR=$(mktemp -d /tmp/dovs-dbench-XXXXXX)
export DOVS_LAB=dbench
unset DOVS_NO_DAEMON
N=${N:-7}
GUESTS=${GUESTS:-20}
ROUNDS=${ROUNDS:-1}   # rounds of the 1 node + GUESTS guests section, each paired with the script

. "$ROOT/bench/lib.sh"   # now, elapsed, median, ratio, ready, shell_lab
# times N runs of a command (output discarded) and prints the median wall seconds
timed() { : > /tmp/db.t; for i in $(seq "$N"); do t=$(now); "$@" >/dev/null 2>&1; elapsed "$t" >> /tmp/db.t; echo >> /tmp/db.t; done; grep . /tmp/db.t | median; }
awaitsock() { for i in $(seq 600); do [ -S "$DOVS_STATE_DIR/engine.d/engine.sock" ] && return 0; sleep 0.05; done; }
# median CPU seconds (user+sys) of N runs: what a command costs whatever the host's load
cpu() { : > /tmp/db.c; for i in $(seq "$N"); do /usr/bin/time -f "%U %S" -a -o /tmp/db.c "$@" >/dev/null 2>&1; done; awk '{print $1 + $2}' /tmp/db.c | median; }
enginepid() { cat "$DOVS_STATE_DIR/engine.d/engine.lock" 2>/dev/null; }
rss() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
cleanup() {
  for l in dbench dbl1 dbl2 dbl3; do DOVS_NO_DAEMON=1 "$DOVS" --lab $l clean -q >/dev/null 2>&1; done
  "$DOVS" engine stop >/dev/null 2>&1
  shell_lab_rm dsh
}
trap 'cleanup; rm -rf "$DOVS_STATE_DIR"' EXIT
cleanup
DOVS_NO_DAEMON=1 "$DOVS" --version >/dev/null   # trains the CDS archive once, outside the measurements

echo "== host: $(nproc) cores, $(uptime | sed 's/.*load average/load average/'); n=$N, median wall seconds"
FLOOR=$(timed java -version)
echo "JVM floor, java -version:                                   $FLOOR"
for j in /usr/lib/jvm/temurin-2[5-9]-*/bin/java /usr/lib/jvm/java-2[5-9]-openjdk-*/bin/java; do [ -x "$j" ] && CJ=$j; done
[ -n "${CJ:-}" ] && echo "JVM floor of the thin client's JDK, $CJ -version: $(timed "$CJ" -version)"

echo "== first command with no engine running"
DOVS_NO_DAEMON=1 "$DOVS" clean -q >/dev/null 2>&1                 # the lab exists, empty
# Paired rounds, each with no engine process left (engine stop returns once it has exited) and a second of rest:
# the embedded command, then the same command starting the engine. The engine it starts is up before the next round.
: > /tmp/db.e; : > /tmp/db.t; : > /tmp/db.r
for i in $(seq "$N"); do
  "$DOVS" engine stop >/dev/null 2>&1; sleep 1
  t=$(now); DOVS_NO_DAEMON=1 "$DOVS" info >/dev/null; e=$(elapsed "$t"); echo "$e" >> /tmp/db.e
  sleep 1
  t=$(now); "$DOVS" info >/dev/null; f=$(elapsed "$t"); echo "$f" >> /tmp/db.t
  ratio "$f" "$e" >> /tmp/db.r; echo >> /tmp/db.r
  awaitsock; sleep 1
done
EMB=$(median < /tmp/db.e)
FIRST=$(median < /tmp/db.t)
echo "dovs info, embedded (DOVS_NO_DAEMON=1, today's command):     $EMB"
echo "dovs info, no engine yet (starts the background engine):     $FIRST   ratio $(ratio "$FIRST" "$EMB"), median of the paired ratios $(grep . /tmp/db.r | median) (target <= 1)"

echo "== warm engine"
awaitsock; "$DOVS" info >/dev/null; "$DOVS" --version >/dev/null
INFO=$(timed "$DOVS" info)
echo "dovs info:                                                   $INFO   (target <= 0.15; floor $FLOOR)"
echo "dovs --version:                                              $(timed "$DOVS" --version)"
echo "CPU seconds (user+sys), java -version:                       $(cpu java -version)"
echo "CPU seconds (user+sys), dovs info (thin client only):        $(cpu "$DOVS" info)"
echo "CPU seconds (user+sys), dovs info embedded:                  $(cpu env DOVS_NO_DAEMON=1 "$DOVS" info)"
"$DOVS" add-node --name n1 -q
: > /tmp/db.t
for i in $(seq "$N"); do t=$(now); "$DOVS" add-guest --name w$i --ip 10.6.0.$i/24 --node n1 -q; elapsed "$t" >> /tmp/db.t; echo >> /tmp/db.t; done
echo "dovs add-guest (waits for the outcome):                      $(grep . /tmp/db.t | median)   (target <= 0.25)"
: > /tmp/db.t
for i in $(seq "$N"); do t=$(now); ID=$("$DOVS" add-guest --name d$i --ip 10.6.1.$i/24 --node n1 -q --detach); elapsed "$t" >> /tmp/db.t; echo >> /tmp/db.t; done
"$DOVS" wait -q "$ID" >/dev/null
echo "dovs add-guest --detach:                                     $(grep . /tmp/db.t | median)   (target <= 0.12)"
: > /tmp/db.t
for i in $(seq "$N"); do /usr/bin/time -f %M "$DOVS" info 2>>/tmp/db.t >/dev/null; done
echo "thin client peak RSS (MB, max of $N, /usr/bin/time):          $(sort -n /tmp/db.t | tail -1 | awk '{printf "%.0f", $1/1024}')   (target <= 50)"
"$DOVS" clean -q

echo "== 1 node + $GUESTS guests, one command at a time (wall seconds; $ROUNDS round(s), each paired with the script)"
: > /tmp/db.rw; : > /tmp/db.rd
for r in $(seq "$ROUNDS"); do
  t=$(now)
  "$DOVS" add-node --name n1 -q
  for g in $(seq "$GUESTS"); do "$DOVS" add-guest --name g$g --ip 10.8.0.$g/24 --node n1 -q; done
  DAEMON=$(elapsed "$t")
  "$DOVS" clean -q
  t=$(now)
  "$DOVS" add-node --name n1 -q --detach >/dev/null
  for g in $(seq "$GUESTS"); do ID=$("$DOVS" add-guest --name g$g --ip 10.8.0.$g/24 --node n1 -q --detach); done
  "$DOVS" wait -q "$ID" >/dev/null
  DETACH=$(elapsed "$t")
  "$DOVS" clean -q
  t=$(now)
  shell_lab dsh "$GUESTS"
  SCRIPT=$(elapsed "$t")
  shell_lab_rm dsh
  ratio "$DAEMON" "$SCRIPT" >> /tmp/db.rw; echo >> /tmp/db.rw
  ratio "$DETACH" "$SCRIPT" >> /tmp/db.rd; echo >> /tmp/db.rd
  [ "$ROUNDS" -gt 1 ] && echo "round $r: each waiting $DAEMON, all detached $DETACH, script $SCRIPT: ratios $(ratio "$DAEMON" "$SCRIPT"), $(ratio "$DETACH" "$SCRIPT")"
done
cleanup
if [ "$ROUNDS" -gt 1 ]; then
  echo "median of the $ROUNDS paired ratios: each waiting $(grep . /tmp/db.rw | median) (target <= 0.5), all detached $(grep . /tmp/db.rd | median)"
else
  echo "dovs, one command at a time, each waiting (background engine): $DAEMON   ratio to the script $(ratio "$DAEMON" "$SCRIPT") (target <= 0.5)"
  echo "dovs, all with --detach, then wait:                            $DETACH   ratio $(ratio "$DETACH" "$SCRIPT")"
  echo "shell script (docker, ip, ovs-vsctl; the original's approach): $SCRIPT"
fi

echo "== idle engine memory"
"$DOVS" engine stop >/dev/null 2>&1
for l in dbl1 dbl2 dbl3; do "$DOVS" --lab $l clean -q; done   # each lab's log and engine open
sleep 5
P=$(enginepid)
echo "background engine RSS, 3 labs open, idle 5 s (MB):           $(rss "$P")   (target <= 150)"
"$DOVS" engine status | sed 's/^/  /'
