#!/usr/bin/env bash
# The one GPU check, for a machine with an NVIDIA GPU: the gpu build's engine (onnxruntime_gpu)
# runs spam-detector and all-MiniLM-L6-v2 on the CPU and on INFERENCE_DEVICE (default cuda), and
# prints per model the largest output difference, ms per batch of 32 on each, and the device memory
# charged (measured through nvidia-smi); then nvidia-smi's own view. Never run in CI (no GPU there).
#
# Usage: bench/gpu-check.sh     (from anywhere; JAVA_HOME: JDK 17+)
# Needs: the NVIDIA driver (nvidia-smi), CUDA 12 and cuDNN 9 libraries on the loader's path (for
# example LD_LIBRARY_PATH), and com.microsoft.onnxruntime:onnxruntime_gpu in ~/.m2 or from Maven
# Central (642 MB). Exit status 0 when the models ran on the device and agreed with the CPU.
set -euo pipefail
cd "$(dirname "$0")/.."
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
nvidia-smi --query-gpu=index,name,driver_version,memory.total,memory.used --format=csv || {
  echo "gpu-check: nvidia-smi failed: no NVIDIA driver or device here" >&2
  exit 1
}
./mvnw -q -B -o -Pgpu -DskipTests -pl bench -am package 2>/dev/null \
  || ./mvnw -q -B -Pgpu -DskipTests -pl bench -am package
cp="$(./mvnw -q -B -o -Pgpu -pl bench dependency:build-classpath -Dmdep.outputFile=/dev/stdout)"
grep -q onnxruntime_gpu <<<"$cp" || { echo "gpu-check: the classpath has no onnxruntime_gpu" >&2; exit 1; }
repo=cache-engine/target/model-repo
set +e
"$java" -cp "bench/target/classes:cache-engine/target/classes:cache-api/target/classes:$cp" \
  dev.modelcache.bench.GpuCheck "$repo" spam-detector sentence-transformers/all-MiniLM-L6-v2
rc=$?
set -e
nvidia-smi --query-gpu=index,memory.used,utilization.gpu --format=csv
exit "$rc"
