#!/usr/bin/env bash
# Soak: mixed traffic with evictions against the uber jar for SOAK_MINUTES, sampling the JVM.
#
# The service runs with -Xmx512m and MALLOC_ARENA_MAX=2 (docs/memory.md's advice) and a budget
# of SOAK_BUDGET_MB over six models (tiny-a..e and the spam detector, about 120 MB if all were
# loaded), so that loads and evictions never stop. SOAK_CLIENTS threads send the mix of
# support/Traffic.java (run as a single-file program, one run per minute): predictions,
# batches, preloads (some pinning), unloads, clears, reads, bad input.
#
# After a warm-up, and after every minute of the soak, it records the process's RSS (VmRSS),
# the heap used after a full GC (jcmd GC.run, then GC.heap_info), threads (/proc/PID/status),
# open file descriptors (/proc/PID/fd) and the answers by status, and prints them as a table.
# It fails if any request got no answer or an undesigned answer (a 5xx other than 503, or a
# non-200 without the JSON error shape), or if from the first sample to the last the threads
# grew by more than SOAK_THREADS_TOLERANCE, the descriptors by more than SOAK_FDS_TOLERANCE,
# the RSS by more than SOAK_RSS_GROWTH_MB or the heap after GC by more than SOAK_HEAP_GROWTH_MB.
#
# Usage: it-tests/soak.sh [JAR]               (default: cache-war/target/model-cache.jar)
# Environment, with defaults:
#   SOAK_MINUTES=10  SOAK_CLIENTS=16  SOAK_BUDGET_MB=48  SOAK_WARMUP_SECONDS=60
#   SOAK_THREADS_TOLERANCE=8  SOAK_FDS_TOLERANCE=16  SOAK_RSS_GROWTH_MB=128  SOAK_HEAP_GROWTH_MB=32
#   SOAK_SKIP=true (do nothing), SOAK_KEEP=1, JAVA_HOME, JAVA_OPTS (default -Xmx512m),
#   MODEL_CACHE_API_KEY (see lib/service.sh)
# From Maven: ./mvnw -B verify -pl it-tests -am -Psoak [-Dsoak.minutes=N]
# Exit status: 0 PASS, 1 FAIL.
set -euo pipefail

if [[ "${SOAK_SKIP:-}" == "true" ]]; then
  echo "soak: skipped (SOAK_SKIP=true)"
  exit 0
fi
name=soak
svc_wrap=()
# shellcheck source=lib/service.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib/service.sh"

jar="${1:-$root/cache-war/target/model-cache.jar}"
minutes="${SOAK_MINUTES:-10}"
clients="${SOAK_CLIENTS:-16}"
budget="${SOAK_BUDGET_MB:-48}"
warmup="${SOAK_WARMUP_SECONDS:-60}"
tol_threads="${SOAK_THREADS_TOLERANCE:-8}"
tol_fds="${SOAK_FDS_TOLERANCE:-16}"
tol_rss_mb="${SOAK_RSS_GROWTH_MB:-128}"
tol_heap_mb="${SOAK_HEAP_GROWTH_MB:-32}"
traffic="$root/it-tests/src/test/java/dev/modelcache/it/support/Traffic.java"
jcmd="${JAVA_HOME:+$JAVA_HOME/bin/}jcmd"
models_used=(tiny-a tiny-b tiny-c spam-detector tiny-d tiny-e)
[[ -f "$jar" ]] || die "no jar at $jar (build it: ./mvnw -o -B package -DskipTests -pl cache-war -am)"
command -v "$jcmd" >/dev/null || die "jcmd is needed (it comes with the JDK)"

models="$tmp/models"
make_models "$models"
port="$(free_port)"
base="http://127.0.0.1:$port"
MALLOC_ARENA_MAX=2 start_service "$tmp/service.log" "$tmp/java-tmp" "$port" \
  MODEL_CACHE_MODEL_DIR="$models" MODEL_CACHE_MAX_MEMORY_MB="$budget"
wait_ready "$base" "$svc_pid" "$tmp/service.log"
log "service pid $svc_pid on port $port: budget $budget MiB over ${models_used[*]}; $clients clients"

