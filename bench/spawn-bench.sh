#!/bin/sh
# Overlay benchmark: prints numbers, asserts nothing. Run as root on a prepared host.
#   (a) docker alone starting NODES node containers in parallel until their OVS is ready
#   (b) a shell script doing the same lab one command at a time (docker exec / ip / ovs-vsctl, as the original did)
#   (c) dovs spawn --nodes NODES --guests GUESTS --nets 2 --routed, then dovs check
#   (d) move-guest traffic gap (10 ms pings) and check time
set -u
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd -P)
DOVS="$ROOT/dovs-cli/src/main/dist/bin/dovs"
IMAGE=dovs/node:latest
NODES=${NODES:-10}
GUESTS=${GUESTS:-10}
SKIP_SHELL=${SKIP_SHELL:-0}
export DOVS_STATE_DIR=$(mktemp -d /tmp/dovs-sbench-XXXXXX)
export DOVS_LAB=sbench

ELAPSED_DECIMALS=2
. "$ROOT/bench/lib.sh"   # now, elapsed (2 decimals), pid_of, ready
cleanup() {
  "$DOVS" clean -q >/dev/null 2>&1
  for c in $(docker ps -aq --filter label=sbench-shell=1); do docker rm -f "$c" >/dev/null; done
  for ns in $(ip netns list | awk '/^sb-/{print $1}'); do ip netns del "$ns"; done
  docker network rm sb-net >/dev/null 2>&1; true
}
trap 'cleanup; rm -rf "$DOVS_STATE_DIR"' EXIT
cleanup
"$DOVS" --version >/dev/null
echo "== host: $(nproc) cores, $(uptime | sed 's/.*load average/load average/'); $NODES nodes x $GUESTS guests, 2 nets, routed"

# (a) docker alone
docker network create --internal sb-net >/dev/null
t=$(now)
for n in $(seq "$NODES"); do
  docker run -d --name sb-raw-$n --label sbench-shell=1 --cap-add NET_ADMIN --device /dev/net/tun --network sb-net "$IMAGE" >/dev/null &
done
wait
for n in $(seq "$NODES"); do ready sb-raw-$n; done
DOCKER_T=$(elapsed "$t")
echo "(a) docker alone, $NODES containers in parallel until OVS ready: $DOCKER_T s"
cleanup

# (b) the original's approach, one command at a time
if [ "$SKIP_SHELL" != 1 ]; then
t=$(now)
docker network create --internal sb-net >/dev/null
for n in $(seq "$NODES"); do
  docker run -d --name sb-n$n --label sbench-shell=1 --cap-add NET_ADMIN --device /dev/net/tun --network sb-net "$IMAGE" >/dev/null
  ready sb-n$n
  docker exec sb-n$n ovs-vsctl add-br br-int -- set bridge br-int datapath_type=netdev
done
for n in $(seq "$NODES"); do   # underlay on br-phy, as userspace VXLAN needs
  IP=$(docker inspect -f '{{(index .NetworkSettings.Networks "sb-net").IPAddress}}/{{(index .NetworkSettings.Networks "sb-net").IPPrefixLen}}' sb-n$n)
  MAC=$(docker inspect -f '{{(index .NetworkSettings.Networks "sb-net").MacAddress}}' sb-n$n)
  docker exec sb-n$n ovs-vsctl add-br br-phy -- set bridge br-phy datapath_type=netdev other_config:hwaddr=\"$MAC\" -- add-port br-phy eth0
  docker exec sb-n$n ip addr flush dev eth0
  docker exec sb-n$n ip addr add "$IP" dev br-phy
  docker exec sb-n$n ip link set br-phy up
  printf 'table netdev sb { chain in { type filter hook ingress device "eth0" priority 0; policy drop; }; }\n' | docker exec -i sb-n$n nft -f -
done
for n in $(seq "$NODES"); do
  for m in $(seq "$NODES"); do
    [ "$n" = "$m" ] && continue
    RIP=$(docker inspect -f '{{(index .NetworkSettings.Networks "sb-net").IPAddress}}' sb-n$m)
    for k in 1 2; do
      docker exec sb-n$n ovs-vsctl add-port br-int vx$k-$m -- set interface vx$k-$m type=vxlan options:remote_ip=$RIP options:key=$((1000+k)) -- set port vx$k-$m tag=$((100+k)) protected=true
    done
  done
