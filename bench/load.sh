#!/usr/bin/env bash
# The load benchmark. Builds nothing: it uses the uber jar and the bench classes that
# "./mvnw -B package -DskipTests" (or verify) left in target/, and measures in one run:
#
#   (a) the limit: raw ONNX Runtime + tokenizer in-process on the corpus (RawLimit):
#       length-sorted batches of BATCH texts, and each text alone (tokenise + infer latency);
#   (b) the service over HTTP (wrk, one text per POST /predict, the corpus in turn) at each
#       concurrency in LOAD_CONCURRENCY: throughput and p50/p95/p99 latency;
#   (c) the peer: bench/peer-node/server.mjs (onnxruntime-node, per-request inference) at
#       LOAD_PEER_CONCURRENCY;
#   (d) several models: 5 copies of the spam detector under a budget of 2 models, requests
#       Zipf-distributed over them (exponent 1);
# then prints the tables and the ratios service/limit and service/peer (markdown, also written
# to bench/target/load/results.md). Models: the spam detector and all-MiniLM-L6-v2 (fp32) from
# cache-engine/target/model-repo. The service's response cache is off (RESPONSE_CACHE_MB=0):
# the corpus repeats, and the benchmark measures inference, not lookups.
#
# Usage: bench/load.sh            Environment (defaults in brackets):
#   LOAD_SECONDS [15]             seconds per measured run (each model has a 15 s warm-up at concurrency 8 first: the JIT)
#   LOAD_CONCURRENCY ["1 8 32 64"], LOAD_PEER_CONCURRENCY ["1 32"]
#   LOAD_MODELS ["spam-detector sentence-transformers/all-MiniLM-L6-v2"]
#   LOAD_SKIP_RAW=1, LOAD_SKIP_PEER=1, LOAD_SKIP_MULTI=1    leave out (a), (c) or (d)
#   LOAD_API_KEY                  sent as X-API-Key when the service has API keys
#   LOAD_SERVICE_ENV              extra NAME=VALUE settings for the service (space-separated), e.g.
#                                 "INFERENCE_THREADS=1 INFERENCE_RUNNERS=2"
#   JAR [cache-war/target/model-cache.jar], JAVA_OPTS [-Xmx1g]
# Needs: java, curl, wrk (Debian package; installed with apt-get when missing and root), node and
# npm for the peer (npm ci in bench/peer-node on first use).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar="${JAR:-$root/cache-war/target/model-cache.jar}"
repo="$root/cache-engine/target/model-repo"
corpus="$here/corpus/corpus.txt"
seconds="${LOAD_SECONDS:-15}"
levels="${LOAD_CONCURRENCY:-1 8 32 64}"
peer_levels="${LOAD_PEER_CONCURRENCY:-1 32}"
models="${LOAD_MODELS:-spam-detector sentence-transformers/all-MiniLM-L6-v2}"
cores="$(nproc)"
batch=32
out="$root/bench/target/load"
work="$(mktemp -d)"
pids=()

unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export no_proxy='*' NO_PROXY='*'

log() { echo "load: $*" >&2; }
die() { echo "load: FAIL: $*" >&2; exit 1; }
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

