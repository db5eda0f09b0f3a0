#!/bin/sh
# A real OpenDaylight (Neon: odlparent 4.0.9 / Karaf 4.2.2, netvirt 0.8.0 'odl-netvirt-openstack') for dovs' tests,
# benchmarks and demos, assembled from public packages and kept under a cache directory.
#
#   scripts/odl.sh fetch    download and assemble everything (idempotent; the only step that needs the network)
#   scripts/odl.sh start    fetch if needed, start from a clean datastore, wait until /diagstatus is ACTIVE
#   scripts/odl.sh stop     stop the controller this script started (by its process id), wait until it is gone
#   scripts/odl.sh status   'running <pid> ready|starting' or 'stopped' (exit 0 when ready, 3 when stopped, 1 otherwise)
#   scripts/odl.sh log      print the path of the Karaf log
#
# What it assembles (see docs/odl.md):
# - a Java 11 runtime: Debian bullseye's openjdk-11-jre-headless, fetched with a private apt configuration (the
#   host's apt state is not touched; the mirror is the one the host's apt sources name) and unpacked with dpkg -x;
# - org.opendaylight.odlparent:opendaylight-karaf-empty:4.0.9 (the bare Karaf of Neon) from Maven Central;
# - the odl-netvirt-openstack 0.8.0 feature and everything it needs, resolved from Maven Central by Karaf itself on
#   the first start into the instance's system/ folder, and read from there only afterwards (offline);
# - dovs' own stand-ins for the three artifacts Central lacks: a minimal org.opendaylight.netvirt.alarm bundle
#   (scripts/odl/alarm), an empty com.bea.xml:jsr173-ri:1.0 placeholder (the JDK has StAX) and leveldbjni-all 1.8
#   installed as 1.8-odl;
# - genius ITM with def-tz-enabled=false (scripts/odl/genius-itm-config.xml).
#
# Environment: DOVS_ODL_CACHE (default /var/cache/dovs/odl), DOVS_ODL_HEAP (default 2048m),
# DOVS_ODL_READY_TIMEOUT seconds (default 1200; 1800 for the first, downloading, start).
# Ports: 8181 (RESTCONF, bound to 127.0.0.1), 6640 (OVSDB) and 6653/6633 (OpenFlow) on all addresses (nodes reach
# them through their lab's management gateway), 8101 (ssh), 1099/44444 (JMX), 2550 (akka) on 127.0.0.1.
set -eu
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd -P)
CACHE=${DOVS_ODL_CACHE:-/var/cache/dovs/odl}
HEAP=${DOVS_ODL_HEAP:-2048m}
KARAF_VERSION_DIR=opendaylight-karaf-empty-4.0.9
KARAF=$CACHE/karaf
JRE=$CACHE/jre/usr/lib/jvm/java-11-openjdk-amd64
M2=$CACHE/m2
RUN=$CACHE/run
PIDFILE=$RUN/odl.pid
# Karaf fetches the features from the repository Maven itself defaults to (its super POM's "central"), or from
# DOVS_MAVEN_REPOSITORY; set lazily by central() so that commands that fetch nothing need no Maven.
CENTRAL=${DOVS_MAVEN_REPOSITORY:-}
central() {
  [ -n "$CENTRAL" ] && return 0
  lib=$(dirname "$(readlink -f "$(command -v mvn)")")/../lib
  tmp=$(mktemp -d)
  for j in "$lib"/maven-model-builder*.jar; do
    (cd "$tmp" && jar xf "$j" org/apache/maven/model/pom-4.0.0.xml) 2>/dev/null && break
  done
  CENTRAL=$(sed -n '/<repository>/,/<\/repository>/s:.*<url>\(.*\)</url>.*:\1:p' \
    "$tmp/org/apache/maven/model/pom-4.0.0.xml" 2>/dev/null | head -n 1)
  rm -rf "$tmp"
  [ -n "$CENTRAL" ] || die "cannot find Maven's default repository (set DOVS_MAVEN_REPOSITORY)"
}
NETVIRT_FEATURES=mvn:org.opendaylight.netvirt/odl-netvirt-openstack/0.8.0/xml/features
log() { echo "odl: $*" >&2; }
die() { echo "odl: error: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (the cache lives under /var/cache)"

# --- the Java 11 runtime ----------------------------------------------------------------------------------------
host_uri() { # $1 = 'main' or 'security': the Debian archive URI the host's apt sources name
  for f in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list; do
    [ -f "$f" ] || continue
    case $f in
      *.sources) uris=$(sed -n 's/^URIs:[[:space:]]*//p' "$f" | tr ' ' '\n') ;;
      *) uris=$(sed -n 's/^deb[[:space:]]\{1,\}\(\[[^]]*\][[:space:]]\{1,\}\)\{0,1\}\([^[:space:]]*\).*/\2/p' "$f") ;;
    esac
    for u in $uris; do
      case "$1:$u" in
        security:*security*) echo "$u"; return 0 ;;
        main:*security*) ;;
        main:*) echo "$u"; return 0 ;;
      esac
    done
  done
  return 1
}

