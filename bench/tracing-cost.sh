#!/usr/bin/env bash
# What tracing costs the service: bench/load.sh (the spam detector, one text per POST /predict, the
# lean door) with tracing off and on in turn, ROUNDS times each, interleaved (off, on, off, on, ...)
# so that a machine whose load changes over the minutes (a shared CI host) affects both alike.
# "On" is the standard variables alone: OTEL_SDK_DISABLED=false, OTLP over http/protobuf to a local
# sink that accepts every export and counts them (so the exporter really works). Prints one table
# row per run, and writes them to bench/target/load/tracing.md.
#
# Usage: bench/tracing-cost.sh      Environment: ROUNDS [2], LOAD_SECONDS [10],
#   LOAD_CONCURRENCY ["1 32"]; the rest as bench/load.sh.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
rounds="${ROUNDS:-2}"
out="$root/bench/target/load"
work="$(mktemp -d)"
sink_pid=""
trap '[[ -n "$sink_pid" ]] && kill "$sink_pid" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$out"

cat >"$work/sink.py" <<'PY'
import http.server, sys, threading
count = {"exports": 0, "bytes": 0}
lock = threading.Lock()
class Sink(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        n = int(self.headers.get("content-length", 0))
        self.rfile.read(n)
        with lock:
            count["exports"] += 1; count["bytes"] += n
            open(sys.argv[2], "w").write(f"{count['exports']} {count['bytes']}\n")
        self.send_response(200); self.send_header("content-length", "0"); self.end_headers()
    def log_message(self, *a): pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()
PY
port=$(( 20000 + RANDOM % 20000 ))
echo "0 0" >"$work/count"
python3 "$work/sink.py" "$port" "$work/count" &
sink_pid=$!
on_env="OTEL_SDK_DISABLED=false OTEL_TRACES_EXPORTER=otlp OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$port OTEL_SERVICE_NAME=bench"

rows=()
for r in $(seq 1 "$rounds"); do
  for mode in off on; do
    before="$(cut -d' ' -f1 "$work/count")"
    env_for=""
    [[ "$mode" == on ]] && env_for="$on_env"
    echo "tracing-cost: round $r, tracing $mode" >&2
    LOAD_SKIP_RAW=1 LOAD_SKIP_PEER=1 LOAD_SKIP_MULTI=1 LOAD_MODELS=spam-detector LOAD_SECONDS="${LOAD_SECONDS:-10}" \
      LOAD_CONCURRENCY="${LOAD_CONCURRENCY:-1 32}" LOAD_SERVICE_ENV="${LOAD_SERVICE_ENV:-} $env_for" \
      bash "$here/load.sh" >/dev/null 2>"$work/load.err" || { cat "$work/load.err" >&2; exit 1; }
    exports=$(( $(cut -d' ' -f1 "$work/count") - before ))
    while IFS= read -r line; do
      rows+=("| $r | $mode | $(cut -d'|' -f4- <<<"$line" | sed 's/^ *//') $exports |")
    done < <(grep '^| spam-detector | service |' "$out/results.md")
  done
done
{
  echo "Tracing off and on, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, ${LOAD_SECONDS:-10} s per run, rounds interleaved"
  echo
  echo "| round | tracing | concurrency | texts/s | p50 ms | p95 ms | p99 ms | non-2xx | errors | OTLP exports |"
  echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  printf '%s\n' "${rows[@]}"
} | tee "$out/tracing.md"
