#!/usr/bin/env bash
# The gpu build (-Pgpu: onnxruntime_gpu, 642 MB) on a machine without a usable NVIDIA GPU: builds
# its WAR, starts it on Payara Micro twice and shows the start-up lines:
#   INFERENCE_DEVICE=auto  -> the service starts on the CPU, with one warning saying why;
#   INFERENCE_DEVICE=cuda  -> the deployment fails with a message saying why and what to set.
# The CPU build's cache-war/target/model-cache.war is kept aside and put back; the exploded WAR
# folder is removed before and after, so that neither build carries the other's ONNX Runtime.
# On a machine with a GPU, bench/gpu-check.sh is the check to run instead.
#
# Usage: it-tests/gpu-build-check.sh      (JAVA_HOME: the JDK; GPU_BUILD_CHECK_SKIP=true: nothing)
# Needs: java, curl; the onnxruntime_gpu jar from Maven Central (downloaded once into ~/.m2).
# Exit status 0 when both outcomes were seen.
set -euo pipefail
if [[ "${GPU_BUILD_CHECK_SKIP:-}" == "true" ]]; then
  echo "gpu-build-check: skipped (GPU_BUILD_CHECK_SKIP=true)"
  exit 0
fi
name=gpu-build-check
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
target="$root/cache-war/target"
payara_config="$root/cache-war/src/main/payara"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
log() { echo "$name: $*"; }
die() { echo "$name: FAIL: $*" >&2; exit 1; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
secs() { awk "BEGIN { printf \"%.1f\", $1 / 1000 }"; }
tmp="$(mktemp -d -t gpu-build-check.XXXXXX)"
svc_pid=""
cleanup() {
  local rc=$?
  if [[ -n "$svc_pid" ]] && kill -0 "$svc_pid" 2>/dev/null; then kill "$svc_pid"; wait "$svc_pid" 2>/dev/null || true; fi
  rm -rf "$target/model-cache"
  if [[ -f "$tmp/cpu.war" ]]; then mv -f "$tmp/cpu.war" "$target/model-cache.war"; fi
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT

t0="$(now_ms)"
if [[ -f "$target/model-cache.war" ]]; then mv "$target/model-cache.war" "$tmp/cpu.war"; fi
rm -rf "$target/model-cache"
"$root/mvnw" -B -q -f "$root/pom.xml" -Pgpu -pl cache-war -am package -DskipTests -Dmodelcache.uberjar.skip=true \
  || die "the -Pgpu build failed"
mv "$target/model-cache.war" "$tmp/gpu.war"
rm -rf "$target/model-cache"
unzip -l "$tmp/gpu.war" | grep -q 'WEB-INF/lib/onnxruntime_gpu-' || die "the -Pgpu WAR has no onnxruntime_gpu jar"
if unzip -l "$tmp/gpu.war" | grep -q 'WEB-INF/lib/onnxruntime-[0-9]'; then die "the -Pgpu WAR also has the CPU onnxruntime jar"; fi
log "-Pgpu WAR built in $(secs $(( $(now_ms) - t0 ))) s: $(( $(stat -c %s "$tmp/gpu.war") / 1048576 )) MiB, $(unzip -l "$tmp/gpu.war" | grep -o 'onnxruntime_gpu-[0-9.]*jar')"
payara="$("$root/mvnw" -B -q -f "$root/pom.xml" -N help:evaluate -Dexpression=settings.localRepository -DforceStdout)/fish/payara/extras/payara-micro"
payara="$(ls "$payara"/*/payara-micro-*.jar | head -n 1)"
[[ -f "$payara" ]] || die "no payara-micro jar in ~/.m2 (build the project once)"

models="$tmp/models"
mkdir -p "$models"
cp -R "$root/models/spam-detector" "$models/"
port_of() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# start DEVICE LOG: Payara Micro with the -Pgpu WAR at "/", as the uber jar runs it.
start() {
  mkdir -p "$tmp/java-tmp-$1"
  : >"$2"
  INFERENCE_DEVICE="$1" MODEL_CACHE_MODEL_DIR="$models" MODEL_CACHE_AUTH=disabled ORT_DISABLE_TELEMETRY=1 \
    "$java" -Xmx1g -Djava.io.tmpdir="$tmp/java-tmp-$1" -jar "$payara" --deploy "$tmp/gpu.war:/" \
    --port "$(port_of)" --nohazelcast --disablephonehome \
    --prebootcommandfile "$payara_config/pre-boot-commands.txt" \
    --systemproperties "$payara_config/system.properties" \
    --logproperties "$payara_config/logging.properties" >"$2" 2>&1 &
  svc_pid=$!
}
# wait_for LOG PATTERN SECONDS: until the log has the pattern
wait_for() {
  local deadline=$(( $(date +%s) + $3 ))
  while (( $(date +%s) < deadline )); do
    grep -q "$2" "$1" && return 0
    kill -0 "$svc_pid" 2>/dev/null || return 1
    sleep 1
  done
  return 1
}
stop() { kill "$svc_pid" 2>/dev/null || true; wait "$svc_pid" 2>/dev/null || true; svc_pid=""; }

t="$(now_ms)"
start auto "$tmp/auto.log"
wait_for "$tmp/auto.log" 'model cache up' 240 || { tail -n 40 "$tmp/auto.log"; die "INFERENCE_DEVICE=auto did not start"; }
log "INFERENCE_DEVICE=auto started in $(secs $(( $(now_ms) - t )) ) s; its lines:"
grep -o 'INFERENCE_DEVICE=auto: .*\|model cache up: .*device .*' "$tmp/auto.log" | sed 's/^/    /'
[[ "$(grep -c 'INFERENCE_DEVICE=auto: models run on the CPU' "$tmp/auto.log")" == 1 ]] || die "expected exactly one warning for auto"
grep -q 'model cache up: .*device cpu' "$tmp/auto.log" || die "auto did not end on the CPU"
stop

t="$(now_ms)"
start cuda "$tmp/cuda.log"
wait_for "$tmp/cuda.log" 'INFERENCE_DEVICE=cuda:0 but the CUDA execution provider cannot run here' 240 \
  || { tail -n 40 "$tmp/cuda.log"; die "INFERENCE_DEVICE=cuda did not fail with the expected message"; }
wait_for "$tmp/cuda.log" 'ready in [0-9,]* (ms)\|Exception while loading the app\|Deployment failed' 60 || true
log "INFERENCE_DEVICE=cuda refused in $(secs $(( $(now_ms) - t )) ) s; its line:"
grep -o 'INFERENCE_DEVICE=cuda:0 but .*' "$tmp/cuda.log" | head -n 1 | sed 's/^/    /'
if grep -q 'model cache up' "$tmp/cuda.log"; then die "cuda started anyway"; fi
stop
log "PASS in $(secs $(( $(now_ms) - t0 ))) s"
