# Helpers every bench/*.sh sources (POSIX sh): timing, the median of a column of numbers, a node container's
# readiness, and the shell-script baseline bench.sh and daemon-bench.sh measure dovs against. They print; they assert
# nothing. Set ELAPSED_DECIMALS before sourcing for another precision than 3 decimals.

# wall clock, seconds with nanoseconds
now() { date +%s.%N; }
# seconds since $1 (a now), with ELAPSED_DECIMALS (default 3) decimals
elapsed() { echo "$(now) $1" | awk -v d="${ELAPSED_DECIMALS:-3}" '{printf "%." d "f", $1 - $2}'; }
# the median of the numbers on stdin, one a line
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }
# $1 / $2, 2 decimals
ratio() { echo "$1 $2" | awk '{printf "%.2f", $1 / $2}'; }
# the host pid of container $1
pid_of() { docker inspect -f '{{.State.Pid}}' "$1"; }
ready() { # wait until the node container's OVS is up (the same readiness dovs waits for)
  while :; do p=$(pid_of "$1" 2>/dev/null) && [ -e "/proc/$p/root/run/openvswitch/dovs-ready" ] && return 0; sleep 0.02; done
}

# The baseline: the original tool's approach as a shell script (docker, ip, ovs-vsctl), one node of $IMAGE and $2
# guests on 10.8.0.0/24, all named after the prefix $1: network $1-net, container $1-node, namespaces $1-gN, ports
# $1tapN. shell_lab_rm removes them again.
shell_lab() {
  docker network create --internal "$1-net" >/dev/null
  docker run -d --name "$1-node" --cap-add NET_ADMIN --device /dev/net/tun --network "$1-net" "$IMAGE" >/dev/null
  ready "$1-node"
  docker exec "$1-node" ovs-vsctl add-br br-int -- set bridge br-int datapath_type=netdev
  for g in $(seq "$2"); do
    ns=$1-g$g; tap=$1tap$g
    ip netns add $ns
    ip netns exec $ns ip link add eth0 type veth peer name $tap
    ip netns exec $ns ip addr add 10.8.0.$g/24 dev eth0
    ip netns exec $ns ip link set $tap netns "$(pid_of "$1-node")"
    docker exec "$1-node" ip link set $tap up
    ip netns exec $ns ip link set eth0 up
    ip netns exec $ns ip link set lo up
    ip netns exec $ns ethtool -K eth0 tx off >/dev/null
    docker exec "$1-node" ovs-vsctl add-port br-int $tap -- set interface $tap external_ids:iface-id=g$g
  done
}
shell_lab_rm() {
  for ns in $(ip netns list | awk -v p="^$1-" '$1 ~ p {print $1}'); do ip netns del "$ns"; done
  docker rm -f "$1-node" >/dev/null 2>&1; docker network rm "$1-net" >/dev/null 2>&1; true
}

# The move-guest traffic gap of a spawned lab: node-2-guest-1 pings node-1-guest-1 (its address read from the
# `dovs check --json` report in file $2) every 10 ms while node-1-guest-1 moves to dovs-node-3 (lab $1, $DOVS).
# Prints "CLI wall S s; traffic gap (largest interval between replies, 10 ms pings): G s"; the pings go to $2.ping.
move_gap() {
  dst=$(python3 -c 'import json,sys;d=json.load(open(sys.argv[1]));print([r["toIp"] for r in d["results"] if r["to"]=="node-1-guest-1"][0].split("/")[0])' "$2")
  ip netns exec "dovs$1-node-2-guest-1" ping -D -i 0.01 -W 1 "$dst" > "$2.ping" 2>&1 & pp=$!
  sleep 1
  t=$(now); "$DOVS" move-guest --name-guest node-1-guest-1 --name-dstnode dovs-node-3 -q; move_t=$(elapsed "$t")
  sleep 2; kill $pp
  python3 - "$move_t" "$2.ping" <<'PY'
import re, sys
ts = [float(m.group(1)) for m in re.finditer(r'^\[(\d+\.\d+)\].*icmp_seq', open(sys.argv[2]).read(), re.M)]
gaps = [b - a for a, b in zip(ts, ts[1:])]
print("CLI wall %s s; traffic gap (largest interval between replies, 10 ms pings): %.3f s" % (sys.argv[1], max(gaps) if gaps else -1))
PY
}
