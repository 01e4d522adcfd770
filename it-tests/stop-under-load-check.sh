#!/usr/bin/env bash
# SIGTERM under load: the service drains, every request it took gets its answer, and it exits 143.
#
# A supervisor (Kubernetes, systemd, docker stop) stops the service with SIGTERM, usually while it
# serves, and a rolling update expects: readiness down at once; requests already taken (running
# and queued) answered; new ones refused with 503 and Retry-After only after a short grace in which
# a load balancer notices readiness; then exit status 143. Before the drain, Payara Micro's own
# stop answered the requests that kept arriving with 500 and an empty body (docs/reliability.md,
# finding 8); earlier still, ONNX Runtime's shutdown hook crashed the JVM (SIGSEGV, status 134,
# finding 5).
#
# Each round starts the uber jar in a folder of its own (where an hs_err file would land) with
# MODEL_CACHE_STOP_GRACE_SECONDS=STOP_CHECK_GRACE, drives it with STOP_CHECK_CLIENTS clients
# sending all-MiniLM-L6-v2 batches of 16 distinct texts (so the response cache answers none), one
# sending single MiniLM texts to POST /predict (the lean door), one preloading and unloading the
# tiny models (a load is often in flight) and one probing /health/ready every 50 ms, sends SIGTERM once the batches are answered steadily, and counts every
# request by when it was sent. It fails unless:
#   - every request sent before the signal was answered 200 (running and queued ones included);
#   - readiness answered 503 within 1 s of the signal;
#   - no request was refused before the grace was over, and every refusal is 503 shutting_down with
#     Retry-After in the JSON error shape;
#   - no answer was a 5xx other than 503, nor any other status; requests sent after the signal may
#     also find no server (after the exit);
#   - the JVM exited with status 143 within grace + drain + 15 s, with no hs_err file and no
#     SIGSEGV in its output, and left none of Payara Micro's temporary files (its runtime folder,
#     its copy of the archive) in java.io.tmpdir.
#
# Usage: it-tests/stop-under-load-check.sh [JAR]     (default: cache-war/target/model-cache.jar)
# Environment:
#   STOP_CHECK_SKIP=true     do nothing (so does MAVEN_SKIP_TESTS=true, how Maven passes -DskipTests)
#   STOP_CHECK_ROUNDS        rounds, one service each (default 1)
#   STOP_CHECK_CLIENTS       MiniLM batch clients (default 6)
#   STOP_CHECK_GRACE         MODEL_CACHE_STOP_GRACE_SECONDS for the service (default 3)
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
rounds="${STOP_CHECK_ROUNDS:-1}"
clients="${STOP_CHECK_CLIENTS:-6}"
grace="${STOP_CHECK_GRACE:-3}"
drain=20
[[ -f "$jar" ]] || die "no jar at $jar (build it: ./mvnw -o -B package -DskipTests -pl cache-war -am)"
minilm="$root/cache-engine/target/model-repo/sentence-transformers"
[[ -f "$minilm/all-MiniLM-L6-v2/model.onnx" ]] \
  || die "no MiniLM in $minilm (build it: ./mvnw -o -B package -DskipTests -pl cache-engine -am)"
models="$tmp/models"
make_models "$models"
cp -R "$minilm" "$models/sentence-transformers"

# The traffic and the signal. Prints its counts and exits 1 if a rule above is broken.
cat >"$tmp/traffic.py" <<'PY'
import json, os, signal, sys, threading, time, urllib.error, urllib.request

base, clients, pid = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
grace, out = float(sys.argv[4]), sys.argv[5]
MINILM = "sentence-transformers/all-MiniLM-L6-v2"
TINY = ["tiny-a", "tiny-b", "tiny-c", "tiny-d", "tiny-e"]
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
lock = threading.Lock()
records = []              # (kind, sent, done, status, error, retry_after, failure)
probes = []               # (time, status) of /health/ready
signalled = threading.Event()
gone = threading.Event()  # the server no longer accepts connections
t_signal = None

def call(kind, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method,
                                      headers={"Content-Type": "application/json"})
    sent = time.monotonic()
    status = error = retry = failure = None
    try:
        with opener.open(request, timeout=60) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as e:
        status, retry = e.code, e.headers.get("Retry-After")
        try:
            error = json.loads(e.read()).get("error")
        except Exception:
            error = None
    except Exception as e:
        failure = type(e).__name__
    with lock:
        records.append((kind, sent, time.monotonic(), status, error, retry, failure))
    if failure is not None and signalled.is_set():
        gone.set()
    return status

