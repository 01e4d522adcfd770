#!/usr/bin/env bash
# The unchanged WAR on Eclipse GlassFish 7 (Jakarta EE 10 with MicroProfile Config, but no
# MicroProfile Metrics, Health or OpenAPI): unpacks GlassFish from Maven Central, creates a domain on
# free ports in a temporary folder, starts it with the settings as environment variables, deploys
# cache-war/target/model-cache.war at "/" with asadmin, prints the service's start-up line about
# MicroProfile and runs black-box-checks.sh (the design document's usage examples, printed, error
# shapes, health, /metrics, preload/unload). Not part of CI: about 4 minutes (docs/deploy.md).
#
# Usage: it-tests/servers/glassfish-check.sh      (JAVA_HOME: a JDK 17 or 21; KEEP=1 keeps $tmp)
# Needs: java, curl, unzip, /usr/bin/python3 with httpx. Exit status 0 when every check passed.
set -euo pipefail
name=glassfish-check
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
version="${GLASSFISH_VERSION:-7.0.21}"
[[ -n "${JAVA_HOME:-}" ]] && export AS_JAVA="$JAVA_HOME"
asadmin="$tmp/glassfish7/bin/asadmin"
admin_port=""
started=0

cleanup() {
  local rc=$?
  if (( started )); then
    "$asadmin" --port "$admin_port" stop-domain --kill=true --domaindir "$tmp/domains" mc >/dev/null 2>&1 || true
  fi
  if (( rc != 0 )) && [[ -f "$tmp/domains/mc/logs/server.log" ]]; then
    echo "---- last 60 lines of server.log ----" >&2
    tail -n 60 "$tmp/domains/mc/logs/server.log" >&2
  fi
  if [[ "${KEEP:-}" == 1 ]]; then log "kept $tmp"; else rm -rf "$tmp"; fi
  exit "$rc"
}
trap cleanup EXIT

t0="$(now_ms)"
zip="$(fetch_runtime "org.glassfish.main.distributions:glassfish:$version:zip" "$tmp")"
unzip -q "$zip" -d "$tmp"
log "GlassFish $version unpacked in $(secs $(( $(now_ms) - t0 ))) s"

# --portbase B puts the admin port at B+48 and HTTP at B+80: find a base whose 100 ports are free.
base="$("$python" - <<'PY'
import random, socket
for _ in range(200):
    base = random.randrange(20000, 60000, 100)
    try:
        socks = []
        for p in range(base, base + 100):
            s = socket.socket(); s.bind(("127.0.0.1", p)); socks.append(s)
        print(base); break
    except OSError:
        pass
    finally:
        for s in socks: s.close()
PY
)"
admin_port=$((base + 48))
http_port=$((base + 80))
t="$(now_ms)"
"$asadmin" --interactive=false create-domain --domaindir "$tmp/domains" --portbase "$base" --nopassword mc >"$tmp/create-domain.log" 2>&1 \
  || { cat "$tmp/create-domain.log"; die "create-domain failed"; }
log "domain created in $(secs $(( $(now_ms) - t ))) s (admin port $admin_port, HTTP port $http_port)"

make_models "$tmp/models"
key="$(new_key)"
t="$(now_ms)"
MODEL_CACHE_MODEL_DIR="$tmp/models" MODEL_CACHE_API_KEYS="checks:predict+admin+metrics:$key" ORT_DISABLE_TELEMETRY=1 \
  "$asadmin" --port "$admin_port" start-domain --domaindir "$tmp/domains" mc >"$tmp/start-domain.log" 2>&1 \
  || { cat "$tmp/start-domain.log"; die "start-domain failed"; }
started=1
log "domain started in $(secs $(( $(now_ms) - t ))) s"
t="$(now_ms)"
"$asadmin" --port "$admin_port" deploy --contextroot / --name model-cache "$war" \
  || die "deploy failed"
log "WAR deployed in $(secs $(( $(now_ms) - t ))) s"
alive() { curl --noproxy '*' -s -m 2 -o /dev/null "http://127.0.0.1:$admin_port/" ; }
wait_ready "http://127.0.0.1:$http_port" 120 alive
log "server.log about MicroProfile and the model cache:"
grep -o 'MicroProfile [^]]*absent[^]]*\|model cache up: [^]]*' "$tmp/domains/mc/logs/server.log" | sed 's/^/    /'
if grep -q 'ClassNotFoundException\|NoClassDefFoundError' "$tmp/domains/mc/logs/server.log"; then
  grep -n 'ClassNotFoundException\|NoClassDefFoundError' "$tmp/domains/mc/logs/server.log" | head -n 5
  die "a class was not found (server.log above)"
fi

echo
"$lib_here/black-box-checks.sh" "http://127.0.0.1:$http_port" "$key"
log "total $(secs $(( $(now_ms) - t0 ))) s"