fetch_jre() {
  [ -x "$JRE/bin/java" ] && return 0
  main=$(host_uri main) || die "no Debian mirror in the host's apt sources"
  sec=$(host_uri security) || sec=$(echo "$main" | sed 's#/debian/*$#/debian-security#')
  apt=$CACHE/apt
  mkdir -p "$apt/etc" "$apt/lists/partial" "$apt/cache/archives/partial"
  kr=/usr/share/keyrings/debian-archive-keyring.gpg
  cat >"$apt/etc/sources.list" <<EOF
deb [signed-by=$kr] $main bullseye main
deb [signed-by=$kr] $sec bullseye-security main
EOF
  set -- -o Dir::Etc::SourceList="$apt/etc/sources.list" -o Dir::Etc::SourceParts=/dev/null \
    -o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache" -o Dir::State::status=/dev/null \
    -o APT::Sandbox::User=root
  log "fetching openjdk-11-jre-headless from bullseye ($main)"
  apt-get "$@" update -qq || die "apt-get update (bullseye, private configuration) failed"
  (cd "$apt/cache" && rm -f openjdk-11-jre-headless_*.deb && apt-get "$@" download -qq openjdk-11-jre-headless) \
    || die "could not download openjdk-11-jre-headless"
  rm -rf "$CACHE/jre.tmp" && mkdir -p "$CACHE/jre.tmp"
  dpkg -x "$apt"/cache/openjdk-11-jre-headless_*.deb "$CACHE/jre.tmp"
  # The package points some files at /etc/java-11-openjdk (its conffiles): re-point them into the unpacked tree.
  find "$CACHE/jre.tmp" -type l | while read -r l; do
    t=$(readlink "$l")
    case $t in
      /etc/java-11-openjdk/*) [ -e "$CACHE/jre.tmp$t" ] && ln -sfn "$CACHE/jre$t" "$l" ;;
    esac
  done
  rm -rf "$CACHE/jre" && mv "$CACHE/jre.tmp" "$CACHE/jre"
  "$JRE/bin/java" -version 2>&1 | head -1 | sed 's/^/odl: /' >&2 || die "the unpacked Java 11 does not run"
}

# --- Karaf, the stand-ins, the configuration ------------------------------------------------------------------
mvn_get() { # $1 = groupId:artifactId:version[:packaging[:classifier]]; prints the local path
  mvn -B -q dependency:get -Dmaven.repo.local="$M2" -Dtransitive=false -Dartifact="$1" >&2 \
    || die "could not fetch $1 from Maven Central"
}

# Install $2 into the instance's system/ folder (Maven layout) as group $1 artifact $3 version $4.
to_system() {
  d=$KARAF/system/$(echo "$1" | tr . /)/$3/$4
  mkdir -p "$d" && cp "$2" "$d/$3-$4.jar"
}

fetch_karaf() {
  [ -f "$KARAF/.dovs-assembled" ] && return 0
  command -v mvn >/dev/null || die "mvn is missing (scripts/setup-host.sh installs it)"
  mvn_get org.opendaylight.odlparent:opendaylight-karaf-empty:4.0.9:tar.gz
  mvn_get org.fusesource.leveldbjni:leveldbjni-all:1.8
  rm -rf "$CACHE/karaf.tmp" && mkdir -p "$CACHE/karaf.tmp"
  tar xzf "$M2/org/opendaylight/odlparent/opendaylight-karaf-empty/4.0.9/opendaylight-karaf-empty-4.0.9.tar.gz" \
    -C "$CACHE/karaf.tmp"
  rm -rf "$KARAF" && mv "$CACHE/karaf.tmp/$KARAF_VERSION_DIR" "$KARAF" && rm -rf "$CACHE/karaf.tmp"

  # The stand-ins (see the header).
  b=$CACHE/build && rm -rf "$b" && mkdir -p "$b/classes" "$b/empty"
  javac --release 8 -nowarn -d "$b/classes" "$ROOT/scripts/odl/alarm/org/opendaylight/netvirt/alarm/NeutronvpnAlarms.java" \
    || die "could not build the alarm-impl stand-in"
  jar cfm "$b/alarm-impl.jar" "$ROOT/scripts/odl/alarm/MANIFEST.MF" -C "$b/classes" .
  jar cf "$b/jsr173-ri.jar" -C "$b/empty" .
  to_system org.opendaylight.netvirt "$b/alarm-impl.jar" alarm-impl 0.8.0
  to_system com.bea.xml "$b/jsr173-ri.jar" jsr173-ri 1.0
  to_system org.fusesource.leveldbjni "$M2/org/fusesource/leveldbjni/leveldbjni-all/1.8/leveldbjni-all-1.8.jar" \
    leveldbjni-all 1.8-odl

  etc=$KARAF/etc
  # Boot the netvirt OpenStack feature along with the base feature of the empty distribution.
  sed -i "s#^featuresRepositories *=.*#&, $NETVIRT_FEATURES#" "$etc/org.apache.karaf.features.cfg"
  sed -i "s#^featuresBoot *=.*#&, odl-netvirt-openstack#" "$etc/org.apache.karaf.features.cfg"
  # Bundles are resolved into system/ (from Central only while fetching; see online/offline below).
  sed -i '/^org.ops4j.pax.url.mvn.localRepository=/d' "$etc/org.ops4j.pax.url.mvn.cfg"
  echo 'org.ops4j.pax.url.mvn.localRepository=${karaf.home}/${karaf.default.repository}' \
    >>"$etc/org.ops4j.pax.url.mvn.cfg"
  # Local-only listeners: ssh, JMX; RESTCONF on loopback (dovs talks to it from the host).
  sed -i 's/^sshHost *=.*/sshHost = 127.0.0.1/' "$etc/org.apache.karaf.shell.cfg"
  sed -i 's/^rmiRegistryHost *=.*/rmiRegistryHost = 127.0.0.1/; s/^rmiServerHost *=.*/rmiServerHost = 127.0.0.1/' \
    "$etc/org.apache.karaf.management.cfg"
  sed -i 's#<Property name="jetty.host"/>#127.0.0.1#' "$etc/jetty.xml"
  echo 'org.ops4j.pax.web.listening.addresses = 127.0.0.1' >>"$etc/org.ops4j.pax.web.cfg"
  mkdir -p "$etc/opendaylight/datastore/initial/config"
  cp "$ROOT/scripts/odl/genius-itm-config.xml" "$etc/opendaylight/datastore/initial/config/genius-itm-config.xml"
  touch "$KARAF/.dovs-assembled"
}

