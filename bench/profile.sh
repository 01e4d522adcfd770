#!/usr/bin/env bash
# Where the time goes: the service under wrk load, profiled two ways in one run.
#
#   1. CPU time by thread, from /proc: every thread of the service JVM (HTTP workers, inference
#      runners, ONNX Runtime's native pool threads, GC, JIT) and wrk itself, grouped by kind, as a
#      share of the machine's CPU time during the measured seconds. ONNX Runtime's pool threads are
#      native threads that JFR cannot see; this table does.
#   2. A JFR profile (settings=profile) of the same seconds: for each component (Grizzly, Jersey,
#      Weld, the EJB container, Yasson, Model Cache, the tokenizer, ONNX Runtime, ...), the share of
#      Java execution samples whose stack holds a frame of it (inclusive), and the share whose
#      innermost known frame is its (self); native-method samples by method.
#
# Builds nothing; uses the uber jar and the model repository of "./mvnw -B package -DskipTests".
# Usage: bench/profile.sh          Environment (defaults in brackets):
#   PROFILE_MODEL [spam-detector]  PROFILE_CONCURRENCY [32]  PROFILE_SECONDS [15]
#   PROFILE_JFR [1]                0: the /proc table only (JFR's sampling costs the service CPU)
#   PROFILE_WARMUP [30]            seconds of load before the measured seconds (the JIT)
#   PROFILE_SERVICE_ENV            extra NAME=VALUE settings for the service (space-separated)
#   JAR [cache-war/target/model-cache.jar], JAVA_OPTS [-Xmx1g]
# Prints the summary and writes it to bench/target/profile/summary.md, beside profile.jfr,
# cpu-before.txt, cpu-after.txt, wrk.txt, wrk-time.txt and service.log.
# Needs: java (jcmd, jfr), curl, wrk, python3.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar="${JAR:-$root/cache-war/target/model-cache.jar}"
repo="$root/cache-engine/target/model-repo"
corpus="$here/corpus/corpus.txt"
model="${PROFILE_MODEL:-spam-detector}"
concurrency="${PROFILE_CONCURRENCY:-32}"
seconds="${PROFILE_SECONDS:-15}"
cores="$(nproc)"
out="$root/bench/target/profile"
java_bin="$(command -v java)"
jdk_bin="$(dirname "$(readlink -f "$java_bin")")"
pid=""

unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export no_proxy='*' NO_PROXY='*'
log() { echo "profile: $*" >&2; }
die() { echo "profile: FAIL: $*" >&2; exit 1; }
trap '[[ -z "$pid" ]] || { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; } || true' EXIT

[[ -f "$jar" ]] || die "no jar at $jar (./mvnw -B package -DskipTests)"
[[ -d "$repo/$model" ]] || die "no model $model in $repo"
command -v wrk >/dev/null || die "wrk is missing (apt-get install wrk; bench/load.sh installs it)"
[[ -x "$jdk_bin/jcmd" && -x "$jdk_bin/jfr" ]] || die "no jcmd/jfr beside $java_bin"
mkdir -p "$out"
rm -f "$out/profile.jfr"

port=$(( 20000 + RANDOM % 20000 ))
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$(( 20000 + RANDOM % 20000 )); done
# shellcheck disable=SC2086
env MODEL_CACHE_AUTH=disabled RESPONSE_CACHE_MB=0 MODEL_CACHE_MODEL_DIR="$repo" \
  MODEL_CACHE_PRELOAD="$model" MALLOC_ARENA_MAX=2 ${PROFILE_SERVICE_ENV:-} \
  "$java_bin" ${JAVA_OPTS:--Xmx1g} -jar "$jar" --port "$port" --nohazelcast --disablephonehome \
  >"$out/service.log" 2>&1 &
pid=$!
deadline=$(( $(date +%s) + 180 ))
until curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready"; do
  kill -0 "$pid" 2>/dev/null || die "the service exited (see $out/service.log)"
  (( $(date +%s) < deadline )) || die "not ready after 180 s"
  sleep 0.5
done
threads=$(( concurrency < cores ? concurrency : cores ))
load() { # seconds
  wrk -t"$threads" -c"$concurrency" -d"$1s" --timeout 30s -s "$here/load/predict.lua" \
    "http://127.0.0.1:$port/predict" -- "$corpus" "$model" 0
}
warmup="${PROFILE_WARMUP:-30}"
jfr="${PROFILE_JFR:-1}"
log "warm-up $warmup s at concurrency $concurrency"
load "$warmup" >/dev/null

cpu_snapshot() { # file: "<tid> <comm> <ticks>" for the service's threads, then wrk's
  local f=$1 t
  awk '$1 == "cpu" { print "idle", "machine", $5 + $6 }' /proc/stat >"$f"
  for t in /proc/"$pid"/task/*; do
    awk -v tid="${t##*/}" '{ sub(/^[0-9]+ \(/, ""); n = split($0, a, ") "); split(a[n], r, " ");
      name = substr($0, 1, length($0) - length(a[n]) - 2); gsub(/ /, "_", name);
      print tid, name, r[12] + r[13] }' "$t/stat" 2>/dev/null >>"$f" || true
  done
}
[[ "$jfr" == 0 ]] || "$jdk_bin/jcmd" "$pid" JFR.start name=profile settings=profile filename="$out/profile.jfr" >/dev/null
cpu_snapshot "$out/cpu-before.txt"
t0=$(date +%s%N)
# wrk's own CPU time: run it under bash's time.
{ TIMEFORMAT='%U %S'; time load "$seconds" >"$out/wrk.txt"; } 2>"$out/wrk-time.txt"
t1=$(date +%s%N)
cpu_snapshot "$out/cpu-after.txt"
[[ "$jfr" == 0 ]] || "$jdk_bin/jcmd" "$pid" JFR.stop name=profile >/dev/null
result="$(grep '^RESULT' "$out/wrk.txt" || true)"
[[ -n "$result" ]] || die "wrk printed no result"
log "$result"
stats="$(curl -s "http://127.0.0.1:$port/stats")"

samples=none
if [[ "$jfr" != 0 ]]; then
  samples="$out/samples.json"
  "$jdk_bin/jfr" print --json --events jdk.ExecutionSample,jdk.NativeMethodSample \
    --stack-depth 64 "$out/profile.jfr" >"$samples"
fi
python3 "$here/profile/summarise.py" \
  --before "$out/cpu-before.txt" --after "$out/cpu-after.txt" --wrk-time "$out/wrk-time.txt" \
  --wall-ns $(( t1 - t0 )) --cores "$cores" --samples "$samples" --clock-ticks "$(getconf CLK_TCK)" \
  --title "$model, concurrency $concurrency, $seconds s, $cores cores: $result" --stats "$stats" \
  | tee "$out/summary.md"
rm -f "$out/samples.json"