# heap_mb: heap used after a full collection, in MiB (G1, Serial and Parallel layouts).
heap_mb() {
  "$jcmd" "$svc_pid" GC.run >/dev/null 2>&1 || true
  "$jcmd" "$svc_pid" GC.heap_info 2>/dev/null \
    | awk '/(heap|generation|PSYoungGen|ParOldGen) +total/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?/, "", v); s += v } }
           END { printf "%.1f", s / 1024 }'
}
stat_of() { # stat_of FIELD: a number from /stats
  lcurl -m 10 "$base/stats" | "$python" -c "import json,sys; print(json.load(sys.stdin)['$1'])"
}
# run_traffic SECONDS OUT: one run of the traffic program; its table in OUT; status of the run.
run_traffic() {
  "$java" -Xmx256m "$traffic" "$base" "$clients" "$1" "${models_used[@]}" >"$2" 2>&1
}
declare -A total=()
bad_runs=0
add_counts() { # add_counts TABLE_FILE: adds the "all" row into total[status]
  local header row i
  header="$(awk '$1 == "operation"' "$1")"
  row="$(awk '$1 == "all"' "$1")"
  read -r -a hs <<<"$header"
  read -r -a vs <<<"$row"
  for (( i = 1; i < ${#hs[@]} - 1; i++ )); do
    total[${hs[$i]}]=$(( ${total[${hs[$i]}]:-0} + ${vs[$i]} ))
  done
}
samples="$tmp/samples.txt"
sample() { # sample LABEL REQUESTS STATUSES
  printf '%-8s %9s %8.1f %9s %8s %6s %7s  %s\n' "$1" "$2" "$(awk "BEGIN { print $(rss_kb "$svc_pid") / 1024 }")" \
    "$(heap_mb)" "$(threads_of "$svc_pid")" "$(fds_of "$svc_pid")" "$(stat_of models_loaded)" "$3" >>"$samples"
}
statuses_of() { awk '$1 == "operation" { for (i = 2; i < NF; i++) h[i] = $i } $1 == "all" { for (i = 2; i < NF; i++) printf "%s%s=%s", (i > 2 ? " " : ""), h[i], $i }' "$1"; }

printf '%-8s %9s %8s %9s %8s %6s %7s  %s\n' minute requests "RSS MB" "heap MB" threads fds models "answers by status" >"$samples"
log "warm-up: ${warmup} s of traffic"
run_traffic "$warmup" "$tmp/traffic-warmup.txt" || bad_runs=$(( bad_runs + 1 ))
sample warm-up "$(awk '$1 == "all" { print $NF }' "$tmp/traffic-warmup.txt")" "$(statuses_of "$tmp/traffic-warmup.txt")"
loads0="$(stat_of loads)"
for (( m = 1; m <= minutes; m++ )); do
  out="$tmp/traffic-$m.txt"
  if ! run_traffic 60 "$out"; then
    bad_runs=$(( bad_runs + 1 ))
    log "minute $m: undesigned answers:"
    grep -E '^failure' "$out" | head -n 5 >&2 || true
  fi
  add_counts "$out"
  sample "$m" "$(awk '$1 == "all" { print $NF }' "$out")" "$(statuses_of "$out")"
  kill -0 "$svc_pid" 2>/dev/null || die "the service died in minute $m"
  tail -n 1 "$samples" | sed "s/^/$name: /"
done
stats="$(lcurl -m 10 "$base/stats")"
echo
cat "$samples"
echo
requests=0
for s in "${!total[@]}"; do requests=$(( requests + total[$s] )); done
summary="$(for s in $(printf '%s\n' "${!total[@]}" | sort); do printf '%s=%s ' "$s" "${total[$s]}"; done)"
log "soak of $minutes min: $requests requests, answers by status: $summary"
log "cache over the soak: $(echo "$stats" | "$python" -c "
import json, sys
d = json.load(sys.stdin)
print(f\"{d['loads'] - $loads0} loads, evictions {d['evictions']}, rejected {d['rejected']}, load failures {d['load_failures']}, hit rate {d['hit_rate']:.3f}\")")"

# ---- verdict ---------------------------------------------------------------------------------
first="$(awk 'NR == 2' "$samples")"
last="$(tail -n 1 "$samples")"
read -r _ _ rss0 heap0 thr0 fd0 _ _ <<<"$first"
read -r _ _ rss1 heap1 thr1 fd1 _ _ <<<"$last"
verdict=()
(( bad_runs == 0 )) || verdict+=("$bad_runs traffic run(s) saw unanswered or undesigned answers")
for s in "${!total[@]}"; do
  [[ "$s" == no-ans || ( "$s" -ge 500 && "$s" != 503 && "$s" != 507 ) ]] && verdict+=("status $s: ${total[$s]}")
done
(( thr1 - thr0 <= tol_threads )) || verdict+=("threads grew $thr0 -> $thr1 (tolerance $tol_threads)")
(( fd1 - fd0 <= tol_fds )) || verdict+=("file descriptors grew $fd0 -> $fd1 (tolerance $tol_fds)")
awk "BEGIN { exit !($rss1 - $rss0 <= $tol_rss_mb) }" || verdict+=("RSS grew $rss0 -> $rss1 MB (bound +$tol_rss_mb MB)")
awk "BEGIN { exit !($heap1 - $heap0 <= $tol_heap_mb) }" || verdict+=("heap after GC grew $heap0 -> $heap1 MB (bound +$tol_heap_mb MB)")
log "from warm-up to the end: RSS $rss0 -> $rss1 MB (bound +$tol_rss_mb), heap after GC $heap0 -> $heap1 MB (bound +$tol_heap_mb), threads $thr0 -> $thr1 (+$tol_threads), fds $fd0 -> $fd1 (+$tol_fds)"
if (( ${#verdict[@]} )); then
  for v in "${verdict[@]}"; do log "FAIL: $v"; done
  exit 1
fi
passed=1
log "PASS"
