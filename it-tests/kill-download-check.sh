#!/usr/bin/env bash
# Kill -9 of the service while it downloads a model from a Hub, then a restart: the partial
# download must never be loaded, the restart must finish (resume) it, verify it and answer
# correctly.
#
#   1. starts a Hugging Face Hub on loopback (FakeHubMain from cache-engine's test-jar: the Hub's
#      routes, its redirect of LFS files to a CDN host, ETags) serving all-MiniLM-L6-v2 as
#      acme/minilm, set to stall the first download of model.onnx after KILL_DOWNLOAD_BYTES;
#   2. starts the uber jar with HF_ENDPOINT at it and an empty HF_HUB_CACHE, asks for a
#      prediction with acme/minilm, waits until the fake says the download stalled, and kill -9s
#      the JVM; the cache then holds no refs/main, no snapshot and no complete blob of the graph,
#      only blobs/<sha256>.incomplete;
#   3. lets the fake go on, restarts the service, predicts again: the embedding must match the
#      committed reference (cosine >= 0.9999), the blob's SHA-256 must be its name, nothing
#      .incomplete may remain, and the restart must have resumed at the killed offset or later
#      (or restarted from 0 if the partial file was unusable).
#
# Usage: it-tests/kill-download-check.sh [JAR]   (default: cache-war/target/model-cache.jar)
# Environment:
#   KILL_DOWNLOAD_SKIP=true     do nothing (so does MAVEN_SKIP_TESTS=true)
#   KILL_DOWNLOAD_BYTES         bytes of model.onnx sent before the stall (default 30000000)
#   FAKE_HUB_CP                 classpath of FakeHubMain (default: cache-engine's test-jar + Gson
#                               from the local Maven repository)
#   KILL_DOWNLOAD_CHECK_KEEP=1  keep the temporary folder; JAVA_HOME, JAVA_OPTS as for the others
# Exit status: 0 PASS, 1 FAIL.
set -euo pipefail

if [[ "${KILL_DOWNLOAD_SKIP:-}" == "true" || "${MAVEN_SKIP_TESTS:-}" == "true" ]]; then
  echo "kill-download-check: skipped"
  exit 0
fi
name=kill-download-check
svc_wrap=()
# shellcheck source=lib/service.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib/service.sh"

jar="${1:-$root/cache-war/target/model-cache.jar}"
stall_bytes="${KILL_DOWNLOAD_BYTES:-30000000}"
minilm="$root/cache-engine/target/model-repo/sentence-transformers/all-MiniLM-L6-v2"
reference="$root/fixtures/reference/minilm-embeddings.json"
[[ -f "$jar" ]] || die "no jar at $jar"
[[ -f "$minilm/model.onnx" ]] || die "no MiniLM at $minilm (build cache-engine first)"
if [[ -z "${FAKE_HUB_CP:-}" ]]; then
  tests_jar="$(ls "$root"/cache-engine/target/cache-engine-*-tests.jar 2>/dev/null | head -1)"
  gson="$(ls "$HOME"/.m2/repository/com/google/code/gson/gson/*/gson-*.jar 2>/dev/null | grep -v sources | tail -1)"
  [[ -n "$tests_jar" && -n "$gson" ]] || die "set FAKE_HUB_CP (no cache-engine test-jar or Gson found)"
  FAKE_HUB_CP="$tests_jar:$gson"
fi

# ---- 1. the Hub ------------------------------------------------------------------------------
state="$tmp/hub-state"
"$java" -cp "$FAKE_HUB_CP" dev.modelcache.engine.model.fake.FakeHubMain "$state" \
  --stall "acme/minilm/model.onnx:$stall_bytes" "acme/minilm=$minilm" >"$tmp/fake-hub.log" 2>&1 &
hub_pid=$!
service_pids+=("$hub_pid")
for _ in $(seq 1 200); do [[ -f "$state/endpoint" ]] && break; sleep 0.1; done
[[ -f "$state/endpoint" ]] || die "the fake Hub did not start"
endpoint="$(cat "$state/endpoint")"
log "fake Hub at $endpoint; model.onnx ($(stat -c %s "$minilm/model.onnx") bytes) stalls after $stall_bytes bytes"