def batches(worker):
    n = 0
    while not gone.is_set():
        n += 1
        texts = ["client %d, batch %d, text %d: %s" % (worker, n, i, "words " * (8 + i * 3))
                 for i in range(16)]
        if call("batch", "POST", "/predict/batch", {"texts": texts, "model_name": MINILM}) == 503:
            time.sleep(0.05)

def singles():
    # POST /predict: the lean door (a servlet filter), which must be counted and refused alike.
    n = 0
    while not gone.is_set():
        n += 1
        text = "a single text %d: %s" % (n, "words " * (5 + n % 20))
        if call("single", "POST", "/predict", {"text": text, "model_name": MINILM}) == 503:
            time.sleep(0.05)

def loads():
    n = 0
    while not gone.is_set():
        n += 1
        model = TINY[n % len(TINY)]
        if call("preload", "POST", "/models/%s/preload" % model) == 503:
            time.sleep(0.05)
        call("unload", "DELETE", "/models/" + model)

def probe():
    while not gone.is_set():
        try:
            with opener.open(base + "/health/ready", timeout=5) as response:
                status = response.status
        except urllib.error.HTTPError as e:
            status = e.code
        except Exception:
            status = None
        probes.append((time.monotonic(), status))
        time.sleep(0.05)

threads = [threading.Thread(target=batches, args=(w,), daemon=True) for w in range(clients)]
threads += [threading.Thread(target=f, daemon=True) for f in (singles, loads, probe)]
for t in threads:
    t.start()

deadline = time.monotonic() + 180
while True:
    with lock:
        answered = sum(1 for r in records if r[0] == "batch" and r[3] == 200)
        preloaded = sum(1 for r in records if r[0] == "preload" and r[3] == 200)
    if answered >= 2 * clients and preloaded >= 2:
        break
    if time.monotonic() > deadline:
        sys.exit("no steady answers within 180 s: %d batches, %d preloads" % (answered, preloaded))
    time.sleep(0.1)

t_signal = time.monotonic()
signalled.set()
os.kill(pid, signal.SIGTERM)
# Until the server is gone (every client then meets a refused connection), at most 90 s.
gone.wait(90)
for t in threads:
    t.join(10)

def rel(t):
    return t - t_signal

before = [r for r in records if r[1] < t_signal]
after = [r for r in records if r[1] >= t_signal]
in_flight = [r for r in before if r[2] > t_signal]
problems = []
for r in before:
    if r[3] != 200:
        problems.append("sent %.3f s before the signal, answered %s %s %s"
                        % (-rel(r[1]), r[3], r[4] or "", r[6] or ""))
for r in records:
    status, error = r[3], r[4]
    if status is None or status == 200:
        continue
    if status == 503 and error == "shutting_down":
        if r[5] is None:
            problems.append("503 shutting_down without Retry-After")
        if rel(r[2]) < grace - 0.25:
            problems.append("refused %.3f s after the signal, inside the grace" % rel(r[2]))
    else:
        problems.append("%s %s at %.3f s (%s)" % (status, error, rel(r[2]), r[0]))
down = [p for p in probes if p[0] >= t_signal and p[1] != 200]
ready_down = rel(down[0][0]) if down else None
if ready_down is None or ready_down > 1.0:
    problems.append("readiness not down within 1 s of the signal: %s" % ready_down)
served_after = [r for r in after if r[3] == 200]
refused = [r for r in after if r[3] == 503 and r[4] == "shutting_down"]
no_server = [r for r in after if r[3] is None]
first_gone = min([rel(r[2]) for r in no_server], default=None)
if first_gone is None or first_gone > grace + float(sys.argv[6]) + 15:
    problems.append("the server was still there %s s after the signal" % first_gone)
summary = {
    "sent_before": len(before), "answered_before": sum(1 for r in before if r[3] == 200),
    "in_flight_at_signal": len(in_flight),
    "last_in_flight_answered_s": round(max([rel(r[2]) for r in in_flight], default=0), 3),
    "sent_after": len(after), "served_after": len(served_after),
    "last_served_sent_s": round(max([rel(r[1]) for r in served_after], default=0), 3),
    "refused_503": len(refused),
    "first_refusal_s": round(min([rel(r[2]) for r in refused], default=-1), 3),
    "no_server": len(no_server),
    "gone_s": None if first_gone is None else round(first_gone, 3),
    "other_5xx": sum(1 for r in records if r[3] is not None and r[3] >= 500 and r[3] != 503),
    "readiness_down_s": None if ready_down is None else round(ready_down, 3),
    "problems": problems[:20], "problem_count": len(problems),
    "by_kind": {k: {"before": sum(1 for r in before if r[0] == k),
                    "after_200": sum(1 for r in served_after if r[0] == k),
                    "after_503": sum(1 for r in refused if r[0] == k)}
                for k in ("batch", "single", "preload", "unload")},
}
with open(out, "w") as f:
    json.dump(summary, f)
