#!/usr/bin/env bash
# Proves what can be proven of docker/ without a container engine (none on the build machines):
#   1. Dockerfile rules (hadolint's that matter here): a pinned base, no "latest", a non-root USER,
#      HEALTHCHECK on /health/live, EXPOSE 8003, STOPSIGNAL SIGTERM, exec-form ENTRYPOINT, the
#      memory settings of docs/memory.md, API keys from a secret file;
#   2. compose.yaml parsed (PyYAML) and checked: the services and the cluster profile, every file
#      and folder it mounts exists (secrets: made by secrets.sh), ports, volumes, health checks,
#      pinned images, no secret inlined in an environment;
#   3. promtool check config, promtool check rules, promtool test rules (alerts.test.yml fires and
#      resolves every alert);
#   4. a real run: the uber jar with the compose settings that matter (API keys from a file made by
#      secrets.sh, JSON logs, tracing on to a local OTLP sink, 2 model slots so models are evicted
#      and reloaded), a real Prometheus with docker/prometheus's scrape config and alerts (its
#      bearer key from the secret file), a short mixed workload; then every query of every panel
#      of the Grafana dashboard is evaluated by that Prometheus and must return a non-empty result
#      (title, legend and value printed), every alert rule must evaluate without error, and every
#      line the service logged must be one JSON object with the ECS fields.
#
# Usage: docker/check.sh [JAR]     (default: cache-war/target/model-cache.jar)
# Environment: DOCKER_CHECK_SKIP=true (or MAVEN_SKIP_TESTS=true) does nothing; DOCKER_CHECK_KEEP=1
# keeps the temporary folder; JAVA_HOME, JAVA_OPTS as for it-tests/service-check.sh.
# Needs java, curl, /usr/bin/python3 with PyYAML, prometheus and promtool; as root with apt-get it
# installs what is missing (prometheus, python3-yaml). Exit status: 0 PASS, 1 FAIL.
set -euo pipefail

if [[ "${DOCKER_CHECK_SKIP:-}" == "true" || "${MAVEN_SKIP_TESTS:-}" == "true" ]]; then
  echo "docker-check: skipped (DOCKER_CHECK_SKIP or MAVEN_SKIP_TESTS is true)"
  exit 0
fi
name=docker-check
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
svc_wrap=()
# shellcheck source=../it-tests/lib/service.sh
source "$here/../it-tests/lib/service.sh"
jar="$(realpath -m "${1:-$root/cache-war/target/model-cache.jar}")"
[[ -f "$jar" ]] || die "no jar at $jar (build it: ./mvnw -B -DskipTests package)"
ensure_tool promtool prometheus
ensure_tool prometheus prometheus
"$python" -c 'import yaml' 2>/dev/null || {
  [[ "$(id -u)" == 0 ]] || die "PyYAML is needed (as root: apt-get install -y python3-yaml)"
  log "installing python3-yaml"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-yaml >/dev/null \
    || { DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-yaml >/dev/null; } \
    || die "apt-get install python3-yaml failed"
}
t_start="$(now_ms)"
failures=()
fail_step() { failures+=("$1"); log "FAIL: $1"; }
step() { echo; log "== $* =="; }

# ---- 1. Dockerfile ---------------------------------------------------------------------------
step "1. Dockerfile rules"
"$python" "$here/checks.py" dockerfile "$here/Dockerfile" || fail_step "Dockerfile rules"

# ---- 2. compose.yaml -------------------------------------------------------------------------
step "2. compose.yaml"
bash "$here/secrets.sh" "$tmp/secrets" >/dev/null
"$python" "$here/checks.py" compose "$here/compose.yaml" "$tmp/secrets" || fail_step "compose.yaml rules"

# ---- 3. promtool ---------------------------------------------------------------------------
step "3. promtool"
# The config names the paths the container mounts; check a copy that names the repository's.
mkdir -p "$tmp/promcheck"
sed -e "s#/etc/prometheus/alerts.yml#$here/prometheus/alerts.yml#" \
  -e "s#/run/secrets/#$tmp/secrets/#" "$here/prometheus/prometheus.yml" >"$tmp/promcheck/prometheus.yml"
for cmd in "check config $tmp/promcheck/prometheus.yml" "check rules $here/prometheus/alerts.yml" \
           "test rules $here/prometheus/alerts.test.yml"; do
  # shellcheck disable=SC2086 # a promtool command line
  if out="$(cd "$here/prometheus" && promtool $cmd 2>&1)"; then
    log "promtool ${cmd/$tmp\/promcheck/<copy>}: $(echo "$out" | grep -E 'SUCCESS' | tr -s ' ' | paste -sd ';' -)"
  else
    echo "$out" | sed 's/^/    /'
    fail_step "promtool $cmd"
  fi
