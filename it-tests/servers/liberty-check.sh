#!/usr/bin/env bash
# The unchanged WAR on Open Liberty (Jakarta EE 10 Web Profile with MicroProfile 6.1's Config,
# Health, Metrics and OpenAPI, or a part of them): unpacks Liberty from Maven Central, creates a
# server in a temporary folder with liberty/server.xml (the service on its own virtual host and
# port, Liberty's endpoints on a loopback admin port), settings in server.env, starts it once,
# prints the service's start-up line about MicroProfile and runs black-box-checks.sh (the design
# document's usage examples, printed, error shapes, health, /metrics as JSON and Prometheus text,
# preload/unload). With MicroProfile Metrics and Health it also checks that Liberty's own /metrics
# and /health (admin port) carry the service's metrics and checks.
#
# Usage: it-tests/servers/liberty-check.sh [all|health-config|none]
#   all            mpConfig-3.1, mpHealth-4.0, mpMetrics-5.1, mpOpenAPI-3.1 (default; what CI runs)
#   health-config  mpHealth-4.0 and mpConfig-3.1 only: MicroProfile without Metrics
#   none           webProfile-10.0 only: no MicroProfile at all
# Environment: JAVA_HOME (17+), KEEP=1 keeps the folder, LIBERTY_CHECK_SKIP=true (or
# MAVEN_SKIP_TESTS=true, which the build passes for -DskipTests) does nothing,
# LIBERTY_ZIP=path/to/openliberty-runtime.zip (what the build passes) instead of fetching it,
# WLP_HOME=/path/to/wlp uses an unpacked Liberty instead of unpacking one (servers still go in the
# temporary folder).
# Needs: java, curl, unzip, /usr/bin/python3 with httpx. Exit status 0 when every check passed.
set -euo pipefail
if [[ "${LIBERTY_CHECK_SKIP:-}" == "true" || "${MAVEN_SKIP_TESTS:-}" == "true" ]]; then
  echo "liberty-check: skipped (LIBERTY_CHECK_SKIP or -DskipTests)"
  exit 0
fi
name=liberty-check
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
variant="${1:-all}"
version="${LIBERTY_VERSION:-26.0.0.3}"
case "$variant" in
  all) drop='^$' ;;
  health-config) drop='mpMetrics\|mpOpenAPI' ;;
  none) drop='<feature>mp' ;;
  *) die "unknown variant '$variant' (all, health-config or none)" ;;
esac
export WLP_USER_DIR="$tmp/usr"
server="${WLP_HOME:-$tmp/wlp}/bin/server"
started=0

cleanup() {
  local rc=$?
  if (( started )); then "$server" stop mc >/dev/null 2>&1 || true; fi
  local logs="$WLP_USER_DIR/servers/mc/logs"
  if (( rc != 0 )) && [[ -f "$logs/messages.log" ]]; then
    echo "---- last 60 lines of messages.log ----" >&2
    tail -n 60 "$logs/messages.log" >&2
  fi
  if [[ "${KEEP:-}" == 1 ]]; then log "kept $tmp"; else rm -rf "$tmp"; fi
  exit "$rc"
}
trap cleanup EXIT

t0="$(now_ms)"
if [[ -z "${WLP_HOME:-}" ]]; then
  if [[ -n "${LIBERTY_ZIP:-}" ]]; then
    unzip -q "$LIBERTY_ZIP" -d "$tmp"
  else
    zip="$(fetch_runtime "io.openliberty:openliberty-runtime:$version:zip" "$tmp")"
    unzip -q "$zip" -d "$tmp"
    rm -f "$zip"
  fi
  log "Open Liberty $version unpacked in $(secs $(( $(now_ms) - t0 ))) s"
fi

"$server" create mc >/dev/null
dir="$WLP_USER_DIR/servers/mc"
grep -v "$drop" "$lib_here/liberty/server.xml" >"$dir/server.xml"
log "features: $(grep -o '<feature>[^<]*' "$dir/server.xml" | sed 's/<feature>//' | tr '\n' ' ')"
cp "$war" "$dir/apps/model-cache.war"
port="$(free_port)"
admin_port="$(free_port)"
make_models "$tmp/models"
key="$(new_key)"
cat >"$dir/bootstrap.properties" <<PROPS
http.port=$port
admin.http.port=$admin_port
PROPS
cat >"$dir/server.env" <<ENV
MODEL_CACHE_MODEL_DIR=$tmp/models
MODEL_CACHE_API_KEYS=checks:predict+admin+metrics:$key
ORT_DISABLE_TELEMETRY=1
ENV
printf -- '-Xmx1g\n-Djava.io.tmpdir=%s\n' "$tmp/java-tmp" >"$dir/jvm.options"
mkdir -p "$tmp/java-tmp"

t="$(now_ms)"
"$server" start mc >"$tmp/start.log" 2>&1 || { cat "$tmp/start.log"; die "server start failed"; }
started=1
# CWWKZ0002E/CWWKZ0004E: the application failed to start; CWWKZ0012I: it was not started.
alive() {
  "$server" status mc >/dev/null 2>&1 \
    && ! grep -q 'CWWKZ0002E\|CWWKZ0004E\|CWWKZ0012I' "$WLP_USER_DIR/servers/mc/logs/messages.log" 2>/dev/null
}
wait_ready "http://127.0.0.1:$port" 300 alive
log "server started and the service ready in $(secs $(( $(now_ms) - t ))) s (service port $port, Liberty's endpoints on 127.0.0.1:$admin_port)"
messages="$dir/logs/messages.log"
log "messages.log about MicroProfile and the model cache:"
grep -o 'MicroProfile [A-Za-z, ]* \(present\|absent\).*\|model cache up: .*' "$messages" | sed 's/^/    /'
if grep -q 'ClassNotFoundException\|NoClassDefFoundError' "$messages"; then
  grep -n 'ClassNotFoundException\|NoClassDefFoundError' "$messages" | head -n 5
  die "a class was not found (messages.log above)"
fi

echo
rc=0
"$lib_here/black-box-checks.sh" "http://127.0.0.1:$port" "$key" || rc=$?

if [[ "$variant" != none ]]; then
  echo "== Liberty's own endpoints (127.0.0.1:$admin_port) carry the service's metrics and checks =="
  liberty_failed=0
  if [[ "$variant" == all ]]; then
    metric="$(curl --noproxy '*' -s -m 10 "http://127.0.0.1:$admin_port/metrics?scope=application" | grep '^model_cache_requests_total{' | head -n 1 || true)"
    if [[ -n "$metric" ]]; then echo "  ok    Liberty /metrics: $metric"; else echo "  FAIL  Liberty /metrics has no model_cache_requests_total"; liberty_failed=1; fi
  fi
  health="$(curl --noproxy '*' -s -m 10 "http://127.0.0.1:$admin_port/health" || true)"
  if grep -q '"model-cache-engine"' <<<"$health" && grep -q '"model-cache-ready"' <<<"$health"; then
    echo "  ok    Liberty /health: $(head -c 160 <<<"$health")"
  else
    echo "  FAIL  Liberty /health lacks the service's checks: $(head -c 300 <<<"$health")"; liberty_failed=1
  fi
  (( liberty_failed == 0 )) || rc=1
fi
log "total $(secs $(( $(now_ms) - t0 ))) s"
exit "$rc"
