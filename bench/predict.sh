#!/usr/bin/env bash
# Builds the engine and runs one model of the default repository on the texts given.
# Usage: bench/predict.sh <model name> <text>...   (from anywhere)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests -pl bench -am install
cp="$(./mvnw -q -B -pl bench dependency:build-classpath -Dmdep.outputFile=/dev/stdout)"
exec java -cp "bench/target/classes:$cp" dev.modelcache.bench.Predict cache-engine/target/model-repo "$@"
