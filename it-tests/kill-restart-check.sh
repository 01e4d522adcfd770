#!/usr/bin/env bash
# Kill -9 of the service while it loads a model, then a restart: it must start clean, load and
# answer correctly, and nothing corrupt may be used.
#
#   1. copies the build's default model repository (cache-engine/target/model-repo: MiniLM and
#      the spam detector) into a temporary folder and writes a SHA256SUMS in each model folder;
#   2. starts the uber jar with MODEL_CACHE_REQUIRE_MANIFEST=true and records the spam
#      detector's answer to one text;
#   3. for each delay in KILL_CHECK_DELAYS_MS: asks for a preload of KILL_CHECK_MODEL, polls
#      /metrics until model_cache_loads_in_flight is 1 (no fixed wait), waits the delay, and
#      kill -9s the JVM mid-load (the preload request must get no answer); then restarts on the
#      same port with the same java.io.tmpdir, as a supervisor would;
#   4. after each restart: ready, KILL_CHECK_MODEL loads and predicts (MiniLM: cosine >= 0.9999
#      against fixtures/reference/minilm-embeddings.json), the spam detector answers as before,
#      every watched folder still matches its manifests (tools/models/write-manifest.sh --check)
#      and no file appeared in it; the new JVM has nothing open or mapped in what the killed one
#      left in java.io.tmpdir, whose size is reported.
#
# Usage: it-tests/kill-restart-check.sh [JAR]     (default: cache-war/target/model-cache.jar)
# Environment:
#   KILL_CHECK_SKIP=true        do nothing (so does MAVEN_SKIP_TESTS=true, how Maven passes -DskipTests)
#   KILL_CHECK_MODEL            model to kill the load of (default sentence-transformers/all-MiniLM-L6-v2)
#   KILL_CHECK_DELAYS_MS        kill this long after the load started, one round each (default "0 500";
#                               a round whose load ends within its delay is retried with half of it)
#   KILL_CHECK_MODEL_DIR        model repository to serve (default: a copy of the build's, with manifests)
#   KILL_CHECK_SERVICE_ENV      extra NAME=VALUE settings for the service, space-separated (another
#                               model source, e.g. HUGGINGFACE_HUB_CACHE=/srv/hub)
#   KILL_CHECK_WATCH            folders that must not change across the kills (default: the repository)
#   KILL_CHECK_KEEP=1           keep the temporary folder; JAVA_HOME, JAVA_OPTS as for service-check.sh
#   MODEL_CACHE_API_KEY         sent with every request (see lib/service.sh)
# Exit status: 0 PASS, 1 FAIL.
set -euo pipefail

if [[ "${KILL_CHECK_SKIP:-}" == "true" || "${MAVEN_SKIP_TESTS:-}" == "true" ]]; then
  echo "kill-restart-check: skipped (KILL_CHECK_SKIP or MAVEN_SKIP_TESTS is true)"
  exit 0
fi
name=kill-restart-check
svc_wrap=()
# shellcheck source=lib/service.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib/service.sh"

jar="${1:-$root/cache-war/target/model-cache.jar}"
model="${KILL_CHECK_MODEL:-sentence-transformers/all-MiniLM-L6-v2}"
read -r -a delays <<<"${KILL_CHECK_DELAYS_MS:-0 500}"
read -r -a service_env <<<"${KILL_CHECK_SERVICE_ENV:-}"
reference="$root/fixtures/reference/minilm-embeddings.json"
[[ -f "$jar" ]] || die "no jar at $jar (build it: ./mvnw -o -B package -DskipTests -pl cache-war -am)"

# ---- 1. repository with manifests ------------------------------------------------------------
if [[ -n "${KILL_CHECK_MODEL_DIR:-}" ]]; then
  models="$KILL_CHECK_MODEL_DIR"
else
  built="$root/cache-engine/target/model-repo"
  [[ -f "$built/sentence-transformers/all-MiniLM-L6-v2/model.onnx" ]] \
    || die "no $built with MiniLM (build it: ./mvnw -o -B package -DskipTests -pl cache-engine -am)"
  models="$tmp/models"
  cp -R "$built" "$models"
  bash "$root/tools/models/write-manifest.sh" "$models/spam-detector" "$models/sentence-transformers/all-MiniLM-L6-v2" >/dev/null
