#!/usr/bin/env bash
# Side-by-side load comparison: memcaslap (libmemcached-tools) against the real memcached and against Parley's
# memcached server (dev.parley.memcached.MemcachedMain), one after the other on the same machine, same settings.
# Bounded: each measured run lasts $DURATION, after a short warm-up run for each server.
#
#   bench/memcached-vs-parley.sh   # defaults: 10s runs after a 10s warm-up, 32 concurrent, 2 memcaslap threads,
#                                   # 64-byte values
#   DURATION=30s SERVER_THREADS=1 bench/memcached-vs-parley.sh
#   ROUNDS=3 MC_THREADS=1 bench/memcached-vs-parley.sh   # 3 alternating rounds; memcached -t 1, Parley 2 threads
#   TRANSPORT=epoll bench/memcached-vs-parley.sh         # Parley's transport: io_uring (default), epoll, nio, auto
#
# memcaslap's keys start with eight 0x10 bytes. protocol.txt forbids control characters in keys, and Parley's default
# (strict) key policy answers them CLIENT_ERROR, so Parley runs here with --keys lenient, memcached's own rule. The
# cmd_set/get_hits line printed at the end shows that both servers did real sets and gets.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-10s}
CONCURRENCY=${CONCURRENCY:-32}
CLIENT_THREADS=${CLIENT_THREADS:-2}
VALUE_SIZE=${VALUE_SIZE:-64}
SERVER_THREADS=${SERVER_THREADS:-2}
MC_THREADS=${MC_THREADS:-$SERVER_THREADS}
PARLEY_THREADS=${PARLEY_THREADS:-$SERVER_THREADS}
TRANSPORT=${TRANSPORT:-io_uring}
ROUNDS=${ROUNDS:-1}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
MC_PORT=${MC_PORT:-$(free_port)}
PARLEY_PORT=${PARLEY_PORT:-$(free_port)}
JAVA_OPTS=${JAVA_OPTS:--Xms512m -Xmx512m -Dio.netty.allocator.type=pooled -XX:+UseTransparentHugePages}  # as bin/parley's

for tool in memcached memcaslap java mvn; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 2; }
done

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

echo "building the memcached module (compile only) ..."
mvn -B -q ${MVN_FLAGS:-} -pl protocols/memcached -am compile dependency:build-classpath \
    -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=runtime >/dev/null
cp="protocols/memcached/target/classes:$(cat "$work/cp.txt")"
cat > "$work/logback.xml" <<'XML'
<configuration><appender name="E" class="ch.qos.logback.core.ConsoleAppender">
<encoder><pattern>%d %-5level %logger %msg%n</pattern></encoder></appender>
<root level="WARN"><appender-ref ref="E"/></root></configuration>
XML

wait_port() { # port pid
  for _ in $(seq 1 100); do
    kill -0 "$2" 2>/dev/null || { echo "server for port $1 exited" >&2; exit 1; }
    if printf 'version\r\n' | nc -q1 -w1 127.0.0.1 "$1" 2>/dev/null | grep -q VERSION; then return 0; fi
    sleep 0.1
  done
  echo "server on port $1 did not answer" >&2; exit 1
}

run_slap() { # port duration -> prints memcaslap's output
  memcaslap -s "127.0.0.1:$1" -t "$2" -c "$CONCURRENCY" -T "$CLIENT_THREADS" -X "$VALUE_SIZE" 2>&1
}

tps_of() { grep -E '^Run time' | tail -1 | sed -E 's/.*TPS: ([0-9]+).*/\1/'; }
ops_of() { grep -E '^Run time' | tail -1 | sed -E 's/.*Ops: ([0-9]+).*/\1/'; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; } # user + system time of a process, in clock ticks
# Runs memcaslap against a server and prints its output plus the server's CPU time per operation.
measure() { # port pid
  local before after out
  before=$(cpu_ticks "$2")
  out=$(run_slap "$1" "$DURATION")
  after=$(cpu_ticks "$2")
  echo "$out"
  awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v ops="$(echo "$out" | ops_of)" \
      'BEGIN { printf "server CPU: %.2f s, %.2f us/op\n", t / hz, t / hz * 1e6 / ops }'
}

memcached -l 127.0.0.1 -p "$MC_PORT" -t "$MC_THREADS" -m 64 -u "$(id -un)" &
mc_pid=$!
pids+=($!)
wait_port "$MC_PORT" "$!"
java $JAVA_OPTS -Dlogback.configurationFile="$work/logback.xml" -cp "$cp" dev.parley.memcached.MemcachedMain \
    --port "$PARLEY_PORT" --threads "$PARLEY_THREADS" --keys lenient --transport "$TRANSPORT" &
parley_pid=$!
pids+=($!)
wait_port "$PARLEY_PORT" "$!"

echo "warm-up: $WARMUP each"
run_slap "$MC_PORT" "$WARMUP" >/dev/null
run_slap "$PARLEY_PORT" "$WARMUP" >/dev/null

echo "memcaslap -t $DURATION -c $CONCURRENCY -T $CLIENT_THREADS -X $VALUE_SIZE (90% get / 10% set), $ROUNDS round(s)"
mc_all=(); parley_all=()
for round in $(seq 1 "$ROUNDS"); do
  mc_out=$(measure "$MC_PORT" "$mc_pid")
  parley_out=$(measure "$PARLEY_PORT" "$parley_pid")
  echo "--- round $round: memcached $(memcached -V | cut -d' ' -f2) (-t $MC_THREADS)"
  echo "$mc_out" | grep -E '^(Run time|Get|Set|Total|server CPU)' || true
  echo "--- round $round: parley memcached (--threads $PARLEY_THREADS --transport $TRANSPORT)"
  echo "$parley_out" | grep -E '^(Run time|Get|Set|Total|server CPU)' || true
  mc_all+=("$(echo "$mc_out" | tps_of)"); parley_all+=("$(echo "$parley_out" | tps_of)")
  awk -v p="${parley_all[-1]}" -v m="${mc_all[-1]}" -v r="$round" \
      'BEGIN { printf "round %d: memcached TPS %d, parley TPS %d, ratio %.2f\n", r, m, p, p / m }'
done
# memcaslap ignores error replies: show what each server actually stored and found.
for name in memcached parley; do
  port=$MC_PORT; [ "$name" = parley ] && port=$PARLEY_PORT
  echo "$name stats: $(printf 'stats\r\n' | nc -q1 -w2 127.0.0.1 "$port" | tr -d '\r' \
      | awk '$2 ~ /^(cmd_get|cmd_set|get_hits|get_misses|curr_items)$/ { printf "%s=%s ", $2, $3 }')"
done
echo
echo "memcached TPS: ${mc_all[*]}"
echo "parley    TPS: ${parley_all[*]}"
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
mc_tps=$(median "${mc_all[@]}")
parley_tps=$(median "${parley_all[@]}")
echo "memcached TPS (median): $mc_tps"
echo "parley    TPS (median): $parley_tps"
awk -v p="$parley_tps" -v m="$mc_tps" 'BEGIN { printf "ratio parley/memcached: %.2f\n", p / m }'
echo "machine: nproc=$(nproc), $(lscpu | sed -n 's/^Model name: *//p'), $(java -version 2>&1 | head -1)"
