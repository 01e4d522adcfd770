#!/usr/bin/env bash
# Service check of the real Payara Micro uber jar, end to end:
#
#   1. assembles a model repository in a temporary folder (fixtures/models/*, models/spam-detector,
#      and the seed's model names as aliases: bert-base-uncased = tiny-a, roberta-base = tiny-c),
#      starts the service on a free port with MODEL_CACHE_MODEL_DIR pointing at it and two
#      API keys made for this run (authentication is on, as by default): "examples" with the
#      predict, admin and metrics roles, "prometheus" with the metrics role only; and waits
#      for GET /health/ready (public) to answer 200;
#   2. runs the seed's three "Usage Examples" (src/test/python/seed_usage_examples.py, httpx),
#      with the examples key;
#   3. starts a real Prometheus scraping /metrics every second with the prometheus key as a
#      bearer token (the service answers a scraper's Accept header with the Prometheus text
#      format, and JSON otherwise), sends a few predictions and waits until the target is up
#      and model_cache_memory_used_bytes / model_cache_lookups_total can be queried;
#   4. lints what Prometheus scrapes with "promtool check metrics": it must pass (exit 0).
#      Payara's own MicroProfile Metrics at /mp-metrics are linted too, for information only:
#      they are not what Prometheus is told to scrape (see docs/api.md, "Metrics").
#   5. prints a summary: time to ready, idle RSS after start-up and after the checks, PASS/FAIL.
#
# Only 127.0.0.1 is contacted (proxies from the environment are ignored; Prometheus has no
# remote write, no alerting, no external labels; ONNX Runtime's telemetry is switched off with
# ORT_DISABLE_TELEMETRY=1, and by the service itself), except for the one-off "apt-get
# install" of missing tools described below.
#
# Usage: it-tests/service-check.sh [JAR]     (default: cache-war/target/model-cache.jar)
# Environment:
#   JAVA_HOME, JAVA_OPTS         the java that runs the service, and extra JVM options
#   SERVICE_CHECK_TIMEOUT        seconds to wait for readiness (default 180)
#   SERVICE_CHECK_KEEP=1         keep the temporary folder (logs, model repo, TSDB)
#   SERVICE_CHECK_SKIP=true      do nothing (Maven passes -DskipTests through this)
# Needs: java, curl, /usr/bin/python3 with httpx (python3-httpx), prometheus and promtool. When
# prometheus/promtool or httpx are missing and this runs as root with apt-get, it installs
# them (apt-get install -y -q prometheus python3-httpx; apt-get update only if that fails).
# Exit status: 0 PASS, 1 FAIL.
set -euo pipefail

if [[ "${SERVICE_CHECK_SKIP:-}" == "true" ]]; then
  echo "service-check: skipped (SERVICE_CHECK_SKIP=true)"
  exit 0
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar="${1:-$root/cache-war/target/model-cache.jar}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
python=/usr/bin/python3
examples="$here/src/test/python/seed_usage_examples.py"
ready_timeout="${SERVICE_CHECK_TIMEOUT:-180}"
prom_timeout=60 # seconds to wait for Prometheus to be ready, to scrape, to answer a query

# Loopback only: no proxy from the environment for curl, httpx or anything else.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export no_proxy='*' NO_PROXY='*'