# ---- 2. download, kill -9 --------------------------------------------------------------------
cache="$tmp/hf-cache"
port="$(free_port)"
url="http://127.0.0.1:$port"
settings=(HF_ENDPOINT="$endpoint" HF_HUB_CACHE="$cache" MODEL_CACHE_MODEL_DIR="$tmp/empty")
mkdir -p "$tmp/empty" "$cache"
start_service "$tmp/service-1.log" "$tmp/java-tmp" "$port" "${settings[@]}"
first_pid=$svc_pid
wait_ready "$url" "$first_pid" "$tmp/service-1.log"
body='{"text": "The cat sits on the mat.", "model_name": "acme/minilm"}'
post_json "$url/predict" "$body" "$tmp/first-answer.json" >"$tmp/first-status" &
client_pid=$!
for _ in $(seq 1 1200); do [[ -f "$state/stalled" ]] && break; sleep 0.1; done
[[ -f "$state/stalled" ]] || die "the download never reached the stall"
kill -KILL "$first_pid"
wait "$first_pid" 2>/dev/null || true
wait "$client_pid" 2>/dev/null || true
first_status="$(head -c 3 "$tmp/first-status")"
[[ "$first_status" == 000 ]] && first_status="no answer" || first_status="HTTP $first_status"
log "killed the service mid-download (the request got $first_status)"

repo="$cache/models--acme--minilm"
sha="$(sha256sum "$minilm/model.onnx" | cut -d' ' -f1)"
[[ ! -e "$repo/refs/main" ]] || die "refs/main written before the download completed"
[[ ! -e "$repo/blobs/$sha" ]] || die "a complete blob exists for a killed download"
if compgen -G "$repo/snapshots/*/model.onnx" >/dev/null; then die "a snapshot links the graph"; fi
partial="$repo/blobs/$sha.incomplete"
[[ -f "$partial" ]] || die "no .incomplete file (layout: $(find "$cache" | sed "s|$cache/||" | tr '\n' ' '))"
partial_bytes="$(stat -c %s "$partial")"
log "after the kill: $partial_bytes bytes in blobs/${sha:0:12}….incomplete, no ref, no snapshot"

# ---- 3. restart, finish, predict -------------------------------------------------------------
touch "$state/release"
start_service "$tmp/service-2.log" "$tmp/java-tmp" "$port" "${settings[@]}"
wait_ready "$url" "$svc_pid" "$tmp/service-2.log"
status="$(post_json "$url/predict" "$body" "$tmp/answer.json")"
[[ "$status" == 200 ]] || die "predict after restart: HTTP $status $(cat "$tmp/answer.json")"
"$python" - "$tmp/answer.json" "$reference" <<'PY' || die "the embedding after the restart does not match the reference"
import json, math, sys
answer = json.load(open(sys.argv[1]))["embedding"]
ref = next(c for c in json.load(open(sys.argv[2]))["cases"] if c["text"] == "The cat sits on the mat.")["embedding"]
dot = sum(a * b for a, b in zip(answer, ref))
cos = dot / (math.sqrt(sum(a * a for a in answer)) * math.sqrt(sum(b * b for b in ref)))
print(f"kill-download-check: cosine to the reference {cos:.9f}")
sys.exit(0 if cos >= 0.9999 else 1)
PY
[[ "$(sha256sum "$repo/blobs/$sha" | cut -d' ' -f1)" == "$sha" ]] || die "the blob does not hash to its name"
if find "$cache" -name '*.incomplete' | grep -q .; then die ".incomplete left after the restart"; fi
resumed="$(grep -o 'resumed at [0-9.]* MB' "$tmp/service-2.log" | head -1 || true)"
log "after the restart: blob verified ($sha), refs/main -> $(cat "$repo/refs/main"); ${resumed:-no resume line in the log}"
passed=1
log "PASS"
