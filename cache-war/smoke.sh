#!/usr/bin/env bash
# Smoke test of the built service: starts the Payara Micro uber jar on a free port with one
# freshly generated API key (authentication is on by default), waits for GET /health/ready to
# answer 200 (polled every 0.5 s, at most 120 s), checks the endpoints Payara and the
# application serve, with and without the key, prints the time to ready and the RSS, and
# stops the server.
#
# Usage: cache-war/smoke.sh [JAR]        (default: cache-war/target/model-cache.jar)
# Environment: JAVA_HOME (java to use), JAVA_OPTS (extra JVM options),
#              SMOKE_TIMEOUT (seconds to wait for ready, default 120),
#              SMOKE_LOG (where the server log goes; default a temporary file, removed
#              when the smoke test passes).
# Exit status: 0 when ready and every check passed, 1 otherwise.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="${1:-$here/target/model-cache.jar}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
timeout_s="${SMOKE_TIMEOUT:-120}"
log="${SMOKE_LOG:-}"
own_log=0
if [[ -z "$log" ]]; then log="$(mktemp -t model-cache-smoke.XXXXXX.log)"; own_log=1; fi

[[ -f "$jar" ]] || { echo "smoke: no jar at $jar (build with: ./mvnw -pl cache-war -am package)" >&2; exit 1; }
command -v curl >/dev/null || { echo "smoke: curl is needed" >&2; exit 1; }

# A free TCP port: ask the kernel for one, else probe random ones.
free_port() {
  if command -v python3 >/dev/null; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
    return
  fi
  local p
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  echo "smoke: no free port found" >&2
  exit 1
}

port="$(free_port)"
base="http://127.0.0.1:$port"
pid=""
# A key for this run only: 32 random bytes in hex, never written anywhere but the environment.
key="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"

stop() {
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
    wait "$pid" 2>/dev/null || true
  fi
  pid=""
}
trap stop EXIT
trap 'exit 1' INT TERM

fail() {
  echo "smoke: FAIL: $*" >&2
  echo "---- last 40 lines of the server log ($log) ----" >&2
  tail -n 40 "$log" >&2 || true
  exit 1
}

echo "smoke: starting $(basename "$jar") on port $port (log: $log)"
start_ns=$(date +%s%N)
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
MODEL_CACHE_API_KEYS="smoke:predict+admin+metrics:$key" \
  "$java" ${JAVA_OPTS:-} -jar "$jar" --port "$port" >"$log" 2>&1 &
pid=$!

# Wait for readiness: 200 from /health/ready (the application's own endpoint). Give up early
# if the JVM exits, or if Payara has finished booting ("ready in" logged) and logged that the
# application failed to load: the log says why (a bad setting, for one).
deadline=$(( $(date +%s) + timeout_s ))
ready=0
while (( $(date +%s) < deadline )); do
  kill -0 "$pid" 2>/dev/null || fail "the server exited before it was ready"
  body="$(curl -s -m 2 -w '\n%{http_code}' "$base/health/ready" 2>/dev/null || true)"
  code="${body##*$'\n'}"
  if [[ "$code" == "200" ]]; then ready=1; break; fi
  if grep -q 'ready in [0-9,]* (ms)' "$log" && grep -q 'Exception while loading the app' "$log"; then
    fail "the application did not deploy"
  fi
  sleep 0.5
done
end_ns=$(date +%s%N)
(( ready )) || fail "not ready after ${timeout_s} s (last /health/ready: ${code:-none})"

ready_ms=$(( (end_ns - start_ns) / 1000000 ))
rss_kb="$(ps -o rss= -p "$pid" | tr -d ' ')"
rss_kb="${rss_kb:-0}"
payara_line="$(grep -o 'ready in [0-9,]* (ms)' "$log" | tail -n 1 || true)"

# Endpoint checks: status code (and content type where it matters).
status=0
check() { # check NAME EXPECTED_CODE CONTENT_TYPE_PREFIX URL [curl args...]
  local name="$1" want="$2" ctype="$3" url="$4"; shift 4
  local got
  got="$(curl -s -m 10 -o /dev/null -w '%{http_code} %{content_type}' "$@" "$url" || echo "000 -")"
  if [[ "${got%% *}" == "$want" && "${got#* }" == "$ctype"* ]]; then
    printf 'smoke:   ok   %-34s %s\n' "$name" "$got"
  else
    printf 'smoke:   FAIL %-34s %s (want %s %s)\n' "$name" "$got" "$want" "$ctype"
    status=1
  fi
}
auth=(-H "Authorization: Bearer $key")
check "GET /health/ready (public)" 200 application/json "$base/health/ready"
check "GET /health/live (public)" 200 application/json "$base/health/live"
check "GET /health (public)" 200 application/json "$base/health"
check "GET /openapi (public)" 200 "" "$base/openapi"
check "GET /metrics without a key" 401 application/json "$base/metrics" -H 'Accept: application/json'
check "GET /metrics (JSON, the app's)" 200 application/json "$base/metrics" -H 'Accept: application/json' "${auth[@]}"
check "GET /mp-metrics without a key" 401 application/json "$base/mp-metrics"
check "GET /mp-metrics (Payara's)" 200 text/plain "$base/mp-metrics" "${auth[@]}"
check "POST /predict without a key" 401 application/json "$base/predict" -H 'Content-Type: application/json' -d '{}'
check "GET /models" 200 application/json "$base/models" "${auth[@]}"

printf 'smoke: ready in %.1f s (%s), RSS %d MiB, port %s\n' \
  "$(awk "BEGIN { print $ready_ms / 1000 }")" "Payara: ${payara_line:-n/a}" "$(( rss_kb / 1024 ))" "$port"

stop
if (( status != 0 )); then fail "an endpoint check failed"; fi
echo "smoke: PASS"
if (( own_log )); then rm -f "$log"; fi