print(json.dumps(summary))
sys.exit(1 if problems else 0)
PY

for round in $(seq 1 "$rounds"); do
  dir="$tmp/round-$round"
  mkdir -p "$dir"
  port="$(free_port)"
  base="http://127.0.0.1:$port"
  # In its own folder: the JVM writes hs_err_pid<N>.log to its working directory when it crashes.
  cd "$dir"
  start_service "$dir/service.log" "$dir/java-tmp" "$port" \
    MODEL_CACHE_MODEL_DIR="$models" MODEL_CACHE_MAX_MEMORY_MB=4000 \
    MODEL_CACHE_STOP_GRACE_SECONDS="$grace" MODEL_CACHE_DRAIN_SECONDS="$drain"
  cd "$tmp"
  wait_ready "$base" "$svc_pid" "$dir/service.log"

  # The driver sends the signal and returns once the server is gone.
  traffic_status=0
  "$python" "$tmp/traffic.py" "$base" "$clients" "$svc_pid" "$grace" "$dir/summary.json" "$drain" \
    >"$dir/traffic.log" 2>&1 || traffic_status=$?
  stopped=""
  for _ in $(seq 1 300); do
    kill -0 "$svc_pid" 2>/dev/null || { stopped=yes; break; }
    sleep 0.1
  done
  cat "$dir/traffic.log"
  [[ -n "$stopped" ]] || die "round $round: still running 30 s after the driver saw no server"
  status=0
  wait "$svc_pid" 2>/dev/null || status=$?

  crashes="$(find "$dir" -maxdepth 1 -name 'hs_err*' | wc -l)"
  (( crashes == 0 )) || die "round $round: the JVM crashed on the way out: $(grep -m1 -h 'Problematic frame' -A1 "$dir"/hs_err* | tail -1)"
  ! grep -q SIGSEGV "$dir/service.log" || die "round $round: SIGSEGV in the service's output"
  [[ "$status" == 143 ]] || die "round $round: exit status $status, not 143 (SIGTERM)"
  # Payara's temporary runtime folder and archive copy go, as its own stop deleted them.
  left="$(cd "$dir/java-tmp" && ls -d payaramicro-* app*tmp 2>/dev/null | tr '\n' ' ' || true)"
  [[ -z "$left" ]] || die "round $round: Payara's temporary files left in java.io.tmpdir: $left"
  [[ -s "$dir/summary.json" ]] || die "round $round: the traffic driver wrote no summary (exit $traffic_status)"
  grep -h "SIGTERM\|refusing new\|every request taken\|still in progress" "$dir/service.log" | sed 's/^/  service: /' || true
  (( traffic_status == 0 )) || die "round $round: $(cat "$dir/summary.json")"
  "$python" - "$dir/summary.json" "$round" "$grace" "$status" <<'PY'
import json, sys
s, round_, grace, status = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3], sys.argv[4]
print(f"stop-under-load-check: round {round_}: SIGTERM with {s['in_flight_at_signal']} requests in flight;"
      f" readiness down after {s['readiness_down_s']} s")
print(f"  sent before the signal: {s['sent_before']}, answered 200: {s['answered_before']}"
      f" (the last in flight answered {s['last_in_flight_answered_s']} s after the signal)")
print(f"  sent after the signal: {s['sent_after']}: served 200 {s['served_after']} (the last sent at"
      f" {s['last_served_sent_s']} s, grace {grace} s), refused 503 shutting_down {s['refused_503']}"
      f" (the first at {s['first_refusal_s']} s), no server (after the exit) {s['no_server']}"
      f" (from {s['gone_s']} s)")
print("  by kind: " + "; ".join(f"{k} {v['before']} before, {v['after_200']} + {v['after_503']}"
                                f" (200 + 503) after" for k, v in s["by_kind"].items()))
print(f"  5xx other than 503: {s['other_5xx']}; exit status {status}")
PY
done

passed=1
log "PASS: $rounds round(s): every request taken before SIGTERM answered 200, refusals only after the ${grace} s grace as 503 shutting_down with Retry-After, no other 5xx, exit status 143, no crash"
