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
# Both daemons initialise OpenSSL (ovsdb-server for its SSL settings, ovs-vswitchd on its first UUID) even though no
# SSL remote exists. Done after the fork, that keeps about 1.4 MB of libcrypto resident in each (issue 11). An option
# that makes a daemon initialise it while it parses its options, before --detach forks, saves that: the child does
# not count the pages its parent touched. ovs-vswitchd: --ssl-protocols with OVS's default value (no change).
# ovsdb-server: --peer-ca-cert, the only such option it has; it must read a certificate, so the entrypoint carries a
# self-signed one whose key was thrown away. It would only be sent to an SSL peer, and the nodes configure no SSL.
SSL_PROTOCOLS=TLSv1,TLSv1.1,TLSv1.2
PLACEHOLDER_CERT=/etc/openvswitch/dovs-placeholder-cert.pem
[ -f "$PLACEHOLDER_CERT" ] || printf '%s\n' \
'-----BEGIN CERTIFICATE-----' \
'MIIBxjCCAW2gAwIBAgIUKvk2BvcDIWazXH9CDabsvGVnuL0wCgYIKoZIzj0EAwIw' \
'ODE2MDQGA1UEAwwtZG92cyBub2RlOiBwbGFjZWhvbGRlciwgbm8gU1NMIHJlbW90' \
'ZSB1c2VzIGl0MCAXDTI2MTEzMDE1NDEwMVoYDzIxMjYxMTA2MTU0MTAxWjA4MTYw' \
'NAYDVQQDDC1kb3ZzIG5vZGU6IHBsYWNlaG9sZGVyLCBubyBTU0wgcmVtb3RlIHVz' \
'ZXMgaXQwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAATkmZsE0UufzyZ1i9pg8Qcl' \
'ZtxE1PmMkPi+rlTQc6Pm0XoI7O8ZkiBboAlD9zgCF9svy3kt1hazXyIDTDdkrL4P' \
'o1MwUTAdBgNVHQ4EFgQUSfiyzWR9Bu1IzDsol+4afpa1HGUwHwYDVR0jBBgwFoAU' \
'SfiyzWR9Bu1IzDsol+4afpa1HGUwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQD' \
'AgNHADBEAiA6ddzvGDlwo75qA8Y9nRdgoZVNhOWt+9TXSQpz6yv9HgIgGsicCBgf' \
'3IbLcD1QuWrSD4dExcKzuEIIyCzWbOe3Vc4=' \
'-----END CERTIFICATE-----' > "$PLACEHOLDER_CERT"
# manager_options: 'ovs-vsctl set-manager' (ODL's OVSDB southbound) only takes effect through this remote.
ovsdb-server "$DB" --remote=punix:$RUN/db.sock \
    --remote=db:Open_vSwitch,Open_vSwitch,manager_options --peer-ca-cert="$PLACEHOLDER_CERT" \
    --pidfile --log-file=/var/log/openvswitch/ovsdb-server.log --detach
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
ovs-vswitchd unix:$RUN/db.sock --ssl-protocols=$SSL_PROTOCOLS \
    --pidfile --log-file=/var/log/openvswitch/ovs-vswitchd.log --detach 3>"$ALIVE"
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
