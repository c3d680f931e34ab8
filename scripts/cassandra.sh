#!/usr/bin/env bash
# One Apache Cassandra 5.0 node on loopback, for tests, benches and trying GCS_STORE=cql.
#
#   scripts/cassandra.sh fetch    fetch Cassandra (once) without starting it
#   scripts/cassandra.sh start    fetch (once), start, wait until CQL answers; last line CQL_PORT=<n>
#   scripts/cassandra.sh stop     stop it and wait until it has exited
#   scripts/cassandra.sh status   whether it runs; CQL_PORT=<n> when it does
#   scripts/cassandra.sh kill     SIGKILL, as abrupt as a crash (fault tests)
#
# Cassandra comes from Maven Central as `cassandra-all` with its dependencies (the binary
# tarball is not published there), fetched with mvn into GCS_CASSANDRA_HOME and reused. The
# node runs from those jars with the JVM options of Cassandra's own jvm17-server.options, a
# 1 GB heap, and a cassandra.yaml written here: its own ports, its data under GCS_CASSANDRA_RUN.
#
# Environment: CASSANDRA_VERSION (5.0.4), GCS_CASSANDRA_HOME (~/.cache/dronegrid/cassandra),
# GCS_CASSANDRA_RUN (/tmp/gcs-cassandra), CASSANDRA_CQL_PORT (19042), CASSANDRA_STORAGE_PORT
# (17000), CASSANDRA_JMX_PORT (17199), CASSANDRA_HEAP (1G), CASSANDRA_AUTH=1 for
# PasswordAuthenticator (superuser cassandra/cassandra), CASSANDRA_COMMITLOG_SYNC (group or
# periodic), CASSANDRA_FRESH=1 to start with no data (a start otherwise keeps what the node
# had: the fault tests restart it), CASSANDRA_START_TIMEOUT (180 s).
set -euo pipefail

VERSION="${CASSANDRA_VERSION:-5.0.4}"
HOME_DIR="${GCS_CASSANDRA_HOME:-$HOME/.cache/dronegrid/cassandra}/$VERSION"
RUN="${GCS_CASSANDRA_RUN:-/tmp/gcs-cassandra}"
CQL_PORT="${CASSANDRA_CQL_PORT:-19042}"
STORAGE_PORT="${CASSANDRA_STORAGE_PORT:-17000}"
JMX_PORT="${CASSANDRA_JMX_PORT:-17199}"
HEAP="${CASSANDRA_HEAP:-1G}"
TIMEOUT="${CASSANDRA_START_TIMEOUT:-180}"
PID_FILE="$RUN/cassandra.pid"
REPO_DIR="$(cd "$(dirname "$0")/.." && pwd)"

log() { printf 'cassandra.sh: %s\n' "$*" >&2; }

running() {
  [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$CQL_PORT") 2>/dev/null
}

fetch() {
  if [ -f "$HOME_DIR/lib/cassandra-all-$VERSION.jar" ]; then return; fi
  command -v mvn >/dev/null || { log "mvn is needed to fetch Cassandra (apt-get install maven)"; exit 1; }
  command -v java >/dev/null || { log "java 11 or 17 is needed (apt-get install openjdk-17-jre-headless)"; exit 1; }
  log "fetching cassandra-all $VERSION and its dependencies with mvn into $HOME_DIR"
  mkdir -p "$HOME_DIR"
  cat >"$HOME_DIR/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.dronegrid</groupId>
  <artifactId>cassandra-node</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.cassandra</groupId>
      <artifactId>cassandra-all</artifactId>
      <version>$VERSION</version>
    </dependency>
  </dependencies>
</project>
EOF
  rm -rf "$HOME_DIR/lib.partial"
  (cd "$HOME_DIR" && mvn -q -B -Dstyle.color=never org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies \
    -DoutputDirectory="$HOME_DIR/lib.partial" -DincludeScope=runtime)
  # Whole or not at all: an interrupted fetch is fetched again next time.
  mv "$HOME_DIR/lib.partial" "$HOME_DIR/lib"
}

configure() {
  mkdir -p "$RUN"/{data,commitlog,saved_caches,hints,cdc_raw,logs,conf}
  local authenticator=AllowAllAuthenticator authorizer=AllowAllAuthorizer commitlog
  # group (the default here): a write is acknowledged once its commit-log group is on disk, so a
  # killed node (the fault tests) loses nothing it acknowledged. periodic: acknowledged before
  # the disk, as a cluster with replicas usually runs (and as cassandra-stress is measured).
  case "${CASSANDRA_COMMITLOG_SYNC:-group}" in
    group) commitlog=$'commitlog_sync: group\ncommitlog_sync_group_window: 15ms' ;;
    periodic) commitlog=$'commitlog_sync: periodic\ncommitlog_sync_period: 10000ms' ;;
    *) log "CASSANDRA_COMMITLOG_SYNC must be group or periodic"; exit 2 ;;
  esac
  if [ "${CASSANDRA_AUTH:-0}" = 1 ]; then
    authenticator=PasswordAuthenticator
    authorizer=CassandraAuthorizer
  fi
  cat >"$RUN/conf/cassandra.yaml" <<EOF