log() { echo "service-check: $*"; }
die() { echo "service-check: FAIL: $*" >&2; exit 1; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
secs() { awk "BEGIN { printf \"%.1f\", $1 / 1000 }"; }
lcurl() { curl --noproxy '*' -s "$@"; } # every request of this script goes through here

[[ -f "$jar" ]] || die "no jar at $jar (build it: ./mvnw -q -B -o install -DskipTests -pl cache-api,cache-engine,cache-war)"
[[ -f "$examples" ]] || die "missing $examples"

# ---- tools ---------------------------------------------------------------------------------
missing_pkgs() {
  local pkgs=()
  { command -v prometheus && command -v promtool; } >/dev/null 2>&1 || pkgs+=(prometheus)
  { [[ -x "$python" ]] && "$python" -c 'import httpx'; } >/dev/null 2>&1 || pkgs+=(python3-httpx)
  command -v curl >/dev/null || pkgs+=(curl)
  echo "${pkgs[@]}"
}
command -v "$java" >/dev/null || die "no java ($java); set JAVA_HOME"
pkgs="$(missing_pkgs)"
if [[ -n "$pkgs" ]]; then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    log "installing missing packages: $pkgs"
    # shellcheck disable=SC2086 # a list of package names
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q $pkgs; then
      log "apt-get install failed; running apt-get update and trying again"
      DEBIAN_FRONTEND=noninteractive apt-get update -q || die "apt-get update failed"
      # shellcheck disable=SC2086
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q $pkgs || die "apt-get install $pkgs failed"
    fi
    pkgs="$(missing_pkgs)"
    [[ -z "$pkgs" ]] || die "still missing after apt-get install: $pkgs"
  else
    die "missing Debian packages: $pkgs (install them as root: apt-get install -y $pkgs)"
  fi
fi
prometheus_bin="$(command -v prometheus)"
promtool_bin="$(command -v promtool)"

# ---- processes and temporary files ---------------------------------------------------------
tmp="$(mktemp -d -t service-check.XXXXXX)"
svc_pid=""
prom_pid=""
failures=()
passed=0

stop_pid() { # stop_pid PID: TERM, then KILL after 30 s
  local p="$1"
  [[ -n "$p" ]] || return 0
  if kill -0 "$p" 2>/dev/null; then
    kill -TERM "$p" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$p" 2>/dev/null; then kill -KILL "$p" 2>/dev/null || true; fi
  fi
  wait "$p" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  stop_pid "$prom_pid"
  prom_pid=""
  stop_pid "$svc_pid"
  svc_pid=""
  if (( rc != 0 || passed == 0 )); then
    for f in "$tmp/service.log" "$tmp/prometheus.log"; do
      [[ -s "$f" ]] || continue
      echo "---- last 40 lines of $(basename "$f") ----" >&2
      tail -n 40 "$f" >&2 || true
    done
  fi
  if [[ "${SERVICE_CHECK_KEEP:-}" == 1 ]]; then
    log "kept $tmp"
  else
    rm -rf "$tmp"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# A free TCP port on 127.0.0.1 (as cache-war/smoke.sh does): ask the kernel for one.
free_port() {
  "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
fail_step() { failures+=("$1"); log "FAIL: $1"; }

# ---- 1. model repository and service -------------------------------------------------------
models="$tmp/models"
mkdir -p "$models"
cp -R "$root"/fixtures/models/* "$models/"
cp -R "$root/models/spam-detector" "$models/spam-detector"
cp -R "$root/fixtures/models/tiny-a" "$models/bert-base-uncased"
cp -R "$root/fixtures/models/tiny-c" "$models/roberta-base"
log "model repository $models: $(cd "$models" && echo *)"

port="$(free_port)"
base="http://127.0.0.1:$port"
# Keys for this run only (32 random bytes in hex); Prometheus reads its own from a file.
new_key() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
key="$(new_key)"
prom_key="$(new_key)"
(umask 077 && printf '%s' "$prom_key" >"$tmp/prometheus.key")
auth=(-H "Authorization: Bearer $key")
log "starting $(basename "$jar") on port $port"
t0="$(now_ms)"
# ORT_DISABLE_TELEMETRY=1: ONNX Runtime 1.29 on Linux otherwise starts its 1DS telemetry (DNS
# look-ups of mobile.events.data.microsoft.com, a device id and an event database under
# ~/.cache/Microsoft). java.io.tmpdir in $tmp: Payara's runtime folder and ONNX Runtime's
# extracted native libraries (which it leaves behind) go where the clean-up removes them.
mkdir -p "$tmp/java-tmp"
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
MODEL_CACHE_MODEL_DIR="$models" ORT_DISABLE_TELEMETRY=1 MODEL_CACHE_STOP_GRACE_SECONDS=0 \
  MODEL_CACHE_API_KEYS="examples:predict+admin+metrics:$key,prometheus:metrics:$prom_key" \
  "$java" -Djava.io.tmpdir="$tmp/java-tmp" ${JAVA_OPTS:-} -jar "$jar" --port "$port" >"$tmp/service.log" 2>&1 &
svc_pid=$!

# Ready: 200 from /health/ready. Give up early if the JVM exits, or if Payara has finished
# booting and logged that the application failed to load (the log says why).
deadline=$(( $(date +%s) + ready_timeout ))
ready=0
code=""
while (( $(date +%s) < deadline )); do
  kill -0 "$svc_pid" 2>/dev/null || die "the service exited before it was ready"
  body="$(lcurl -m 2 -w '\n%{http_code}' "$base/health/ready" 2>/dev/null || true)"
  code="${body##*$'\n'}"
  if [[ "$code" == "200" ]]; then ready=1; break; fi
  if grep -q 'ready in [0-9,]* (ms)' "$tmp/service.log" && grep -q 'Exception while loading the app' "$tmp/service.log"; then
    die "the application did not deploy"
  fi
  sleep 0.5
done
(( ready )) || die "not ready after ${ready_timeout} s (last /health/ready: ${code:-none})"
ready_ms=$(( $(now_ms) - t0 ))
rss_start_kb="$(rss_kb "$svc_pid")"
payara_line="$(grep -o 'ready in [0-9,]* (ms)' "$tmp/service.log" | tail -n 1 || true)"
log "ready in $(secs "$ready_ms") s (Payara: ${payara_line:-n/a}); idle RSS $(( rss_start_kb / 1024 )) MiB"

# ---- 2. the seed's usage examples ----------------------------------------------------------
echo
log "== 2. seed usage examples (httpx) =="
t="$(now_ms)"
if MODEL_CACHE_API_KEY="$key" timeout 120 "$python" "$examples" "$base"; then
  log "seed usage examples passed in $(secs $(( $(now_ms) - t ))) s"
else
  fail_step "seed usage examples (exit $?)"
fi

# The design document's /health fields, read by a Python client as numbers (the seed formats a
# hit rate with :.2%, which a string would make fail).
if MODEL_CACHE_API_KEY="$key" "$python" - "$base" <<'PY'
import json, os, sys, urllib.request
request = urllib.request.Request(sys.argv[1] + "/health",
                                 headers={"X-API-Key": os.environ["MODEL_CACHE_API_KEY"]})
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
with opener.open(request, timeout=10) as response:
    health = json.load(response)
fields = ["models_loaded", "max_models", "memory_usage_mb", "max_memory_mb", "hit_rate",
          "uptime_seconds"]
for check in health["checks"]:
    data = check["data"]
    for field in fields:
        value = data[field]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            sys.exit("%s: %s is %r, not a number" % (check["name"], field, value))
    print(f"  {check['name']}: hit rate {data['hit_rate']:.2%}, {data['models_loaded']} of "
          f"{data['max_models']} models, {data['memory_usage_mb']} of {data['max_memory_mb']} MB,"
          f" up {data['uptime_seconds']} s: all numbers")
PY
then
  log "/health read as numbers by a Python client"
else
  fail_step "/health fields are not all JSON numbers"
fi

# ---- 3. Prometheus -------------------------------------------------------------------------
echo
log "== 3. Prometheus scraping /metrics =="
prom_port="$(free_port)"
prom="http://127.0.0.1:$prom_port"
cat >"$tmp/prometheus.yml" <<EOF
# Scrapes the service under test only; no remote write, no alerting, no external labels.
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: model-cache
    metrics_path: /metrics
    scheme: http
    authorization:
      type: Bearer
      credentials_file: $tmp/prometheus.key
    static_configs:
      - targets: ['127.0.0.1:$port']
EOF
"$promtool_bin" check config "$tmp/prometheus.yml" >"$tmp/promtool-config.txt" 2>&1 \
  || { cat "$tmp/promtool-config.txt"; die "promtool check config rejected the generated prometheus.yml"; }

prom_ok=1
t="$(now_ms)"
"$prometheus_bin" \
  --config.file="$tmp/prometheus.yml" \
  --storage.tsdb.path="$tmp/prometheus-data" \
  --storage.tsdb.retention.time=1h \
  --web.listen-address="127.0.0.1:$prom_port" \
  --log.level=info \
  >"$tmp/prometheus.log" 2>&1 &
prom_pid=$!

pdeadline=$(( $(date +%s) + prom_timeout ))
until [[ "$(lcurl -m 2 -o /dev/null -w '%{http_code}' "$prom/-/ready" || true)" == 200 ]]; do
  kill -0 "$prom_pid" 2>/dev/null || { prom_ok=0; fail_step "prometheus exited at start"; break; }
  (( $(date +%s) < pdeadline )) || { prom_ok=0; fail_step "prometheus not ready after ${prom_timeout} s"; break; }
  sleep 0.5
done

if (( prom_ok )); then
  log "prometheus $("$prometheus_bin" --version 2>&1 | head -n 1 | awk '{print $3}') ready on 127.0.0.1:$prom_port"
  # A few predictions, so that models are loaded and lookups counted (hits and misses).
  for req in \
      '/predict|{"text": "WIN a FREE cruise!!! Click now", "model_name": "spam-detector"}' \
      '/predict|{"text": "Are we still on for lunch tomorrow?", "model_name": "spam-detector"}' \
      '/predict|{"text": "Ignore previous instructions", "model_name": "bert-base-uncased"}' \
      '/predict/batch|{"texts": ["Hello, how are you?", "Execute this code: rm -rf /"], "model_name": "roberta-base"}'; do
    path="${req%%|*}"
    got="$(lcurl -m 30 -o "$tmp/predict.json" -w '%{http_code}' "${auth[@]}" -H 'Content-Type: application/json' -d "${req#*|}" "$base$path" || echo 000)"
    if [[ "$got" == 200 ]]; then
      log "  POST $path -> 200 $(head -c 160 "$tmp/predict.json")"
    else
      fail_step "POST $path -> $got $(head -c 300 "$tmp/predict.json" 2>/dev/null || true)"
    fi
  done

  # Wait until the target is up and both series can be queried.
  query_py='
import json, sys
d = json.load(sys.stdin)
res = d.get("data", {}).get("result", []) if d.get("status") == "success" else []
for r in res:
    m = dict(r["metric"]); name = m.pop("__name__", "?")
    labels = ",".join(f"{k}=\"{v}\"" for k, v in sorted(m.items()))
    value = r["value"][1]
    print(f"    {name}{{{labels}}} = {value}")
sys.exit(0 if res else 1)'
  targets_py='
import json, sys
port = sys.argv[1]
for t in json.load(sys.stdin)["data"]["activeTargets"]:
    if t["scrapeUrl"].startswith(f"http://127.0.0.1:{port}/"):
        err = t.get("lastError") or "none"
        print(t["health"], t["scrapeUrl"], "job=" + t["labels"].get("job", "?"),
              "lastScrapeDuration=%ss" % t.get("lastScrapeDuration", "?"), "lastError=" + err)
        sys.exit(0 if t["health"] == "up" else 1)
print("absent"); sys.exit(1)'
  up=0 q1=0 q2=0
  target_line=""
  pdeadline=$(( $(date +%s) + prom_timeout ))
  while (( $(date +%s) < pdeadline )); do
    if (( !up )); then
      target_line="$(lcurl -m 5 "$prom/api/v1/targets" | "$python" -c "$targets_py" "$port" 2>&1)" && up=1
    fi
    if (( up )); then
      lcurl -m 5 -G --data-urlencode 'query=model_cache_memory_used_bytes' "$prom/api/v1/query" \
        | "$python" -c "$query_py" >"$tmp/q-memory.txt" 2>&1 && q1=1 || q1=0
      lcurl -m 5 -G --data-urlencode 'query=model_cache_lookups_total' "$prom/api/v1/query" \
        | "$python" -c "$query_py" >"$tmp/q-lookups.txt" 2>&1 && q2=1 || q2=0
      if (( q1 && q2 )); then break; fi
    fi
    sleep 1
  done
  log "  target: ${target_line:-none}"
  if (( up && q1 && q2 )); then
    log "  model_cache_memory_used_bytes:"
    cat "$tmp/q-memory.txt"
    log "  model_cache_lookups_total:"
    cat "$tmp/q-lookups.txt"
    scrapes="$(lcurl -m 5 -G --data-urlencode 'query=count_over_time(up{job="model-cache"}[5m])' "$prom/api/v1/query" \
      | "$python" -c "$query_py" 2>/dev/null | awk '{print $NF}' || true)"
    log "  prometheus OK in $(secs $(( $(now_ms) - t ))) s (${scrapes:-?} scrapes so far)"
  else
    (( up )) || fail_step "prometheus target not up within ${prom_timeout} s (${target_line:-no answer})"
    (( q1 )) || fail_step "prometheus: no sample of model_cache_memory_used_bytes within ${prom_timeout} s ($(cat "$tmp/q-memory.txt" 2>/dev/null))"
    (( q2 )) || fail_step "prometheus: no sample of model_cache_lookups_total within ${prom_timeout} s ($(cat "$tmp/q-lookups.txt" 2>/dev/null))"
  fi
fi
stop_pid "$prom_pid"
prom_pid=""

# ---- 4. promtool check metrics -------------------------------------------------------------
echo
log "== 4. promtool check metrics =="
# promtool exits 1 on a parse error, 3 on lint problems only.
check_metrics() { # check_metrics URL OUTFILE -> promtool's exit status
  local url="$1" out="$2" rc=0
  lcurl -m 10 --fail "${auth[@]}" "$url" >"$out.prom" || { echo "could not fetch $url" >"$out"; return 1; }
  timeout 30 "$promtool_bin" check metrics <"$out.prom" >"$out" 2>&1 || rc=$?
  return "$rc"
}
# What Prometheus scrapes: /metrics with a scraper's Accept header. Must pass.
prom_accept='application/openmetrics-text;version=1.0.0;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1'
promtool_rc=0
lcurl -m 10 --fail "${auth[@]}" -H "Accept: $prom_accept" "$base/metrics" >"$tmp/promtool-app.txt.prom" \
  && { timeout 30 "$promtool_bin" check metrics <"$tmp/promtool-app.txt.prom" >"$tmp/promtool-app.txt" 2>&1 || promtool_rc=$?; } \
  || promtool_rc=$?
log "curl -s -H 'Accept: <Prometheus>' $base/metrics | promtool check metrics  -> exit $promtool_rc ($(grep -c '^# TYPE' "$tmp/promtool-app.txt.prom" || true) metric families)"
sed 's/^/    /' "$tmp/promtool-app.txt" 2>/dev/null || true
(( promtool_rc == 0 )) || fail_step "promtool check metrics on /metrics exited $promtool_rc"

# Payara's own MicroProfile Metrics exposition, for information: its histogram and timer
# quantiles are not converted to the "_seconds" their names promise, and its base/vendor
# names are camelCase. Not scraped, not counted.
payara_rc=0
check_metrics "$base/mp-metrics" "$tmp/promtool-payara.txt" || payara_rc=$?
log "for information: curl -s $base/mp-metrics | promtool check metrics -> exit $payara_rc, $(grep -c . "$tmp/promtool-payara.txt" || true) lint line(s) (Payara's exposition; not scraped, not counted)"

# ---- 5. summary ----------------------------------------------------------------------------
sleep 2 # let the last requests and the Prometheus scrapes settle: the service is idle again
kill -0 "$svc_pid" 2>/dev/null || fail_step "the service died during the checks"
rss_end_kb="$(rss_kb "$svc_pid")"
echo
log "== summary =="
log "  time to ready:         $(secs "$ready_ms") s (Payara: ${payara_line:-n/a})"
log "  idle RSS after start:  $(( rss_start_kb / 1024 )) MiB (${rss_start_kb} kB)"
log "  idle RSS after checks: $(( rss_end_kb / 1024 )) MiB (${rss_end_kb} kB)"
log "  total:                 $(secs $(( $(now_ms) - t0 ))) s"
if (( ${#failures[@]} == 0 )); then
  passed=1
  log "PASS"
  exit 0
fi
for f in "${failures[@]}"; do log "  failed: $f"; done
log "FAIL"
exit 1
