#!/bin/sh
# Entrypoint of a dovs OVN central container: the OVN Northbound and Southbound ovsdb-servers (unix sockets in
# /run/ovn, TCP 6641 and 6642 on every address) and ovn-northd, started by the packaged ovn-ctl. Signals
# readiness with /run/openvswitch/dovs-ready, as node containers do, once both databases answer.
set -e
mkdir -p /run/openvswitch /run/ovn /var/log/ovn /var/lib/ovn /etc/ovn
/usr/share/ovn/scripts/ovn-ctl --db-nb-create-insecure-remote=yes --db-sb-create-insecure-remote=yes \
    --no-monitor start_northd
i=0
until ovn-nbctl --no-leader-only --timeout=2 show >/dev/null 2>&1 && ovn-sbctl --timeout=2 show >/dev/null 2>&1; do
  i=$((i + 1)); [ $i -le 100 ] || { echo "OVN databases did not come up" >&2; exit 1; }
  sleep 0.1
done
touch /run/openvswitch/dovs-ready
echo "dovs OVN central $(hostname) ready"
stop() {
  /usr/share/ovn/scripts/ovn-ctl stop_northd >/dev/null 2>&1 || true
  exit 0
}
trap stop TERM INT
while kill -0 "$(cat /run/ovn/ovn-northd.pid)" 2>/dev/null; do sleep 5 & wait $!; done
echo "ovn-northd exited" >&2
exit 1