[[ -f "$jar" ]] || die "no jar at $jar (./mvnw -B package -DskipTests)"
[[ -d "$root/bench/target/classes/dev/modelcache/bench/load" ]] || die "bench classes missing (./mvnw -B package -DskipTests)"
[[ -d "$repo/spam-detector" ]] || die "no model repository at $repo"
if ! command -v wrk >/dev/null; then
  [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null || die "wrk is missing (apt-get install wrk)"
  log "installing wrk"; apt-get install -y -q wrk >/dev/null || { apt-get update -q >/dev/null; apt-get install -y -q wrk >/dev/null; }
fi
mkdir -p "$out"

max_tokens() { # the service's cap: sentence_bert_config's max_seq_length, else max_position_embeddings
  local dir="$repo/$1" n
  n=$(grep -ho '"max_seq_length": *[0-9]*' "$dir/sentence_bert_config.json" 2>/dev/null | grep -o '[0-9]*$' || true)
  [[ -n "$n" ]] || n=$(grep -ho '"max_position_embeddings": *[0-9]*' "$dir/config.json" | grep -o '[0-9]*$')
  echo $(( n < 512 ? n : 512 ))
}
free_port() {
  local p
  while :; do
    p=$(( 20000 + RANDOM % 20000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<" $1"; } # field "<RESULT line>" key
wait_ready() { # url timeout-seconds
  local deadline=$(( $(date +%s) + $2 ))
  until curl -sf -o /dev/null "$1"; do
    (( $(date +%s) < deadline )) || die "not ready at $1 after $2 s"
    sleep 0.5
  done
}
run_wrk() { # url concurrency seconds models [zipf]
  local c=$2 t=$(( $2 < cores ? $2 : cores ))
  wrk -t"$t" -c"$c" -d"$3s" --timeout 30s -s "$here/load/predict.lua" "$1" -- "$corpus" "$4" "${5:-0}" \
    | grep '^RESULT' || die "wrk printed no result"
}

# (a) the limit
declare -A raw
[[ -n "${LOAD_SKIP_RAW:-}" ]] \
  || cp="$(cd "$root" && ./mvnw -o -q -B -pl bench dependency:build-classpath -Dmdep.outputFile=/dev/stdout)"
for m in $( [[ -z "${LOAD_SKIP_RAW:-}" ]] && echo "$models" ); do
  log "raw limit: $m"
  raw[$m]="$(java -Xmx1g -cp "$root/bench/target/classes:$cp" dev.modelcache.bench.load.RawLimit \
    "$repo/$m" "$(max_tokens "$m")" "$corpus" "$batch" "$cores" "$seconds" 2>/dev/null | grep '^RESULT')"
  log "  ${raw[$m]}"
done

# (b) the service
port=$(free_port)
log "service on port $port"
# The jar's own defaults (no Data Grid unless MODEL_CACHE_CLUSTER=on, no phone home).
t0=$(date +%s%N)
env MODEL_CACHE_AUTH=disabled RESPONSE_CACHE_MB=0 INFERENCE_THREADS="$cores" BATCH_SIZE="$batch" \
  MODEL_CACHE_MODEL_DIR="$repo" MODEL_CACHE_PRELOAD="${models// /,}" MALLOC_ARENA_MAX=2 \
  ${LOAD_SERVICE_ENV:-} java ${JAVA_OPTS:--Xmx1g} -jar "$jar" --port "$port" \
  >"$work/service.log" 2>&1 &
pids+=($!)
wait_ready "http://127.0.0.1:$port/health/ready" 240
startup_s=$(awk "BEGIN{printf \"%.1f\", ($(date +%s%N) - $t0) / 1e9}")
log "service ready in $startup_s s (launch to /health/ready 200, models preloaded)"
declare -A svc
for m in $models; do
  run_wrk "http://127.0.0.1:$port" 8 15 "$m" >/dev/null # warm-up: the JIT compiles the request path
  for c in $levels; do
    log "service: $m at concurrency $c"
    svc[$m,$c]="$(run_wrk "http://127.0.0.1:$port" "$c" "$seconds" "$m")"
    log "  ${svc[$m,$c]}"
  done
done
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

# (c) the Node peer
declare -A peer
if [[ -z "${LOAD_SKIP_PEER:-}" ]]; then
  if [[ ! -d "$here/peer-node/node_modules/onnxruntime-node" ]]; then
    log "npm ci in bench/peer-node"; (cd "$here/peer-node" && npm ci --no-audit --no-fund >/dev/null)
  fi
  pport=$(free_port)
  specs=()
  for m in $models; do specs+=("$m=$repo/$m"); done
  node "$here/peer-node/server.mjs" "$pport" "${specs[@]}" >"$work/peer.log" 2>&1 &
  pids+=($!)
  until grep -q listening "$work/peer.log"; do kill -0 "${pids[-1]}" || die "peer failed: $(cat "$work/peer.log")"; sleep 0.2; done
  for m in $models; do
    run_wrk "http://127.0.0.1:$pport" 8 5 "$m" >/dev/null
    for c in $peer_levels; do
      log "node peer: $m at concurrency $c"
      peer[$m,$c]="$(run_wrk "http://127.0.0.1:$pport" "$c" "$seconds" "$m")"
      log "  ${peer[$m,$c]}"
    done
  done
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
fi

# (d) several models under a budget of two
multi=""
if [[ -z "${LOAD_SKIP_MULTI:-}" ]]; then
  mkdir -p "$work/multi"
  names=()
  for k in 1 2 3 4 5; do ln -s "$repo/spam-detector" "$work/multi/spam-$k"; names+=("spam-$k"); done
  port=$(free_port)
  MODEL_CACHE_AUTH=disabled RESPONSE_CACHE_MB=0 INFERENCE_THREADS="$cores" MODEL_CACHE_MAX_MODELS=2 \
    MODEL_CACHE_MODEL_DIR="$work/multi" MALLOC_ARENA_MAX=2 \
    java ${JAVA_OPTS:--Xmx1g} -jar "$jar" --port "$port" --nohazelcast --disablephonehome \
    >"$work/multi.log" 2>&1 &
  pids+=($!)
  wait_ready "http://127.0.0.1:$port/health/ready" 240
  list="$(IFS=,; echo "${names[*]}")"
  run_wrk "http://127.0.0.1:$port" 8 5 "$list" 1 >/dev/null
  log "service: 5 models, budget 2, Zipf(1), concurrency 32"
  multi="$(run_wrk "http://127.0.0.1:$port" 32 "$seconds" "$list" 1)"
  log "  $multi"
  stats="$(curl -sf "http://127.0.0.1:$port/stats")"
  hit_rate=$(grep -o '"hit_rate":[0-9.]*' <<<"$stats" | head -1 | cut -d: -f2)
  loads=$(grep -o '"loads":[0-9]*' <<<"$stats" | head -1 | cut -d: -f2)
  reloads=$(grep -o '"reloads":[0-9]*' <<<"$stats" | head -1 | cut -d: -f2)
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
fi

# Tables
{
  echo "Load benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $cores cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(java -version 2>&1 | head -1), ${seconds} s per run"
  echo
  echo "Service start-up, launch to ready with the models preloaded: $startup_s s ($(basename "$jar"))"
  echo
  echo "| model | run | concurrency | texts/s | p50 ms | p95 ms | p99 ms | non-2xx | errors |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for m in $models; do
    r="${raw[$m]:-}"
    if [[ -n "$r" ]]; then
      echo "| $m | raw ORT, sorted batch $batch | - | $(field "$r" sorted_tps) | | | | | |"
      echo "| $m | raw ORT, unsorted batch $batch | - | $(field "$r" unsorted_tps) | | | | | |"
      echo "| $m | raw ORT, batch 1 | 1 | $(field "$r" b1_tps) | $(field "$r" b1_p50_ms) | $(field "$r" b1_p95_ms) | $(field "$r" b1_p99_ms) | | |"
    fi
    for c in $levels; do
      s="${svc[$m,$c]}"
      echo "| $m | service | $c | $(field "$s" rps) | $(field "$s" p50_ms) | $(field "$s" p95_ms) | $(field "$s" p99_ms) | $(field "$s" non2xx) | $(( $(field "$s" connect_errors) + $(field "$s" read_errors) + $(field "$s" write_errors) + $(field "$s" timeouts) )) |"
    done
    for c in $peer_levels; do
      s="${peer[$m,$c]:-}"
      [[ -n "$s" ]] || continue
      echo "| $m | Node peer | $c | $(field "$s" rps) | $(field "$s" p50_ms) | $(field "$s" p95_ms) | $(field "$s" p99_ms) | $(field "$s" non2xx) | $(( $(field "$s" connect_errors) + $(field "$s" read_errors) + $(field "$s" write_errors) + $(field "$s" timeouts) )) |"
    done
  done
  echo
  echo "| model | service c32 / raw sorted batch | service c1 p50 - raw batch-1 p50 | service c32 / Node peer c32 |"
  echo "| --- | ---: | ---: | ---: |"
  for m in $models; do
    r="${raw[$m]:-}"; s32="${svc[$m,32]:-}"; s1="${svc[$m,1]:-}"; p32="${peer[$m,32]:-}"
    ratio=$( [[ -n "$s32" && -n "$r" ]] && awk "BEGIN{printf \"%.2f\", $(field "$s32" rps) / $(field "$r" sorted_tps)}" || echo "-")
    delta=$( [[ -n "$s1" && -n "$r" ]] && awk "BEGIN{printf \"%+.3f ms\", $(field "$s1" p50_ms) - $(field "$r" b1_p50_ms)}" || echo "-")
    vs=$( [[ -n "$s32" && -n "$p32" ]] && awk "BEGIN{printf \"%.2f\", $(field "$s32" rps) / $(field "$p32" rps)}" || echo "-")
    echo "| $m | $ratio | $delta | $vs |"
  done
  if [[ -n "$multi" ]]; then
    echo
    echo "Several models: 5 copies of spam-detector, MODEL_CACHE_MAX_MODELS=2, Zipf(1) over them, concurrency 32:"
    echo "$(field "$multi" rps) texts/s, p50 $(field "$multi" p50_ms) ms, p99 $(field "$multi" p99_ms) ms, non-2xx $(field "$multi" non2xx), model hit rate ${hit_rate:-?}, loads ${loads:-?} (reloads ${reloads:-?})"
  fi
} | tee "$out/results.md"