fi
read -r -a watch <<<"${KILL_CHECK_WATCH:-$models}"
snapshot() { # snapshot OUT: every file of the watched folders with its digest
  local d
  for d in "${watch[@]}"; do (cd "$d" && find -L . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum); done >"$1"
}
snapshot "$tmp/watch-before.txt"
log "repository $models; watching ${watch[*]} ($(wc -l <"$tmp/watch-before.txt") files)"

port="$(free_port)"
base="http://127.0.0.1:$port"
javatmp="$tmp/java-tmp"
settings=(MODEL_CACHE_MODEL_DIR="$models" MODEL_CACHE_REQUIRE_MANIFEST=true "${service_env[@]}")

spam_body='{"text": "WIN a FREE cruise!!! Click here to claim your prize", "model_name": "spam-detector"}'
spam_answer() { # the spam detector's label and confidence, or the failure
  local code
  code="$(post_json "$base/predict" "$spam_body" "$tmp/spam.json")"
  [[ "$code" == 200 ]] || { echo "HTTP $code $(head -c 300 "$tmp/spam.json")"; return; }
  "$python" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["prediction"], d["confidence"])' "$tmp/spam.json"
}
# check_model: the killed model loads and answers; MiniLM's embedding must match the reference.
check_model() {
  local text code
  text="$("$python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["cases"][1]["text"])' "$reference")"
  code="$(post_json "$base/predict" "{\"text\": \"$text\", \"model_name\": \"$model\"}" "$tmp/model.json")"
  [[ "$code" == 200 ]] || die "$model after the restart: HTTP $code $(head -c 300 "$tmp/model.json")"
  if [[ "$model" == sentence-transformers/all-MiniLM-L6-v2 ]]; then
    "$python" - "$tmp/model.json" "$reference" <<'PY' || die "$model answers differently after the restart"
import json, math, sys
got = json.load(open(sys.argv[1]))["embedding"]
want = json.load(open(sys.argv[2]))["cases"][1]["embedding"]
cos = sum(a * b for a, b in zip(got, want)) / math.sqrt(sum(a * a for a in got) * sum(b * b for b in want))
print(f"kill-restart-check:   {len(got)}-d embedding, cosine to the reference {cos:.6f}")
sys.exit(0 if cos >= 0.9999 else 1)
PY
  else
    log "  $model answered $(head -c 160 "$tmp/model.json")"
  fi
}
loads_in_flight() {
  lcurl -m 2 -H 'Accept: text/plain' "$base/metrics" 2>/dev/null \
    | awk '$1 == "model_cache_loads_in_flight" { print int($2) }'
}

# ---- 2. first start --------------------------------------------------------------------------
start_service "$tmp/service-0.log" "$javatmp" "$port" "${settings[@]}"
wait_ready "$base" "$svc_pid" "$tmp/service-0.log"
baseline="$(spam_answer)"
log "started (pid $svc_pid) on port $port; spam detector: $baseline"

