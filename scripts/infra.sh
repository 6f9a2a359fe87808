#!/usr/bin/env bash
# Local Kafka (KRaft, jars from Maven Central) and Redis for development, tests
# and CI on machines without Docker. Everything it makes lives in .infra/.
#
#   bash scripts/infra.sh up [--brokers 1|3]     start (or find already running) and wait until ready
#   bash scripts/infra.sh down [--brokers 1|3]   stop what this script started (no flag: all of it)
#   bash scripts/infra.sh status [--json]
#   bash scripts/infra.sh fetch                  download the broker jars only
#   bash scripts/infra.sh kill-node <id> | start-node <id>   SIGKILL / restart one node of the 3-node cluster
#   bash scripts/infra.sh kill-redis | start-redis           SIGKILL / restart the Redis this script owns
#   bash scripts/infra.sh pause-node <id> | resume-node <id> SIGSTOP / SIGCONT one node of the 3-node cluster
#   bash scripts/infra.sh pause-redis | resume-redis         SIGSTOP / SIGCONT the Redis this script owns
#
# Settings (environment):
#   KAFKA_VERSION          broker release, default 3.9.1 (3.x and 4.x both work)
#   KAFKA_NODES            1 or 3, same as --brokers
#   KAFKA_BROKERS          use this Kafka (comma list) instead of starting the single broker
#   KAFKA_CLUSTER_BROKERS  use this Kafka instead of starting the 3-node cluster
#   REDIS_URL              use this Redis instead of starting one
#   INFRA_READY_TIMEOUT_MS how long `up` waits for readiness while a server's log is quiet, default 120000
#   INFRA_READY_HARD_TIMEOUT_MS how long it waits at most while a starting server's log still advances
#                          (a busy machine), default 600000
# A failed or interrupted `up` stops the servers it started itself.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
INFRA_DIR="$ROOT/.infra"
STATE_FILE="$INFRA_DIR/state.json"
KAFKA_VERSION=${KAFKA_VERSION:-3.9.1}
LIBS_DIR="$INFRA_DIR/kafka-$KAFKA_VERSION/libs"
READY_TIMEOUT_MS=${INFRA_READY_TIMEOUT_MS:-120000}
READY_HARD_TIMEOUT_MS=${INFRA_READY_HARD_TIMEOUT_MS:-600000}
# What this invocation of `up` started (single, cluster, redis): a failed `up` stops exactly these.
STARTED_HERE=()
TSX="$ROOT/node_modules/.bin/tsx"

# The single broker keeps Kafka's usual port; the cluster's ports are apart so both can run at once
# (CI runs the ordinary integration tests on the single broker and the chaos tests on the cluster).
SINGLE_PORT=9092
SINGLE_CONTROLLER_PORT=9093
CLUSTER_IDS=(1 2 3)
cluster_port() { echo $((29091 + $1)); }
cluster_controller_port() { echo $((29191 + $1)); }
REDIS_PORT=6379
REDIS_DIR="$INFRA_DIR/redis"

say() { echo "infra: $*"; }
die() {
  echo "infra: error: $*" >&2
  exit 1
}
now_ms() { date +%s%3N; }
seconds_since() { awk -v s="$1" -v e="$(now_ms)" 'BEGIN { printf "%.1f", (e - s) / 1000 }'; }

# A SIGKILLed server stays a zombie until init reaps it; it is gone once it no longer runs.
process_running() {
  kill -0 "$1" 2>/dev/null || return 1
  [[ $(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) != Z ]]
}

