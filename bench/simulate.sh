#!/usr/bin/env bash
# Replays access traces through every eviction policy, two offline references (Belady and a
# cost-aware variant) and the real cache over fake models; prints a table per trace and the
# acceptance checks, and writes every row to bench/target/simulation.csv.
# Usage: bench/simulate.sh [--csv FILE] [--seed N] [--write-traces DIR] [trace.csv ...]
# Without trace files it generates the default suite (about 30 s on 2 cores). Trace format:
# docs/eviction.md. Offline build: MAVEN_ARGS=-o bench/simulate.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
(cd "$root" && ./mvnw -q -B -DskipTests -pl bench -am install)
cp="$(cd "$root" && ./mvnw -q -B -pl bench dependency:build-classpath -Dmdep.outputFile=/dev/stdout)"
# Runs from the caller's directory so relative trace paths work; a later --csv overrides this one.
exec java -Xmx"${HEAP:-1g}" -cp "$root/bench/target/classes:$cp" \
  dev.modelcache.bench.sim.SimulatorMain --csv "$root/bench/target/simulation.csv" "$@"
