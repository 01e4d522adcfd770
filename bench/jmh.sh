#!/usr/bin/env bash
# JMH benchmarks of the hot path: tokenisation (TokenizerBenchmark), one ONNX Runtime run at batch
# 1 and 32 plus raw tokenise+run of one text (OrtRunBenchmark), and the batcher's overhead over a
# direct call (BatcherOverheadBenchmark), on spam-detector and all-MiniLM-L6-v2; the lean /predict
# door's JSON against JSON-P and JSON-B (JsonBodiesBenchmark); a request's cost under a flood of new
# keys in the rate limiter and the remembered misses (FloodBenchmark).
# Usage (from anywhere): bench/jmh.sh [JMH options and benchmark regexps]
#   bench/jmh.sh                                   # everything, JMH's defaults (long: ~1 h)
#   bench/jmh.sh -f 1 -wi 1 -i 1 -r 1s -w 1s       # a smoke run (~2 min)
#   bench/jmh.sh OrtRun -p model=spam-detector -p batch=32 -f 1 -wi 3 -i 5
# Builds without installing anything into ~/.m2; MAVEN_ARGS=-o builds offline.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
classpath="$root/bench/target/jmh-classpath.txt"
./mvnw ${MAVEN_ARGS:-} -q -B -DskipTests -Dspotless.check.skip=true -Dmodelcache.uberjar.skip=true \
  -pl bench -am \
  package dependency:build-classpath -Dmdep.outputFile="$classpath"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
exec java -cp "$root/bench/target/classes:$(cat "$classpath")" \
  -Dmodelcache.modelRepo="$root/cache-engine/target/model-repo" \
  org.openjdk.jmh.Main -jvmArgsAppend "-Dmodelcache.modelRepo=$root/cache-engine/target/model-repo" "$@"
