#!/usr/bin/env bash
# Prints charged memory vs real RSS growth for the three model kinds, and RSS across 100
# load/unload cycles. Usage: bench/memory-report.sh [cycles] (from the repository root).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests -pl bench -am install
cp="$(./mvnw -q -B -pl bench dependency:build-classpath -Dmdep.outputFile=/dev/stdout)"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
exec java -Xmx${HEAP:-512m} -Djava.util.logging.SimpleFormatter.format="%1\$tT %4\$s %5\$s%6\$s%n" \
  -cp "bench/target/classes:$cp" dev.modelcache.bench.MemoryReport \
  fixtures/models cache-engine/target/model-repo "${1:-100}"
