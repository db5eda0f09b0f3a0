#!/bin/sh
# Prepares a Debian bookworm host for dovs, idempotently: packages, a running docker engine, the dovs build,
# /usr/local/bin/dovs, and the node image. Fails (exit non-zero) when a prerequisite cannot be had.
set -eu
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd -P)
log() { echo "setup: $*" >&2; }
die() { echo "setup: error: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (dovs manages containers, namespaces and OVS)"

# Host tools: docker engine, ovs-vsctl (talks to the nodes' OVS), iproute2/nsenter/ethtool for guests, nft for
# the nodes' underlay, arping for move announcements, fping for 'dovs check', debootstrap for the node image,
# nc for the TCP tests, a JDK 17+ and Maven for the build, ovn-nbctl/ovn-sbctl (ovn-common) for --ovn labs,
# Graphviz's dot for 'dovs graph --format svg', tc (iproute2) for 'dovs netem'.
need=""
for pair in dockerd:docker.io ovs-vsctl:openvswitch-switch debootstrap:debootstrap ip:iproute2 nsenter:util-linux \
            ethtool:ethtool ping:iputils-ping nc:netcat-openbsd mvn:maven javac:openjdk-17-jdk-headless \
            curl:curl nft:nftables fping:fping arping:iputils-arping sysctl:procps ovn-nbctl:ovn-common \
            dot:graphviz tc:iproute2; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || need="$need ${pair#*:}"
done
if [ -n "$need" ]; then
  log "installing$need"
  apt-get update -qq || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null || die "apt-get install$need failed"
fi

# Kernel limits a lab of a hundred guests outgrows (raised, never lowered; persisted in /etc/sysctl.d):
# - the IPv4 neighbour table is one table for all namespaces: 1,024 entries by default (gc_thresh3), while 100 guests
#   on two subnets hold ~5,000 (dovs check refuses rather than report overflowed pairs as unreachable);
# - the nodes' OVS reads its underlay and tap ports through AF_PACKET sockets whose receive buffer is
#   net.core.rmem_default (OVS sets none): 208 KiB overflows under a burst of ARP broadcasts on a busy host.
raise() { cur=$(sysctl -n "$1" 2>/dev/null) || return 0; [ "$cur" -ge "$2" ] || sysctl -q -w "$1=$2" || log "cannot raise $1"; }
raise net.ipv4.neigh.default.gc_thresh1 4096
raise net.ipv4.neigh.default.gc_thresh2 32768
raise net.ipv4.neigh.default.gc_thresh3 65536
raise net.core.rmem_max 4194304
raise net.core.rmem_default 4194304
if [ -d /etc/sysctl.d ] && [ ! -f /etc/sysctl.d/90-dovs.conf ]; then
  printf '%s\n' '# dovs: room for labs of hundreds of guests (scripts/setup-host.sh)' \
    'net.ipv4.neigh.default.gc_thresh1 = 4096' 'net.ipv4.neigh.default.gc_thresh2 = 32768' \
    'net.ipv4.neigh.default.gc_thresh3 = 65536' 'net.core.rmem_max = 4194304' 'net.core.rmem_default = 4194304' \
    > /etc/sysctl.d/90-dovs.conf
fi

# The host's own OVS daemons are not used (nodes run their own); no openvswitch kernel module is needed.
if ! curl -sf --unix-socket /var/run/docker.sock http://localhost/_ping >/dev/null 2>&1; then
  log "starting dockerd"
  if command -v systemctl >/dev/null 2>&1 && systemctl is-system-running >/dev/null 2>&1; then
    systemctl start docker || true
  fi
  if ! curl -sf --unix-socket /var/run/docker.sock http://localhost/_ping >/dev/null 2>&1; then
    nohup dockerd >/var/log/dovs-dockerd.log 2>&1 &
  fi
  i=0
  until curl -sf --unix-socket /var/run/docker.sock http://localhost/_ping >/dev/null 2>&1; do
    i=$((i + 1)); [ $i -le 120 ] || die "dockerd did not come up (see /var/log/dovs-dockerd.log)"
    sleep 0.5
  done
fi

if [ ! -f "$ROOT/dovs-cli/target/dovs.jar" ] || [ "${DOVS_REBUILD:-0}" = 1 ]; then
  log "building dovs"
  (cd "$ROOT" && mvn -B -q package -DskipTests) || die "build failed"
fi
ln -sf "$ROOT/dovs-cli/src/main/dist/bin/dovs" /usr/local/bin/dovs
# bash completion, generated from the command model (picocli AutoComplete); bash-completion loads it on demand.
mkdir -p /usr/share/bash-completion/completions
dovs completion > /usr/share/bash-completion/completions/dovs.tmp \
  && mv -f /usr/share/bash-completion/completions/dovs.tmp /usr/share/bash-completion/completions/dovs \
  || die "could not install the bash completion"
# 'dovs netem' needs the kernel's netem qdisc (a module on Debian's kernels; built in or absent elsewhere).
modprobe sch_netem 2>/dev/null || log "warning: no sch_netem kernel module: 'dovs netem' will fail on this host"

dovs image build --if-missing || die "could not build the node image"
# The image of an --ovn lab's OVN central (ovn-central: NB, SB, ovn-northd), made the same registry-free way.
dovs image build --ovn-central --if-missing || die "could not build the OVN central image"
log "ready: $(dovs --version)"
