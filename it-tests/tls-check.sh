#!/usr/bin/env bash
# TLS check: the uber jar serving HTTPS only, with a key pair made for this run.
#
#   1. keytool makes a PKCS12 keystore in a temporary folder (EC P-256, CN=localhost, SAN
#      localhost and 127.0.0.1, valid 2 days, a random password); nothing is committed;
#   2. the jar starts with --sslport, --sslcert <alias>, the keystore and its password in a
#      --systemproperties file (mode 600, so the password is not on the command line), and the
#      service's pre-boot commands plus one that disables the plain HTTP listener;
#   3. over https, with only the exported certificate trusted (curl --cacert, host name
#      checked): /health is 200 UP and /predict answers; the certificate served has the
#      fingerprint of ours; a client that does not trust it is refused (curl exit 60); TLS 1.1
#      is refused; plain HTTP is not answered, on the TLS port or the disabled HTTP port.
#
# Usage: it-tests/tls-check.sh [JAR]          (default: cache-war/target/model-cache.jar)
# Environment: TLS_CHECK_SKIP=true or MAVEN_SKIP_TESTS=true (do nothing), TLS_CHECK_KEEP=1, JAVA_HOME, JAVA_OPTS,
#              MODEL_CACHE_API_KEY (see lib/service.sh). Needs keytool (the JDK's), openssl, curl.
# Exit status: 0 PASS, 1 FAIL.
set -euo pipefail

if [[ "${TLS_CHECK_SKIP:-}" == "true" || "${MAVEN_SKIP_TESTS:-}" == "true" ]]; then
  echo "tls-check: skipped (TLS_CHECK_SKIP or MAVEN_SKIP_TESTS is true)"
  exit 0
fi
name=tls-check
svc_wrap=()
# shellcheck source=lib/service.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib/service.sh"

jar="${1:-$root/cache-war/target/model-cache.jar}"
[[ -f "$jar" ]] || die "no jar at $jar (build it: ./mvnw -o -B package -DskipTests -pl cache-war -am)"
keytool="${JAVA_HOME:+$JAVA_HOME/bin/}keytool"
command -v "$keytool" >/dev/null || die "keytool is needed (it comes with the JDK)"
ensure_tool openssl openssl
payara="$root/cache-war/src/main/payara"

# ---- 1. key pair -----------------------------------------------------------------------------
alias=model-cache-tls
keystore="$tmp/keystore.p12"
password="$(openssl rand -hex 24)"
"$keytool" -genkeypair -alias "$alias" -keyalg EC -groupname secp256r1 -validity 2 \
  -dname "CN=localhost, O=model-cache tls-check" -ext "SAN=dns:localhost,ip:127.0.0.1" \
  -storetype PKCS12 -keystore "$keystore" -storepass "$password" -keypass "$password" \
  >"$tmp/keytool.txt" 2>&1 || { cat "$tmp/keytool.txt"; die "keytool -genkeypair failed"; }
"$keytool" -exportcert -rfc -alias "$alias" -keystore "$keystore" -storepass "$password" >"$tmp/cert.pem" 2>/dev/null
ours="$(openssl x509 -in "$tmp/cert.pem" -noout -fingerprint -sha256 | cut -d= -f2)"
log "keystore made: alias $alias, sha256 $ours"

# ---- 2. start, HTTPS only --------------------------------------------------------------------
umask 077
{ cat "$payara/system.properties"; echo "javax.net.ssl.keyStore=$keystore"; echo "javax.net.ssl.keyStorePassword=$password"; } >"$tmp/system.properties"
{ cat "$payara/pre-boot-commands.txt"; echo "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.enabled=false"; } >"$tmp/pre-boot-commands.txt"
umask 022
models="$tmp/models"
make_models "$models"
http_port="$(free_port)"
tls_port="$(free_port)"
base="https://localhost:$tls_port"
tcurl() { lcurl --cacert "$tmp/cert.pem" "$@"; }
start_service "$tmp/service.log" "$tmp/java-tmp" "$http_port" MODEL_CACHE_MODEL_DIR="$models" -- \
  --sslport "$tls_port" --sslcert "$alias" \
  --systemproperties "$tmp/system.properties" --prebootcommandfile "$tmp/pre-boot-commands.txt"
deadline=$(( $(date +%s) + ready_timeout ))
until [[ "$(tcurl -m 2 -o /dev/null -w '%{http_code}' "$base/health/ready" || true)" == 200 ]]; do
  kill -0 "$svc_pid" 2>/dev/null || die "the service exited before it was ready"
  (( $(date +%s) < deadline )) || die "not ready over https after ${ready_timeout} s"
  sleep 0.5
done
log "ready over https on port $tls_port (HTTP port $http_port disabled)"

# ---- 3. checks -------------------------------------------------------------------------------
health="$(tcurl -m 10 -w '\n%{http_code} %{ssl_verify_result}' "$base/health")"
[[ "${health##*$'\n'}" == "200 0" ]] || die "GET /health over https: ${health##*$'\n'} ${health%$'\n'*}"
[[ "$health" == *'"status":"UP"'* ]] || die "GET /health is not UP: $health"
log "  GET  /health   -> 200 UP, certificate verified against ours (host localhost)"
code="$(tcurl -m 60 -o "$tmp/predict.json" -w '%{http_code}' -H 'Content-Type: application/json' \
  -d '{"text": "WIN a FREE cruise!!! Click here", "model_name": "spam-detector"}' "$base/predict" || echo 000)"
[[ "$code" == 200 ]] || die "POST /predict over https -> $code $(head -c 300 "$tmp/predict.json")"
log "  POST /predict  -> 200 $(head -c 120 "$tmp/predict.json")"
served="$(openssl s_client -connect "127.0.0.1:$tls_port" -servername localhost </dev/null 2>/dev/null \
  | openssl x509 -noout -fingerprint -sha256 | cut -d= -f2)"
[[ "$served" == "$ours" ]] || die "the certificate served ($served) is not ours ($ours)"
protocol="$(openssl s_client -connect "127.0.0.1:$tls_port" -servername localhost </dev/null 2>/dev/null \
  | awk '/^New, / { sub(/,$/, "", $2); print $2 ", " $NF; exit }')"
log "  served certificate sha256 $served (ours); ${protocol:-protocol unknown}"
rc=0; lcurl -m 10 -o /dev/null "$base/health" || rc=$?
[[ "$rc" == 60 ]] || die "a client that does not trust our certificate got curl exit $rc, not 60"
log "  a client without our certificate is refused (curl exit 60: not verified)"
rc=0; tcurl -m 10 --tls-max 1.1 -o /dev/null "$base/health" || rc=$?
(( rc != 0 )) || die "TLS 1.1 was accepted"
log "  TLS 1.1 is refused (curl exit $rc)"
rc=0; lcurl -m 5 -o /dev/null "http://127.0.0.1:$tls_port/health" || rc=$?
(( rc != 0 )) || die "plain HTTP was answered on the TLS port"
rc2=0; lcurl -m 5 -o /dev/null "http://127.0.0.1:$http_port/health" || rc2=$?
(( rc2 != 0 )) || die "plain HTTP was answered on the HTTP port, which should be disabled"
log "  plain HTTP gets no answer (TLS port: curl exit $rc; HTTP port: curl exit $rc2)"
passed=1
log "PASS"