port_open() { timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# A pid file is trusted only while its process is alive and still runs what we started
# (its command line names our file), so a recycled pid is never signalled.
live_pid() {
  local pidfile=$1 marker=$2 pid
  [[ -f $pidfile ]] || return 1
  pid=$(<"$pidfile")
  [[ $pid =~ ^[0-9]+$ ]] && process_running "$pid" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$marker" || return 1
  echo "$pid"
}

# Starts a long-running server in a session of its own (so the caller's Ctrl-C, or the end of
# `npm run`, leaves it running) and prints its pid. A background job of a script is never a
# process-group leader, so setsid and nohup exec in place and $! is the server's own pid.
spawn() {
  local log=$1
  shift
  setsid nohup "$@" >>"$log" 2>&1 </dev/null &
  echo $!
}

stop_pid() {
  local pid=$1 name=$2 waited=0
  kill -TERM "$pid" 2>/dev/null || return 0
  while process_running "$pid"; do
    if ((waited >= 150)); then
      say "$name (pid $pid) ignored SIGTERM for 15 s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
}

require_java() {
  command -v java >/dev/null || die "java not found: install a JDK 17+ (Debian: apt-get install -y openjdk-17-jre-headless)"
}

require_tsx() {
  [[ -x $TSX ]] || die "$TSX not found: run npm ci first (the readiness check is TypeScript)"
}

log4j_option() {
  case $KAFKA_VERSION in
    3.*) echo "-Dlog4j.configuration=file:$ROOT/tools/kafka/log4j.properties" ;;
    *) echo "-Dlog4j2.configurationFile=$ROOT/tools/kafka/log4j2.properties" ;;
  esac
}

# ---------------------------------------------------------------- jars

fetch_jars() {
  [[ -d $LIBS_DIR ]] && return 0
  require_java
  command -v mvn >/dev/null || die "mvn not found: install Maven (Debian: apt-get install -y maven); it fetches the Kafka jars"
  local profile
  case $KAFKA_VERSION in
    3.*) profile=kafka3 ;;
    4.*) profile=kafka4 ;;
    *) die "KAFKA_VERSION=$KAFKA_VERSION: only 3.x and 4.x are known (tools/kafka/pom.xml picks the log backend by major version)" ;;
  esac
  local started staging="$LIBS_DIR.partial" mvnlog="$INFRA_DIR/kafka-$KAFKA_VERSION/mvn.log"
  started=$(now_ms)
  mkdir -p "$(dirname "$LIBS_DIR")"
  rm -rf "$staging"
  say "fetching Kafka $KAFKA_VERSION jars from Maven Central into $LIBS_DIR"
  if ! mvn -q -B -f "$ROOT/tools/kafka/pom.xml" -P "$profile" -Dkafka.version="$KAFKA_VERSION" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$staging" >"$mvnlog" 2>&1; then
    tail -n 30 "$mvnlog" >&2
    die "mvn could not fetch org.apache.kafka:kafka_2.13:$KAFKA_VERSION (full log: $mvnlog)"
  fi
  [[ -f $staging/kafka_2.13-$KAFKA_VERSION.jar ]] || die "mvn finished but $staging has no kafka_2.13-$KAFKA_VERSION.jar"
  # Renamed only when complete, so a half download is never mistaken for a cache.
  mv "$staging" "$LIBS_DIR"
  say "fetched $(find "$LIBS_DIR" -name '*.jar' | wc -l) jars ($(du -sh "$LIBS_DIR" | cut -f1)) in $(seconds_since "$started") s"
}

kafka_java() {
  java -Xmx512m -Xms128m -Djava.awt.headless=true "$(log4j_option)" -cp "$LIBS_DIR/*" "$@"
}

# ---------------------------------------------------------------- kafka nodes
# A node is a directory: server.properties, data/, kafka.log, kafka.pid.

single_dir() { echo "$INFRA_DIR/kafka-single"; }
cluster_dir() { echo "$INFRA_DIR/kafka-cluster"; }
node_dir() { echo "$(cluster_dir)/node-$1"; }

write_common_properties() {
  local dir=$1
  cat <<EOF
process.roles=broker,controller
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
num.partitions=3
# Topics are created on purpose (ensureTopics), as on a production cluster: a producer
# writing to a misspelt topic fails instead of silently making a new one.
auto.create.topics.enable=false
# Tests start consumer groups one after another; waiting for more members only slows them.
group.initial.rebalance.delay.ms=0
# Fewer coordinator partitions than the default 50: the first group join and
# InitProducerId on a fresh broker wait for all of them to load.
offsets.topic.num.partitions=10
transaction.state.log.num.partitions=10
EOF
}