# Whether pax-url may go to Central: only until one boot has installed every feature (then system/ has it all).
set_repositories() {
  cfg=$KARAF/etc/org.ops4j.pax.url.mvn.cfg
  sed -i '/^org.ops4j.pax.url.mvn.repositories *=/,/[^\\]$/d' "$cfg"
  if [ "$1" = online ]; then
    central
    echo "org.ops4j.pax.url.mvn.repositories = $CENTRAL@id=central" >>"$cfg"
  else
    echo 'org.ops4j.pax.url.mvn.repositories =' >>"$cfg"
  fi
}

fetched() { [ -f "$KARAF/.dovs-fetched" ]; }

# --- run --------------------------------------------------------------------------------------------------------
# The pid file holds the id of the session that runs Karaf (its launcher script and the java process).
alive() { pgrep -s "$1" >/dev/null 2>&1; }
pid() { [ -f "$PIDFILE" ] && p=$(cat "$PIDFILE") && [ -n "$p" ] && alive "$p" && echo "$p"; }

ready() {
  out=$(curl -s -m 5 -u admin:admin http://127.0.0.1:8181/diagstatus 2>/dev/null) || return 1
  echo "$out" | grep -q '"systemReadyState" *: *"ACTIVE"'
}

ports_free() {
  for p in 8181 6640 6653 6633 8101 2550 1099 44444; do
    if ss -Hltn "sport = :$p" 2>/dev/null | grep -q .; then
      die "port $p is in use (another ODL, or the fake ODL of OdlIT/FakeOdlProcessIT?): $(ss -Hltnp "sport = :$p" | head -1)"
    fi
  done
}

start() {
  if p=$(pid); then
    ready && { log "already running (pid $p) and ready"; return 0; }
    die "already running (pid $p) but not ready; 'scripts/odl.sh stop' first"
  fi
  fetch_jre
  fetch_karaf
  ports_free
  if fetched; then set_repositories offline; timeout=${DOVS_ODL_READY_TIMEOUT:-1200}
  else set_repositories online; timeout=${DOVS_ODL_READY_TIMEOUT:-1800}; log "first start: Karaf fetches the netvirt features from Maven Central (several minutes)"; fi
  # A clean start: no datastore journal/snapshots, no bundle cache.
  rm -rf "$KARAF/data" "$KARAF/journal" "$KARAF/snapshots" "$KARAF/instances"
  mkdir -p "$RUN" "$KARAF/data/log"
  t0=$(date +%s)
  (
    cd "$KARAF"
    export JAVA_HOME="$JRE" JAVA_MAX_MEM="$HEAP" JAVA_MIN_MEM=512m
    export EXTRA_JAVA_OPTS="-Djava.net.preferIPv4Stack=true"
    exec setsid "$KARAF/bin/karaf" server </dev/null >"$RUN/karaf.out" 2>&1
  ) &
  echo $! >"$PIDFILE"
  log "started pid $(cat "$PIDFILE"); waiting for /diagstatus ACTIVE (up to ${timeout}s)"
  while ! ready; do
    if ! pid >/dev/null; then tail -20 "$RUN/karaf.out" >&2; die "ODL exited during start-up (see $KARAF/data/log/karaf.log)"; fi
    [ $(( $(date +%s) - t0 )) -lt "$timeout" ] || { stop; die "ODL not ready after ${timeout}s (see $KARAF/data/log/karaf.log)"; }
    sleep 2
  done
  if ! fetched; then touch "$KARAF/.dovs-fetched"; set_repositories offline; fi
  log "ready in $(( $(date +%s) - t0 ))s (pid $(cat "$PIDFILE"))"
}

stop() {
  p=$(pid) || p=""
  if [ -z "$p" ] && [ -f "$PIDFILE" ]; then p=$(cat "$PIDFILE"); fi
  if [ -z "$p" ] || ! alive "$p"; then rm -f "$PIDFILE"; log "not running"; return 0; fi
  log "stopping pid $p"
  # bin/karaf runs java as its child in the session setsid made (session id = the pid): signal that process group.
  kill -TERM "-$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null || true
  i=0
  while alive "$p"; do
    i=$((i + 1))
    if [ $i -eq 20 ]; then log "still running after 20s: killing (the next start wipes the datastore anyway)"; kill -KILL "-$p" 2>/dev/null || true; fi
    [ $i -le 40 ] || die "pid $p did not exit"
    sleep 1
  done
  rm -f "$PIDFILE"
  log "stopped"
}

status() {
  if p=$(pid); then
    if ready; then echo "running $p ready"; return 0; fi
    echo "running $p starting"; return 1
  fi
  echo "stopped"; return 3
}

case "${1:-}" in
  fetch) fetch_jre; fetch_karaf
         if ! fetched; then
           pid >/dev/null && die "an ODL started from this cache is running but has never been ready: stop it first"
           start; stop
         fi
         log "cache ready: $CACHE ($(du -sh "$CACHE" | cut -f1))" ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  log) echo "$KARAF/data/log/karaf.log" ;;
  *) echo "usage: scripts/odl.sh fetch|start|stop|status|log" >&2; exit 2 ;;
esac