cluster_name: dronegrid-test
num_tokens: 1
initial_token: 0
partitioner: org.apache.cassandra.dht.Murmur3Partitioner
seed_provider:
  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
    parameters:
      - seeds: "127.0.0.1:$STORAGE_PORT"
listen_address: 127.0.0.1
rpc_address: 127.0.0.1
storage_port: $STORAGE_PORT
native_transport_port: $CQL_PORT
start_native_transport: true
endpoint_snitch: SimpleSnitch
data_file_directories: [$RUN/data]
commitlog_directory: $RUN/commitlog
saved_caches_directory: $RUN/saved_caches
hints_directory: $RUN/hints
cdc_raw_directory: $RUN/cdc_raw
$commitlog
authenticator: $authenticator
authorizer: $authorizer
auto_snapshot: false
# The app's telemetry batches are ~11 kB (100 rows); the default 5 kB would log each one.
batch_size_warn_threshold: 16KiB
EOF
  cat >"$RUN/conf/logback.xml" <<EOF
<configuration>
  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
    <file>$RUN/logs/system.log</file>
    <encoder><pattern>%-5level [%thread] %date{ISO8601} %F:%L - %msg%n</pattern></encoder>
  </appender>
  <root level="INFO"><appender-ref ref="FILE" /></root>
</configuration>
EOF
}

# Cassandra's conf/jvm17-server.options: what it needs opened on Java 17.
JVM17=(
  -Djdk.attach.allowAttachSelf=true
  --add-exports java.base/jdk.internal.misc=ALL-UNNAMED
  --add-exports java.base/jdk.internal.ref=ALL-UNNAMED
  --add-exports java.base/sun.nio.ch=ALL-UNNAMED
  --add-exports java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED
  --add-exports java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports java.rmi/sun.rmi.server=ALL-UNNAMED
  --add-exports java.sql/java.sql=ALL-UNNAMED
  --add-opens java.base/java.lang.module=ALL-UNNAMED
  --add-opens java.base/jdk.internal.loader=ALL-UNNAMED
  --add-opens java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens java.base/jdk.internal.reflect=ALL-UNNAMED
  --add-opens java.base/jdk.internal.math=ALL-UNNAMED
  --add-opens java.base/jdk.internal.module=ALL-UNNAMED
  --add-opens java.base/jdk.internal.util.jar=ALL-UNNAMED
  --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED
  --add-opens java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens java.base/java.io=ALL-UNNAMED
  --add-opens java.base/java.nio=ALL-UNNAMED
  --add-opens java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens java.base/java.util=ALL-UNNAMED
  --add-opens java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens java.base/java.lang=ALL-UNNAMED
  --add-opens java.base/java.math=ALL-UNNAMED
  --add-opens java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens java.base/java.net=ALL-UNNAMED
)

