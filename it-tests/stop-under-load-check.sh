#!/usr/bin/env bash
# SIGTERM while the service predicts and loads models: it must stop, not crash.
#
# A supervisor (Kubernetes, systemd, docker stop) stops the service with SIGTERM, usually while it
# serves. ONNX Runtime's Java binding frees its native environment in a shutdown hook of its own;
# before the engine held that environment past the hook (OrtRuntime), a request or a load inside
# ONNX Runtime at that moment died of SIGSEGV: exit status 134 and an hs_err file, not 143.
#
# Each round starts the uber jar in a folder of its own (where an hs_err file would land), drives
# it with STOP_CHECK_CLIENTS threads of /predict/batch requests (16 distinct texts each, so the
# response cache answers none; the tiny models and the spam detector in turn) and one thread that
# preloads and unloads the tiny models (a load is often in flight), waits until both have had
# answers, sends SIGTERM, and checks: the JVM exits within 60 s with status 143, no hs_err file
# and no SIGSEGV in its output. (Payara Micro's own "STOPPED" line is sometimes missing from the
# output of a JVM that exited with 143, so it is not required.)
#
# Usage: it-tests/stop-under-load-check.sh [JAR]     (default: cache-war/target/model-cache.jar)
# Environment:
#   STOP_CHECK_SKIP=true     do nothing (so does MAVEN_SKIP_TESTS=true, how Maven passes -DskipTests)
#   STOP_CHECK_ROUNDS        rounds, one service each (default 3)
#   STOP_CHECK_CLIENTS       prediction threads (default 8)
#   STOP_UNDER_LOAD_CHECK_KEEP=1  keep the temporary folder; JAVA_HOME, JAVA_OPTS as for service-check.sh
# Exit status: 0 PASS, 1 FAIL.
set -euo pipefail

if [[ "${STOP_CHECK_SKIP:-}" == "true" || "${MAVEN_SKIP_TESTS:-}" == "true" ]]; then
  echo "stop-under-load-check: skipped (STOP_CHECK_SKIP or MAVEN_SKIP_TESTS is true)"
  exit 0
fi
name=stop-under-load-check
svc_wrap=()
# shellcheck source=lib/service.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib/service.sh"

# Absolute: each round runs the JVM from a folder of its own.
jar="$(realpath -m "${1:-$root/cache-war/target/model-cache.jar}")"
rounds="${STOP_CHECK_ROUNDS:-3}"
clients="${STOP_CHECK_CLIENTS:-8}"
[[ -f "$jar" ]] || die "no jar at $jar (build it: ./mvnw -o -B package -DskipTests -pl cache-war -am)"
models="$tmp/models"
make_models "$models"

# The traffic: prints "predicted N loaded M" to its status file as answers come; every failure
# after the signal (refused or reset connections, 503 while stopping) is expected and not counted.
cat >"$tmp/traffic.py" <<'PY'
import json, sys, threading, urllib.request

base, clients, status_file = sys.argv[1], int(sys.argv[2]), sys.argv[3]
models = ["tiny-a", "tiny-b", "tiny-c", "tiny-d", "tiny-e", "spam-detector"]
counts = {"predicted": 0, "loaded": 0}
lock = threading.Lock()
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method,
                                      headers={"Content-Type": "application/json"})
    with opener.open(request, timeout=60) as response:
        response.read()
        return response.status

def count(what):
    with lock:
        counts[what] += 1
        with open(status_file, "w") as f:
            f.write("predicted %d loaded %d\n" % (counts["predicted"], counts["loaded"]))

def predict(worker):
    n = 0
    while True:
        n += 1
        texts = ["request %d of client %d, text %d: %s" % (n, worker, i, "words " * (10 + i * 4))
                 for i in range(16)]
        try:
            if call("POST", "/predict/batch",
                    {"texts": texts, "model_name": models[(n + worker) % len(models)]}) == 200:
                count("predicted")
        except Exception:
            pass

def load():
    n = 0
    while True:
        n += 1
        model = models[n % 5]
        try:
            if call("POST", "/models/%s/preload" % model) == 200:
                count("loaded")
            call("DELETE", "/models/" + model)
        except Exception:
            pass

for worker in range(clients):
    threading.Thread(target=predict, args=(worker,), daemon=True).start()
threading.Thread(target=load, daemon=True).start()
threading.Event().wait()
PY

for round in $(seq 1 "$rounds"); do
  dir="$tmp/round-$round"
  mkdir -p "$dir"
  port="$(free_port)"
  base="http://127.0.0.1:$port"
  # In its own folder: the JVM writes hs_err_pid<N>.log to its working directory when it crashes.
  cd "$dir"
  start_service "$dir/service.log" "$dir/java-tmp" "$port" \
    MODEL_CACHE_MODEL_DIR="$models" MODEL_CACHE_MAX_MEMORY_MB=4000
  cd "$tmp"
  wait_ready "$base" "$svc_pid" "$dir/service.log"

  "$python" "$tmp/traffic.py" "$base" "$clients" "$dir/traffic.txt" &
  traffic_pid=$!
  deadline=$(( $(date +%s) + 120 ))
  until read -r -a seen 2>/dev/null <"$dir/traffic.txt" \
    && (( ${#seen[@]} == 4 && seen[1] >= 20 && seen[3] >= 2 )); do
    (( $(date +%s) < deadline )) || die "round $round: no answers under load within 120 s"
    sleep 0.2
  done
  before="$(cat "$dir/traffic.txt")"

  kill -TERM "$svc_pid"
  t0="$(now_ms)"
  stopped=""
  for _ in $(seq 1 600); do
    kill -0 "$svc_pid" 2>/dev/null || { stopped=yes; break; }
    sleep 0.1
  done
  [[ -n "$stopped" ]] || die "round $round: still running 60 s after SIGTERM"
  status=0
  wait "$svc_pid" 2>/dev/null || status=$?
  took="$(( $(now_ms) - t0 ))"
  kill "$traffic_pid" 2>/dev/null || true
  wait "$traffic_pid" 2>/dev/null || true

  crashes="$(find "$dir" -maxdepth 1 -name 'hs_err*' | wc -l)"
  log "round $round: SIGTERM after $before; exit status $status after $took ms; hs_err files $crashes"
  (( crashes == 0 )) || die "round $round: the JVM crashed on the way out: $(grep -m1 -h 'Problematic frame' -A1 "$dir"/hs_err* | tail -1)"
  ! grep -q SIGSEGV "$dir/service.log" || die "round $round: SIGSEGV in the service's output"
  [[ "$status" == 143 ]] || die "round $round: exit status $status, not 143 (SIGTERM)"
done

passed=1
log "PASS: $rounds rounds stopped by SIGTERM under load, each with status 143 and no crash"