write_single_properties() {
  local dir=$1
  write_common_properties "$dir"
  cat <<EOF
node.id=1
controller.quorum.voters=1@127.0.0.1:$SINGLE_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$SINGLE_PORT,CONTROLLER://127.0.0.1:$SINGLE_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$SINGLE_PORT
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
EOF
}

cluster_voters() {
  local id voters=()
  for id in "${CLUSTER_IDS[@]}"; do voters+=("$id@127.0.0.1:$(cluster_controller_port "$id")"); done
  local IFS=,
  echo "${voters[*]}"
}

write_cluster_properties() {
  local dir=$1 id=$2
  write_common_properties "$dir"
  cat <<EOF
node.id=$id
controller.quorum.voters=$(cluster_voters)
listeners=PLAINTEXT://127.0.0.1:$(cluster_port "$id"),CONTROLLER://127.0.0.1:$(cluster_controller_port "$id")
advertised.listeners=PLAINTEXT://127.0.0.1:$(cluster_port "$id")
# An acknowledged write (acks=all) survives the loss of any one node.
default.replication.factor=3
min.insync.replicas=2
offsets.topic.replication.factor=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
EOF
}

node_pid() { live_pid "$1/kafka.pid" "$1/server.properties"; }

# Formats each node directory not yet formatted, all with one cluster id (in parallel: a JVM each).
format_nodes() {
  local dir cluster_id pids=() dirs=()
  for dir in "$@"; do [[ -f $dir/data/meta.properties ]] || dirs+=("$dir"); done
  ((${#dirs[@]})) || return 0
  cluster_id=$(kafka_java kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
  [[ $cluster_id =~ ^[A-Za-z0-9_-]{22}$ ]] || die "StorageTool random-uuid printed '$cluster_id', not a cluster id"
  for dir in "${dirs[@]}"; do
    kafka_java kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/server.properties" >"$dir/format.log" 2>&1 &
    pids+=($!)
  done
  local i
  for i in "${!dirs[@]}"; do
    wait "${pids[$i]}" || {
      cat "${dirs[$i]}/format.log" >&2
      die "formatting ${dirs[$i]}/data failed"
    }
  done
}

start_node_process() {
  local dir=$1 pid
  pid=$(spawn "$dir/kafka.log" java -Xmx512m -Xms128m -Djava.awt.headless=true "$(log4j_option)" -cp "$LIBS_DIR/*" kafka.Kafka "$dir/server.properties")
  echo "$pid" >"$dir/kafka.pid"
  echo "$KAFKA_VERSION" >"$dir/version"
}

# Waits for a starting server's port. A busy machine can take minutes (a broker opened its port after
# 45 s on one); while the server lives and its log advances it is still starting, so the soft limit
# is extended up to the hard one. Giving up prints the log's tail and what was tried.
wait_for_port() {
  local port=$1 pid=$2 log=$3 name=$4 started=$SECONDS size last_size=-1 last_growth=$SECONDS
  local soft_s=$((READY_TIMEOUT_MS / 1000)) hard_s=$((READY_HARD_TIMEOUT_MS / 1000))
  until port_open "$port"; do
    if ! process_running "$pid"; then
      tail -n 30 "$log" >&2
      die "$name (pid $pid) exited before port $port answered (log: $log)"
    fi
    size=$(stat -c %s "$log" 2>/dev/null || echo 0)
    if ((size != last_size)); then
      last_size=$size
      last_growth=$SECONDS
    fi
    if ((SECONDS - started >= hard_s || (SECONDS - started >= soft_s && SECONDS - last_growth >= 30))); then
      tail -n 30 "$log" >&2
      die "$name (pid $pid) did not open port $port in $((SECONDS - started)) s: tried a TCP connect to 127.0.0.1:$port every 0.1 s; its log last grew $((SECONDS - last_growth)) s ago (limits: ${soft_s} s while the log is quiet, ${hard_s} s in all; log: $log)"
    fi
    sleep 0.1
  done
}

refuse_foreign_port() {
  local port=$1 what=$2 hint=$3
  if port_open "$port"; then
    die "port $port ($what) is already taken by a process this script did not start (see: ss -ltnp 'sport = :$port'). $hint"
  fi
}

# ---------------------------------------------------------------- readiness

# `up` starts everything first and then asks once: Kafka's metadata call and a consumer-group
# join (a fresh broker fails the first coordinator calls with "coordinator is loading"), and Redis PING.
READY_ARGS=()

wait_ready() {
  ((${#READY_ARGS[@]})) || return 0
  require_tsx
  # kafkajs 2.2.4 schedules a negative timeout on every response under Node 22+; the warning is noise.
  # TSX_TSCONFIG_PATH: the @switchyard aliases resolve whatever directory this runs from.
  NODE_OPTIONS="${NODE_OPTIONS:-} --disable-warning=TimeoutNegativeWarning" TSX_TSCONFIG_PATH="$ROOT/tsconfig.json" \
    "$TSX" "$ROOT/tools/infra/wait-ready.ts" --timeout "$READY_TIMEOUT_MS" --hard-timeout "$READY_HARD_TIMEOUT_MS" "${READY_ARGS[@]}"
}

# ---------------------------------------------------------------- single broker

single_up() {
  if [[ -n ${KAFKA_BROKERS:-} ]]; then
    say "KAFKA_BROKERS=$KAFKA_BROKERS is set: using that Kafka, starting none"
    READY_ARGS+=(--kafka "$KAFKA_BROKERS")
    return
  fi
  local dir started pid
  dir=$(single_dir)
  started=$(now_ms)
  if pid=$(node_pid "$dir"); then
    say "Kafka single broker already up (pid $pid, 127.0.0.1:$SINGLE_PORT, Kafka $(<"$dir/version"))"
  else
    refuse_foreign_port "$SINGLE_PORT" "Kafka broker" "To use the Kafka that is there, set KAFKA_BROKERS=127.0.0.1:$SINGLE_PORT."
    refuse_foreign_port "$SINGLE_CONTROLLER_PORT" "Kafka controller" "Stop it, or use its Kafka with KAFKA_BROKERS."
    require_java
    fetch_jars
    mkdir -p "$dir"
    write_single_properties "$dir" >"$dir/server.properties"
    format_nodes "$dir"
    STARTED_HERE+=(single)
    start_node_process "$dir"
    pid=$(<"$dir/kafka.pid")
    say "starting Kafka $KAFKA_VERSION single broker (pid $pid) on 127.0.0.1:$SINGLE_PORT, controller :$SINGLE_CONTROLLER_PORT"
    wait_for_port "$SINGLE_PORT" "$pid" "$dir/kafka.log" "Kafka broker"
    say "Kafka single broker port open after $(seconds_since "$started") s; log: $dir/kafka.log"
  fi
  READY_ARGS+=(--kafka "127.0.0.1:$SINGLE_PORT" --kafka-log "$dir/kafka.log")
}

single_down() {
  local dir pid
  dir=$(single_dir)
  if pid=$(node_pid "$dir"); then
    say "stopping Kafka single broker (pid $pid)"
    stop_pid "$pid" "Kafka single broker"
  fi
  # Test infrastructure starts empty: the next `up` formats afresh.
  rm -rf "$dir"
}

# ---------------------------------------------------------------- three-node cluster

cluster_brokers() {
  local id list=()
  for id in "${CLUSTER_IDS[@]}"; do list+=("127.0.0.1:$(cluster_port "$id")"); done
  local IFS=,
  echo "${list[*]}"
}

cluster_up() {
  if [[ -n ${KAFKA_CLUSTER_BROKERS:-} ]]; then
    say "KAFKA_CLUSTER_BROKERS=$KAFKA_CLUSTER_BROKERS is set: using that Kafka, starting none"
    READY_ARGS+=(--kafka "$KAFKA_CLUSTER_BROKERS")
    return
  fi
  local id dir started running=() to_start=()
  started=$(now_ms)
  for id in "${CLUSTER_IDS[@]}"; do
    if node_pid "$(node_dir "$id")" >/dev/null; then running+=("$id"); else to_start+=("$id"); fi
  done
  if ((${#to_start[@]} == 0)); then
    say "Kafka 3-node cluster already up ($(cluster_brokers))"
  else
    for id in "${to_start[@]}"; do
      refuse_foreign_port "$(cluster_port "$id")" "Kafka cluster node $id" "Stop it, or use that Kafka with KAFKA_CLUSTER_BROKERS."
      refuse_foreign_port "$(cluster_controller_port "$id")" "Kafka cluster controller $id" "Stop it, or use that Kafka with KAFKA_CLUSTER_BROKERS."
    done
    require_java
    fetch_jars
    local dirs=()
    for id in "${to_start[@]}"; do
      dir=$(node_dir "$id")
      mkdir -p "$dir"
      [[ -f $dir/server.properties ]] || write_cluster_properties "$dir" "$id" >"$dir/server.properties"
      dirs+=("$dir")
    done
    format_nodes "${dirs[@]}"
    STARTED_HERE+=(cluster)
    for id in "${to_start[@]}"; do
      start_node_process "$(node_dir "$id")"
      say "starting Kafka $KAFKA_VERSION cluster node $id (pid $(<"$(node_dir "$id")/kafka.pid")) on 127.0.0.1:$(cluster_port "$id"), controller :$(cluster_controller_port "$id")"
    done
    for id in "${to_start[@]}"; do
      dir=$(node_dir "$id")
      wait_for_port "$(cluster_port "$id")" "$(<"$dir/kafka.pid")" "$dir/kafka.log" "Kafka cluster node $id"
    done
    say "Kafka 3-node cluster ports open after $(seconds_since "$started") s; logs: $(cluster_dir)/node-{1,2,3}/kafka.log"
  fi
  READY_ARGS+=(--kafka "$(cluster_brokers)" --kafka-log "$(node_dir 1)/kafka.log" --expect-brokers 3)
}

cluster_down() {
  local id dir pid pids=()
  for id in "${CLUSTER_IDS[@]}"; do
    dir=$(node_dir "$id")
    if pid=$(node_pid "$dir"); then
      say "stopping Kafka cluster node $id (pid $pid)"
      pids+=("$pid")
    fi
  done
  # All at once: stopped one by one, the last nodes wait for a controller quorum that is gone.
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do stop_pid "$pid" "Kafka cluster node"; done
  rm -rf "$(cluster_dir)"
}

cluster_node_arg() {
  local id=${1:-}
  [[ $id =~ ^[123]$ ]] || die "name a cluster node: 1, 2 or 3 (got '${id}')"
  [[ -f $(node_dir "$id")/server.properties ]] || die "the 3-node cluster is not set up: run 'bash scripts/infra.sh up --brokers 3' first"
  echo "$id"
}

kill_node() {
  local id dir pid
  id=$(cluster_node_arg "${1:-}")
  dir=$(node_dir "$id")
  pid=$(node_pid "$dir") || die "cluster node $id is not running"
  kill -KILL "$pid"
  while process_running "$pid"; do sleep 0.05; done
  say "killed cluster node $id (pid $pid, 127.0.0.1:$(cluster_port "$id")) with SIGKILL"
  write_state
}

start_node() {
  local id dir pid started
  id=$(cluster_node_arg "${1:-}")
  dir=$(node_dir "$id")
  if pid=$(node_pid "$dir"); then
    say "cluster node $id already running (pid $pid)"
    return
  fi
  started=$(now_ms)
  refuse_foreign_port "$(cluster_port "$id")" "Kafka cluster node $id" "Something else took the node's port."
  KAFKA_VERSION=$(<"$dir/version")
  LIBS_DIR="$INFRA_DIR/kafka-$KAFKA_VERSION/libs"
  start_node_process "$dir"
  pid=$(<"$dir/kafka.pid")
  wait_for_port "$(cluster_port "$id")" "$pid" "$dir/kafka.log" "Kafka cluster node $id"
  say "restarted cluster node $id (pid $pid) with its data; port 127.0.0.1:$(cluster_port "$id") answers after $(seconds_since "$started") s"
  write_state
}

# A paused server keeps its sockets open and answers nothing: clients see timeouts, not refused
# connections, and a broker's sessions and transactions expire while it sleeps.
pause_node() {
  local id pid
  id=$(cluster_node_arg "${1:-}")
  pid=$(node_pid "$(node_dir "$id")") || die "cluster node $id is not running"
  kill -STOP "$pid"
  say "paused cluster node $id (pid $pid, 127.0.0.1:$(cluster_port "$id")) with SIGSTOP"
}

resume_node() {
  local id pid
  id=$(cluster_node_arg "${1:-}")
  pid=$(node_pid "$(node_dir "$id")") || die "cluster node $id is not running"
  kill -CONT "$pid"
  say "resumed cluster node $id (pid $pid) with SIGCONT"
}

# ---------------------------------------------------------------- redis

redis_pid() { live_pid "$REDIS_DIR/redis.pid" redis-server; }

redis_answers() { [[ $(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]; }

ensure_redis_server() {
  command -v redis-server >/dev/null && return 0
  command -v apt-get >/dev/null && [[ $(id -u) == 0 ]] || die "redis-server not found: install it (Debian: apt-get install -y redis-server)"
  say "redis-server not found: installing Debian's redis-server"
  apt-get install -y -qq redis-server >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq redis-server >/dev/null; } ||
    die "apt-get install redis-server failed"
}

start_redis_process() {
  mkdir -p "$REDIS_DIR"
  local pid
  pid=$(spawn "$REDIS_DIR/redis.log" redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --dir "$REDIS_DIR" --daemonize no)
  echo "$pid" >"$REDIS_DIR/redis.pid"
  local tries=0
  until redis_answers; do
    if ! process_running "$pid"; then
      tail -n 20 "$REDIS_DIR/redis.log" >&2
      die "redis-server exited at start (log: $REDIS_DIR/redis.log)"
    fi
    ((tries++ < 100)) || die "redis-server did not answer PING within 10 s (log: $REDIS_DIR/redis.log)"
    sleep 0.1
  done
  echo "$pid"
}

redis_up() {
  if [[ -n ${REDIS_URL:-} ]]; then
    say "REDIS_URL=$REDIS_URL is set: using that Redis, starting none"
    READY_ARGS+=(--redis "$REDIS_URL")
    return
  fi
  local pid
  if pid=$(redis_pid); then
    say "Redis already up (pid $pid, redis://127.0.0.1:$REDIS_PORT)"
  else
    rm -f "$REDIS_DIR/redis.pid"
    ensure_redis_server
    if redis_answers; then
      # Someone else's Redis: use it, and never stop it.
      say "a Redis this script did not start answers on 127.0.0.1:$REDIS_PORT: using it (down leaves it alone)"
    else
      STARTED_HERE+=(redis)
      pid=$(start_redis_process)
      say "started Redis (pid $pid) on redis://127.0.0.1:$REDIS_PORT; log: $REDIS_DIR/redis.log"
    fi
  fi
  READY_ARGS+=(--redis "redis://127.0.0.1:$REDIS_PORT")
}

redis_down() {
  local pid
  if pid=$(redis_pid); then
    say "stopping Redis (pid $pid)"
    stop_pid "$pid" "Redis"
  fi
  rm -rf "$REDIS_DIR"
}

kill_redis() {
  local pid
  pid=$(redis_pid) || die "no Redis started by this script is running (a Redis it did not start is never killed)"
  kill -KILL "$pid"
  while process_running "$pid"; do sleep 0.05; done
  say "killed Redis (pid $pid) with SIGKILL"
  write_state
}

pause_redis() {
  local pid
  pid=$(redis_pid) || die "no Redis started by this script is running (a Redis it did not start is never paused)"
  kill -STOP "$pid"
  say "paused Redis (pid $pid) with SIGSTOP"
}

resume_redis() {
  local pid
  pid=$(redis_pid) || die "no Redis started by this script is running"
  kill -CONT "$pid"
  say "resumed Redis (pid $pid) with SIGCONT"
}

start_redis() {
  local pid
  if pid=$(redis_pid); then
    say "Redis already running (pid $pid)"
    return
  fi
  [[ -d $REDIS_DIR ]] || die "this script does not own a Redis: run 'bash scripts/infra.sh up' first"
  refuse_foreign_port "$REDIS_PORT" "Redis" "Something else took Redis's port."
  pid=$(start_redis_process)
  say "restarted Redis (pid $pid) on redis://127.0.0.1:$REDIS_PORT"
  write_state
}

# ---------------------------------------------------------------- state

json_node() {
  local dir=$1 id=$2 port=$3 controller=$4 pid alive=false
  if pid=$(node_pid "$dir"); then alive=true; else pid=null; fi
  printf '{"id":%s,"broker":"127.0.0.1:%s","controller":"127.0.0.1:%s","pid":%s,"alive":%s,"log":"%s"}' \
    "$id" "$port" "$controller" "$pid" "$alive" "$dir/kafka.log"
}

# The machine-readable truth about what runs, for tests (tools/jest) and scripts; rebuilt from pid files.
state_json() {
  local single="null" cluster="null" redis="null" dir id pid nodes=() version=null
  dir=$(single_dir)
  if [[ -f $dir/server.properties ]]; then
    single=$(printf '{"brokers":["127.0.0.1:%s"],"version":"%s","owned":true,"nodes":[%s]}' \
      "$SINGLE_PORT" "$(cat "$dir/version" 2>/dev/null)" "$(json_node "$dir" 1 "$SINGLE_PORT" "$SINGLE_CONTROLLER_PORT")")
  fi
  if [[ -d $(cluster_dir) ]]; then
    for id in "${CLUSTER_IDS[@]}"; do
      dir=$(node_dir "$id")
      [[ -f $dir/version ]] && version="\"$(<"$dir/version")\""
      nodes+=("$(json_node "$dir" "$id" "$(cluster_port "$id")" "$(cluster_controller_port "$id")")")
    done
    local IFS=,
    cluster=$(printf '{"brokers":["%s"],"version":%s,"owned":true,"nodes":[%s]}' \
      "$(cluster_brokers | sed 's/,/","/g')" "$version" "${nodes[*]}")
    unset IFS
  fi
  if pid=$(redis_pid); then
    redis=$(printf '{"url":"redis://127.0.0.1:%s","owned":true,"pid":%s,"alive":true,"log":"%s"}' "$REDIS_PORT" "$pid" "$REDIS_DIR/redis.log")
  elif [[ -f $REDIS_DIR/redis.pid ]]; then
    redis=$(printf '{"url":"redis://127.0.0.1:%s","owned":true,"pid":null,"alive":false,"log":"%s"}' "$REDIS_PORT" "$REDIS_DIR/redis.log")
  elif [[ -z ${REDIS_URL:-} ]] && command -v redis-cli >/dev/null && redis_answers; then
    redis=$(printf '{"url":"redis://127.0.0.1:%s","owned":false,"pid":null,"alive":true}' "$REDIS_PORT")
  fi
  printf '{"kafka":%s,"kafkaCluster":%s,"redis":%s}\n' "$single" "$cluster" "$redis"
}

write_state() {
  mkdir -p "$INFRA_DIR"
  state_json >"$STATE_FILE.tmp"
  mv "$STATE_FILE.tmp" "$STATE_FILE"
}

status_line() {
  local name=$1 dir=$2 address=$3 pid
  if pid=$(node_pid "$dir"); then
    printf '  %-22s up    pid %-7s %s  Kafka %s  log %s\n' "$name" "$pid" "$address" "$(<"$dir/version")" "$dir/kafka.log"
  else
    printf '  %-22s DOWN  %-11s %s  log %s\n' "$name" "" "$address" "$dir/kafka.log"
  fi
}

status() {
  if [[ ${1:-} == --json ]]; then
    state_json
    return
  fi
  local dir id pid
  echo "infra status ($INFRA_DIR):"
  dir=$(single_dir)
  if [[ -f $dir/server.properties ]]; then
    status_line "Kafka single broker" "$dir" "127.0.0.1:$SINGLE_PORT"
  else
    echo "  Kafka single broker    not started"
  fi
  if [[ -d $(cluster_dir) ]]; then
    for id in "${CLUSTER_IDS[@]}"; do status_line "Kafka cluster node $id" "$(node_dir "$id")" "127.0.0.1:$(cluster_port "$id")"; done
  else
    echo "  Kafka 3-node cluster   not started"
  fi
  if pid=$(redis_pid); then
    printf '  %-22s up    pid %-7s redis://127.0.0.1:%s  log %s\n' "Redis" "$pid" "$REDIS_PORT" "$REDIS_DIR/redis.log"
  elif [[ -f $REDIS_DIR/redis.pid ]]; then
    printf '  %-22s DOWN  (owned; start-redis restarts it)\n' "Redis"
  elif command -v redis-cli >/dev/null && redis_answers; then
    printf '  %-22s up    not ours    redis://127.0.0.1:%s\n' "Redis" "$REDIS_PORT"
  else
    echo "  Redis                  not started"
  fi
}

# ---------------------------------------------------------------- main

# The EXIT trap of `up`: on failure or interrupt, stop what this invocation started, newest first.
undo_up() {
  local rc=$1 what i
  trap - EXIT INT TERM
  ((rc != 0 && ${#STARTED_HERE[@]})) || exit "$rc"
  say "up failed (exit $rc): stopping what it started (${STARTED_HERE[*]})"
  for ((i = ${#STARTED_HERE[@]} - 1; i >= 0; i--)); do
    what=${STARTED_HERE[$i]}
    case $what in
      single) single_down ;;
      cluster) cluster_down ;;
      redis) redis_down ;;
    esac
  done
  write_state
  exit "$rc"
}

# The comment block at the top of this file, without its '# '.
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; }

brokers_option() {
  local nodes=${KAFKA_NODES:-}
  while (($#)); do
    case $1 in
      --brokers) nodes=${2:-} && shift ;;
      --brokers=*) nodes=${1#--brokers=} ;;
      *) die "unknown option '$1' (try: bash scripts/infra.sh help)" ;;
    esac
    shift
  done
  [[ -z $nodes || $nodes == 1 || $nodes == 3 ]] || die "--brokers takes 1 or 3 (got '$nodes')"
  echo "$nodes"
}

main() {
  local command=${1:-help}
  (($#)) && shift
  mkdir -p "$INFRA_DIR"
  case $command in
    up)
      local nodes started
      nodes=$(brokers_option "$@")
      started=$(now_ms)
      trap 'undo_up $?' EXIT
      trap 'exit 130' INT
      trap 'exit 143' TERM
      if [[ $nodes == 3 ]]; then cluster_up; else single_up; fi
      redis_up
      write_state
      wait_ready
      trap - EXIT INT TERM
      say "ready in $(seconds_since "$started") s; state: $STATE_FILE"
      ;;
    down)
      local nodes
      nodes=$(brokers_option "$@")
      [[ $nodes == 3 ]] || single_down
      [[ $nodes == 1 ]] || cluster_down
      [[ -n $nodes ]] || redis_down
      write_state
      say "down"
      ;;
    status) status "$@" ;;
    fetch) fetch_jars && say "Kafka $KAFKA_VERSION jars in $LIBS_DIR" ;;
    kill-node) kill_node "$@" ;;
    start-node) start_node "$@" ;;
    kill-redis) kill_redis ;;
    start-redis) start_redis ;;
    pause-node) pause_node "$@" ;;
    resume-node) resume_node "$@" ;;
    pause-redis) pause_redis ;;
    resume-redis) resume_redis ;;
    help | -h | --help) usage ;;
    *)
      usage >&2
      die "unknown command '$command'"
      ;;
  esac
}

main "$@"