# A real CQL round trip (the port opens before the node can serve queries), with the
# project's driver when it is installed; the port alone otherwise.
cql_answers() {
  port_open || return 1
  if [ -d "$REPO_DIR/node_modules/cassandra-driver" ]; then
    (cd "$REPO_DIR" && CQL_PORT="$CQL_PORT" node -e '
      const { Client, auth } = require("cassandra-driver");
      const c = new Client({ contactPoints: ["127.0.0.1:" + process.env.CQL_PORT], localDataCenter: "datacenter1",
        ...(process.env.CASSANDRA_AUTH === "1" ? { authProvider: new auth.PlainTextAuthProvider("cassandra", "cassandra") } : {}),
        socketOptions: { connectTimeout: 2000, readTimeout: 5000 } });
      c.connect().then(() => c.execute("SELECT release_version FROM system.local"))
        .then(() => c.shutdown()).then(() => process.exit(0), () => c.shutdown().finally(() => process.exit(1)));
    ' >/dev/null 2>&1)
  fi
}

start() {
  if running && cql_answers; then
    log "already running (pid $(cat "$PID_FILE"))"
    echo "CQL_PORT=$CQL_PORT"
    return
  fi
  fetch
  if [ "${CASSANDRA_FRESH:-0}" = 1 ]; then
    # A fresh node: no keyspaces left by earlier runs to load, compact and slow it down.
    rm -rf "$RUN"/{data,commitlog,saved_caches,hints,cdc_raw}
  fi
  configure
  local jamm extra=()
  jamm="$(ls "$HOME_DIR"/lib/jamm-*.jar | head -1)"
  # The default superuser is created 10 s after startup unless told otherwise.
  if [ "${CASSANDRA_AUTH:-0}" = 1 ]; then extra+=(-Dcassandra.superuser_setup_delay_ms=0); fi
  log "starting Cassandra $VERSION on 127.0.0.1:$CQL_PORT (data in $RUN)"
  local started=$SECONDS
  # Its own session, so it outlives this script and a test runner's process group.
  setsid java -Xms"$HEAP" -Xmx"$HEAP" -Xmn200M -XX:+UseG1GC -Xss512k \
    -javaagent:"$jamm" "${JVM17[@]}" \
    -Dcassandra.config="file://$RUN/conf/cassandra.yaml" \
    -Dlogback.configurationFile="file://$RUN/conf/logback.xml" \
    -Dcassandra.logdir="$RUN/logs" \
    -Dcassandra.jmx.local.port="$JMX_PORT" \
    -Dcassandra.skip_wait_for_gossip_to_settle=0 -Dcassandra.ring_delay_ms=100 \
    -Dcassandra-foreground=yes ${extra[@]+"${extra[@]}"} \
    -cp "$RUN/conf:$HOME_DIR/lib/*" org.apache.cassandra.service.CassandraDaemon \
    >"$RUN/logs/stdout.log" 2>&1 </dev/null &
  echo $! >"$PID_FILE"
  until cql_answers; do
    if ! running; then
      log "Cassandra exited while starting; the end of its log:"
      tail -n 40 "$RUN/logs/system.log" "$RUN/logs/stdout.log" >&2 || true
      exit 1
    fi
    if (( SECONDS - started > TIMEOUT )); then
      log "CQL did not answer within ${TIMEOUT}s; the end of its log:"
      tail -n 40 "$RUN/logs/system.log" >&2 || true
      stop
      exit 1
    fi
    sleep 1
  done
  log "CQL answers after $(( SECONDS - started ))s (pid $(cat "$PID_FILE"))"
  echo "CQL_PORT=$CQL_PORT"
}

stop() {
  if ! running; then
    rm -f "$PID_FILE"
    return
  fi
  local pid
  pid="$(cat "$PID_FILE")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$PID_FILE"; log "stopped"; return; }
    sleep 0.5
  done
  log "did not stop within 30 s; killing it"
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$PID_FILE"
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  kill)
    if running; then kill -9 "$(cat "$PID_FILE")"; fi
    rm -f "$PID_FILE"
    ;;
  status)
    if running && port_open; then
      log "running (pid $(cat "$PID_FILE"))"
      echo "CQL_PORT=$CQL_PORT"
    else
      log "not running"
      exit 3
    fi
    ;;
  *)
    echo "usage: $0 fetch|start|stop|status|kill" >&2
    exit 2
    ;;
esac
