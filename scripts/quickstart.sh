#!/bin/sh
# Sets the host up, then builds seed example 1: one node, two guests on its br-int, and pings across.
set -eu
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd -P)
# The real OpenDaylight (only the tests and 'scripts/odl.sh' use it) is not fetched here: that is 630 MB and minutes.
DOVS_SKIP_ODL=${DOVS_SKIP_ODL:-1} "$ROOT/scripts/setup-host.sh"
dovs clean -q          # a re-run starts from the initial state (this is the default lab's own log and marks only)
dovs add-node --name node-1
dovs add-guest --name guest-1 --ip 10.0.0.1/24 --node node-1 -q
dovs add-guest --name guest-2 --ip 10.0.0.2/24 --node node-1
ip netns exec dovs-guest-1 ping -c 3 10.0.0.2
echo "The lab is up: try 'dovs info', 'dovs log', and 'dovs clean' when done."