done

# ---- 4. a real run ---------------------------------------------------------------------------
step "4. the uber jar, Prometheus and the dashboard on real data"
models="$tmp/models"
make_models "$models"
# A model whose graph is not ONNX: its loads fail (model_cache_loads_total{outcome="failure"}).
mkdir -p "$models/broken-model"
cp "$root/fixtures/models/tiny-a/config.json" "$root/fixtures/models/tiny-a/tokenizer.json" "$models/broken-model/"
printf 'not an onnx graph' >"$models/broken-model/model.onnx"
sink_port="$(free_port)"
# An OTLP/HTTP sink that takes every export (length-delimited or chunked) and answers 200.
cat >"$tmp/otlp_sink.py" <<'PY'
import http.server, sys
class Sink(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        if self.headers.get("transfer-encoding", "").lower() == "chunked":
            while True:
                size = int(self.rfile.readline().split(b";")[0], 16)
                self.rfile.read(size + 2)
                if size == 0:
                    break
        else:
            self.rfile.read(int(self.headers.get("content-length", 0)))
        self.send_response(200)
        self.send_header("content-type", "application/x-protobuf")
        self.send_header("content-length", "0")
        self.end_headers()
    def log_message(self, *args): pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()
PY
"$python" "$tmp/otlp_sink.py" "$sink_port" >"$tmp/otlp-sink.log" 2>&1 &
service_pids+=("$!")
port="$(free_port)"
base="http://127.0.0.1:$port"
log "starting $(basename "$jar") on port $port (keys from $tmp/secrets, JSON logs, tracing to 127.0.0.1:$sink_port)"
t_boot="$(now_ms)"
start_service "$tmp/service.log" "$tmp/java-tmp" "$port" \
  MODEL_CACHE_AUTH=enabled MODEL_CACHE_API_KEYS_FILE="$tmp/secrets/model-cache-api-keys" \
  MODEL_CACHE_MODEL_DIR="$models" MODEL_CACHE_MAX_MODELS=2 MODEL_CACHE_LOG_FORMAT=json \
  OTEL_SDK_DISABLED=false OTEL_TRACES_EXPORTER=otlp OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf \
  OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$sink_port" OTEL_SERVICE_NAME=model-cache \
  OTEL_BSP_SCHEDULE_DELAY=200
wait_ready "$base" "$svc_pid" "$tmp/service.log"
log "ready in $(( ($(now_ms) - t_boot) / 1000 )) s"

prom_port="$(free_port)"
prom="http://127.0.0.1:$prom_port"
"$python" "$here/checks.py" prometheus-config "$here/prometheus/prometheus.yml" "$tmp/prometheus.yml" \
  "127.0.0.1:$port" "$tmp/secrets/prometheus-metrics-key" "$here/prometheus/alerts.yml"
prometheus --config.file="$tmp/prometheus.yml" --storage.tsdb.path="$tmp/prometheus-data" \
  --web.listen-address="127.0.0.1:$prom_port" >"$tmp/prometheus.log" 2>&1 &
service_pids+=("$!")
until [[ "$(lcurl -m 2 -o /dev/null -w '%{http_code}' "$prom/-/ready" || true)" == 200 ]]; do
  (( $(now_ms) - t_boot < 240000 )) || die "prometheus not ready"
  sleep 0.5
done

# The workload must fall between scrapes: wait for the first one.
until [[ "$(lcurl -m 2 -G --data-urlencode 'query=up{job="model-cache"}' "$prom/api/v1/query" | grep -o '"value":\[[^]]*"1"\]' || true)" ]]; do
  (( $(now_ms) - t_boot < 300000 )) || die "prometheus never scraped the service"
  sleep 0.5
done
log "workload: predictions over 5 models in 2 slots (evictions, reloads), batches, repeats, errors"
MODEL_CACHE_APP_KEY="$(cat "$tmp/secrets/app-key")" "$python" "$here/checks.py" workload "$base" \
  || fail_step "workload"

# Prometheus scrapes every second: wait for two scrapes after the workload, then ask.
"$python" "$here/checks.py" panels "$prom" "$here/grafana/dashboards/model-cache.json" \
  "$base" "$tmp/secrets/ops-key" || fail_step "dashboard panels"

step "5. JSON log lines"
"$python" "$here/checks.py" logs "$tmp/service.log" || fail_step "JSON logs"

echo
log "== summary: $(( ($(now_ms) - t_start) / 1000 )) s =="
if (( ${#failures[@]} == 0 )); then
  passed=1
  log "PASS"
  exit 0
fi
for f in "${failures[@]}"; do log "  failed: $f"; done
log "FAIL"
exit 1