done
ip netns add sb-r
ip netns exec sb-r sysctl -q -w net.ipv4.ip_forward=1
for k in 1 2; do
  SUB=$(( k % 2 ))
  ip netns exec sb-r ip link add qr$k type veth peer name sbqr$k
  ip netns exec sb-r ip link set sbqr$k netns "$(pid_of sb-n1)"
  docker exec sb-n1 ip link set sbqr$k up
  ip netns exec sb-r ip addr add 10.0.$SUB.254/24 dev qr$k
  ip netns exec sb-r ip link set qr$k up
  ip netns exec sb-r ethtool -K qr$k tx off >/dev/null
  docker exec sb-n1 ovs-vsctl add-port br-int sbqr$k -- set port sbqr$k tag=$((100+k))
done
c=0; h1=0; h2=0
for n in $(seq "$NODES"); do
  for g in $(seq "$GUESTS"); do
    k=$(( c % 2 + 1 )); SUB=$(( k % 2 ))
    if [ $k = 1 ]; then h1=$((h1+1)); H=$h1; else h2=$((h2+1)); H=$h2; fi
    ns=sb-$n-$g; tap=sbt$n-$g
    ip netns add $ns
    ip netns exec $ns ip link add eth0 mtu 1450 type veth peer name $tap mtu 1450
    ip netns exec $ns ip addr add 10.0.$SUB.$H/24 dev eth0
    ip netns exec $ns ip link set $tap netns "$(pid_of sb-n$n)"
    docker exec sb-n$n ip link set $tap up
    ip netns exec $ns ip link set eth0 up
    ip netns exec $ns ip link set lo up
    ip netns exec $ns ip route add default via 10.0.$SUB.254
    ip netns exec $ns ethtool -K eth0 tx off >/dev/null
    docker exec sb-n$n ovs-vsctl add-port br-int $tap -- set interface $tap external_ids:iface-id=$ns -- set port $tap tag=$((100+k))
    c=$((c+1))
  done
done
SHELL_T=$(elapsed "$t")
echo "(b) shell script, one command at a time: $SHELL_T s"
ip netns exec sb-1-1 ping -c 2 -W 2 10.0.1.$(( (NODES*GUESTS+1)/2 )) >/dev/null && echo "    (shell lab works: routed ping across nodes ok)" || echo "    (shell lab: routed ping FAILED)"
cleanup
fi

# (c) dovs
t=$(now)
"$DOVS" spawn --nodes "$NODES" --guests "$GUESTS" --nets 2 --routed -q || echo "spawn FAILED"
DOVS_T=$(elapsed "$t")
echo "(c) dovs spawn (CLI wall, JVM start included): $DOVS_T s"
t=$(now)
"$DOVS" check --json > /tmp/sbench-check.json; rc=$?
echo "    dovs check of $((NODES*GUESTS)) guests: $(elapsed "$t") s wall, exit $rc, $(python3 -c 'import json;d=json.load(open("/tmp/sbench-check.json"));print(d["pairs"],"pairs,",d["mismatches"],"mismatches")')"
echo "    ready and checked: $(echo "$DOVS_T $DOCKER_T" | awk '{printf "dovs spawn - docker alone = %+.2f s", $1-$2}')"
[ "$SKIP_SHELL" != 1 ] && echo "    $(echo "$SHELL_T $DOVS_T" | awk '{printf "shell / dovs = %.1fx", $1/$2}')"

# (d) move-guest gap: ping node-1-guest-1 from node-2-guest-1 (same net dovs-net-1) every 10 ms during a move
echo "(d) move-guest: $(move_gap "$DOVS_LAB" /tmp/sbench-check.json)"
t=$(now); "$DOVS" check -q >/dev/null 2>&1 || "$DOVS" check >/dev/null 2>&1; echo "    check after move: exit $?, $(elapsed "$t") s"
t=$(now); "$DOVS" clean -q; echo "    dovs clean: $(elapsed "$t") s"