# ---- 3./4. kill during the load, restart, check ----------------------------------------------
round=0
for delay in "${delays[@]}"; do
  round=$(( round + 1 ))
  svc_log="$tmp/service-$(( round - 1 )).log"
  # A warm page cache can make the load shorter than the delay: then the model is unloaded and the
  # round is tried again with half the delay, down to 0 (a kill as soon as the load is seen).
  while :; do
    log_lines="$(wc -l <"$svc_log")"
    lcurl -m 300 -o "$tmp/preload-$round.json" -w '%{http_code}' -X POST "$base/models/$model/preload" \
      >"$tmp/preload-$round.code" 2>/dev/null &
    preload_pid=$!
    t0="$(now_ms)"
    deadline=$(( $(date +%s) + 120 ))
    until [[ "$(loads_in_flight)" == 1 ]]; do
      (( $(date +%s) < deadline )) || die "round $round: no load in flight within 120 s"
      kill -0 "$preload_pid" 2>/dev/null || die "round $round: the preload finished before a load was seen ($(cat "$tmp/preload-$round.code"))"
      sleep 0.05
    done
    seen="$(( $(now_ms) - t0 ))"
    (( delay == 0 )) || sleep "$(awk "BEGIN { print $delay / 1000 }")"
    [[ "$(loads_in_flight)" == 1 ]] && break
    (( delay > 0 )) || die "round $round: the load finished before the kill, with no delay"
    wait "$preload_pid" 2>/dev/null || true
    log "round $round: the load finished within the ${delay} ms delay; unloading and trying $(( delay / 2 )) ms"
    [[ "$(lcurl -m 30 -o /dev/null -w '%{http_code}' -X DELETE "$base/models/$model")" == 200 ]] \
      || die "round $round: could not unload $model"
    delay=$(( delay / 2 ))
  done
  kill -KILL "$svc_pid"
  wait "$svc_pid" 2>/dev/null || true
  wait "$preload_pid" 2>/dev/null || true
  answered="$(cat "$tmp/preload-$round.code" 2>/dev/null || true)"
  [[ "$answered" == 000 || -z "$answered" ]] || die "round $round: the preload was answered ($answered) before the kill"
  if tail -n +"$(( log_lines + 1 ))" "$svc_log" | grep -q "loaded $model"; then
    die "round $round: the log says $model had loaded before the kill"
  fi
  left="$(du -sm "$javatmp" | cut -f1)"
  log "round $round: load in flight after $seen ms, kill -9 $(( $(now_ms) - t0 )) ms after the preload request; the preload got no answer; the killed JVM left ${left} MB in java.io.tmpdir: $(cd "$javatmp" && ls | tr '\n' ' ')"

  leftovers=("$javatmp"/*)
  t1="$(now_ms)"
  start_service "$tmp/service-$round.log" "$javatmp" "$port" "${settings[@]}"
  wait_ready "$base" "$svc_pid" "$tmp/service-$round.log"
  log "round $round: restarted on the same port, ready in $(( ($(now_ms) - t1) / 1000 )) s"
  check_model
  # Nothing the killed JVM left is used: no open file or mapping of the new one is under it.
  for old in "${leftovers[@]}"; do
    if { ls -l "/proc/$svc_pid/fd" 2>/dev/null; cat "/proc/$svc_pid/maps" 2>/dev/null; } | grep -qF "$old"; then
      die "round $round: the restarted JVM uses $old, left by the killed one"
    fi
  done
  log "  the restarted JVM has nothing open or mapped under the ${#leftovers[@]} folder(s) the killed one(s) left"
  after="$(spam_answer)"
  [[ "$after" == "$baseline" ]] || die "round $round: spam detector answered '$after', before the kill '$baseline'"
  log "  spam-detector: $after (as before)"
  snapshot "$tmp/watch-after.txt"
  diff -u "$tmp/watch-before.txt" "$tmp/watch-after.txt" >/dev/null \
    || die "round $round: the watched folders changed: $(diff "$tmp/watch-before.txt" "$tmp/watch-after.txt" | head -n 10)"
  for manifest in $(find -L "${watch[@]}" -name SHA256SUMS); do
    bash "$root/tools/models/write-manifest.sh" --check "$(dirname "$manifest")" >/dev/null \
      || die "round $round: $(dirname "$manifest") no longer matches its manifest"
  done
  stats="$(lcurl -m 5 "$base/stats")"
  log "  watched folders unchanged, manifests match; /stats: $(echo "$stats" | "$python" -c 'import json,sys; d=json.load(sys.stdin); print("loads", d["loads"], "load_failures", d["load_failures"], "models_loaded", d["models_loaded"])')"
  # The next round kills a fresh load of the model.
  [[ "$(lcurl -m 30 -o /dev/null -w '%{http_code}' -X DELETE "$base/models/$model")" == 200 ]] \
    || die "round $round: could not unload $model"
done

# What a clean stop leaves, beside what the kills left.
stop_pid "$svc_pid"
log "after a clean stop java.io.tmpdir holds $(du -sm "$javatmp" | cut -f1) MB: $(cd "$javatmp" && ls | tr '\n' ' ')"

passed=1
log "PASS ($round kill(s) during a load of $model)"
