#!/usr/bin/env bash
# Bulwark's overhead benchmarks, everything with one command (see BENCHMARKS.md):
#   benchmarks/run.sh            the full run (about 2.5 hours on 2 cores): JMH, Bulwark's own start on an empty
#                                main, then end to end with wrk: the load interleaved between a round's servers
#                                (configurations A-D, both workloads, 3 rounds), then a start-up pass (each
#                                configuration started 10 times, one server at a time)
#   benchmarks/run.sh --quick    a smoke run of a few minutes: proves the harness works, numbers are not for quoting
# Other options: --no-build, --skip-jmh, --skip-agent-start, --skip-load; everything else goes to the load harness
# (e.g. --rounds 5, --duration 60, --configs ABC, --workloads transaction, --start-up-rounds 20, --server-cpus 0
# --load-cpus 1; see LoadBenchmark's usage; --separate runs each server alone instead of interleaving the load, on a
# machine that drifts less than these; --same-process measures each server without an agent, then attached);
# --server-cpus, --compare-agent and --compare-config also to the agent-start step.
# Writes benchmarks/results/<date-time>/: results.md (the tables), load.csv, start-up.csv and jmh.csv (raw), jmh.txt,
# and per server run its command line, wrk outputs and (trimmed) logs under runs/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
JDK25_DEFAULT=/usr/lib/jvm/temurin-25-jdk-amd64

command_line="benchmarks/run.sh${*:+ $*}"
quick=false build=true jmh=true agent_start=true load=true
load_args=()
start_args=()
load_cpus=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=true; load_args+=("$1") ;;
    --no-build) build=false ;;
    --skip-jmh) jmh=false ;;
    --skip-agent-start) agent_start=false ;;
    --skip-load) load=false ;;
    --load-cpus) load_cpus=$2; load_args+=("$1" "$2"); shift ;;
    --server-cpus|--compare-agent|--compare-config) start_args+=("$1" "$2"); load_args+=("$1" "$2"); shift ;;
    *) load_args+=("$1") ;;
  esac
  shift
done

java_feature_version() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]) }'
}
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" && "$(java_feature_version "$JAVA_HOME")" -ge 21 ]]; then
  :
elif [[ -x "$JDK25_DEFAULT/bin/java" ]]; then
  JAVA_HOME=$JDK25_DEFAULT
else
  echo "run.sh: needs JDK 21 or newer (JDK 25 recommended); set JAVA_HOME" >&2
  exit 1
fi
export JAVA_HOME
JAVA=$JAVA_HOME/bin/java

missing=()
for tool in wrk taskset mvn; do
  command -v "$tool" > /dev/null || missing+=("$tool")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "run.sh: missing ${missing[*]}. On Debian/Ubuntu: sudo apt-get install -y wrk util-linux maven" >&2
  exit 1
fi
if [[ $(getconf _NPROCESSORS_ONLN) -lt 2 ]]; then
  echo "run.sh: needs at least 2 CPUs: the server and the load generator each get their own" >&2
  exit 1
fi

if $build; then
  echo "[bench] building the agent, the sample service, the backends and benchmarks/ ..."
  mvn -B -q -Pbenchmarks -Dmaven.test.skip=true -pl sample-service,benchmarks -am package
fi

OUT=$ROOT/benchmarks/results/$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
echo "[bench] results go to ${OUT#"$ROOT"/}"
started=$(date +%s)

if $jmh; then
  if $quick; then
    jmh_options=(-f 1 -wi 1 -w 1s -i 1 -r 1s)
  else
    jmh_options=(-f 2 -wi 3 -w 1s -i 5 -r 1s)
  fi
  # The in-process engine benchmarks. RedisRateLimitBenchmark needs a Redis server and runs from the classpath
  # (see its Javadoc), not from benchmarks.jar.
  jmh_benchmarks='TokenBucketBenchmark|CircuitBreakerBenchmark|RouteMatchBenchmark|AccessLogBenchmark|InboundPipelineBenchmark'
  echo "[bench] JMH ${jmh_options[*]} (the whole machine; run before any backend starts)"
  "$JAVA" -jar benchmarks/target/benchmarks.jar "$jmh_benchmarks" "${jmh_options[@]}" -rf csv -rff "$OUT/jmh.csv" \
    | tee "$OUT/jmh.txt"
  # The shared (Redis) rate limit against Bucket4j's lettuce backend, one thread and four on one hot key; it starts
  # its own Redis (from the backends module), so it runs from the classpath.
  if $quick; then
    redis_options=(-f 1 -wi 1 -w 2s -i 1 -r 2s)
  else
    redis_options=(-f 1 -wi 2 -w 5s -i 3 -r 5s)
  fi
  for threads in 1 4; do
    echo "[bench] JMH RedisRateLimitBenchmark -t $threads ${redis_options[*]}"
    "$JAVA" -cp "benchmarks/target/classes:$(cat benchmarks/target/runtime.classpath)" org.openjdk.jmh.Main \
      RedisRateLimitBenchmark -t "$threads" "${redis_options[@]}" -rf csv -rff "$OUT/jmh-redis-t$threads.csv" \
      | tee "$OUT/jmh-redis-t$threads.txt"
  done
fi

if $agent_start; then
  # Bulwark's own start on an empty main, with and without the agent: before any backend starts, so the machine is
  # quiet; seconds per start, so 20 rounds take a few minutes.
  start_rounds=20
  if $quick; then start_rounds=3; fi
  echo "[bench] Bulwark's own start on an empty main, $start_rounds rounds"
  taskset -c "$load_cpus" "$JAVA" -Dbulwark.root="$ROOT" \
    -cp "benchmarks/target/classes:$(cat benchmarks/target/runtime.classpath)" \
    io.bulwark.benchmarks.start.AgentStartBenchmark --output "$OUT" --rounds "$start_rounds" "${start_args[@]}"
fi

if $load; then
  # Pinned to the load generator's cores: the backends it starts and wrk inherit them; the server gets its own.
  taskset -c "$load_cpus" "$JAVA" -Xmx256m -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -Dbulwark.root="$ROOT" -cp "benchmarks/target/classes:$(cat benchmarks/target/runtime.classpath)" \
    io.bulwark.benchmarks.load.LoadBenchmark --output "$OUT" "${load_args[@]}"
fi

"$JAVA" -cp benchmarks/target/classes io.bulwark.benchmarks.ResultsFile "$OUT" \
  "$command_line" "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  "$(( ($(date +%s) - started) / 60 ))"
echo "[bench] wrote ${OUT#"$ROOT"/}/results.md"
