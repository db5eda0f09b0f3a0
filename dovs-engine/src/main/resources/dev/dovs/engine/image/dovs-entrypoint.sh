#!/bin/sh
# Entrypoint of a dovs node container: starts ovsdb-server and ovs-vswitchd (userspace datapath), then signals
# readiness with /run/openvswitch/dovs-ready. dovs configures bridges from the host through the db socket.
# The container lives as long as ovs-vswitchd. It holds the write end of a FIFO whose reader is a forked copy of this
# shell: the read ends when ovs-vswitchd exits, whatever the cause. No sleep loop stays resident (issue 11: each
# process counts in a node's memory); the daemons are started with --detach, as forks, the cheapest way.
set -e
RUN=/run/openvswitch
mkdir -p "$RUN" /var/log/openvswitch /var/lib/openvswitch /etc/openvswitch
DB=/var/lib/openvswitch/conf.db
[ -f "$DB" ] || ovsdb-tool create "$DB" /usr/share/openvswitch/vswitch.ovsschema
# manager_options: 'ovs-vsctl set-manager' (ODL's OVSDB southbound) only takes effect through this remote.
ovsdb-server "$DB" --remote=punix:$RUN/db.sock --remote=db:Open_vSwitch,Open_vSwitch,manager_options --pidfile --log-file=/var/log/openvswitch/ovsdb-server.log --detach
ovs-vsctl --no-wait init
ovs-vsctl --no-wait set Open_vSwitch . external_ids:hostname="$(hostname)" \
    external_ids:system-id="${OVS_SYSTEM_ID:-$(hostname)}"
if [ -n "$OVS_OTHER_CONFIG" ]; then
  for kv in $OVS_OTHER_CONFIG; do ovs-vsctl --no-wait set Open_vSwitch . "other_config:$kv"; done
fi
ALIVE=$RUN/dovs-alive
rm -f "$ALIVE"
mkfifo "$ALIVE"
( read -r _ < "$ALIVE" ) &
WAITER=$!
ovs-vswitchd unix:$RUN/db.sock --pidfile --log-file=/var/log/openvswitch/ovs-vswitchd.log --detach 3>"$ALIVE"
if [ -n "$OVN_REMOTE" ]; then
  ovs-vsctl set Open_vSwitch . external_ids:ovn-remote="$OVN_REMOTE" \
      external_ids:ovn-encap-type="${OVN_ENCAP_TYPE:-geneve}" external_ids:ovn-encap-ip="${OVN_ENCAP_IP:?}" \
      external_ids:ovn-bridge-datapath-type=netdev
  mkdir -p /var/run/ovn /var/log/ovn
  ovn-controller unix:$RUN/db.sock --pidfile=/var/run/ovn/ovn-controller.pid \
      --log-file=/var/log/ovn/ovn-controller.log --detach
fi
touch $RUN/dovs-ready
echo "dovs node $(hostname) ready"
stop() {
  [ -f /var/run/ovn/ovn-controller.pid ] && ovn-appctl -t ovn-controller exit 2>/dev/null || true
  ovs-appctl -t ovs-vswitchd exit 2>/dev/null || true
  ovs-appctl -t ovsdb-server exit 2>/dev/null || true
  exit 0
}
trap stop TERM INT
wait "$WAITER"
echo "ovs-vswitchd exited" >&2
exit 1
