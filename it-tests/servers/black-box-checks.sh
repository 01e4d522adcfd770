#!/usr/bin/env bash
# The service's black-box checks against a running server, whatever the server: the design
# document's three usage examples (the seed's Python client, printing what it prints), the one
# JSON error shape (400, 401, 404, 415), /health, /health/live, /health/ready, /metrics as JSON and
# as Prometheus text, preload, /models and unload. Used by liberty-check.sh and glassfish-check.sh;
# the service must read the test model repository (fixtures/models, spam-detector, and the seed's
# names bert-base-uncased = tiny-a, roberta-base = tiny-c) and accept KEY with the predict, admin
# and metrics roles.
#
# Usage: it-tests/servers/black-box-checks.sh BASE_URL KEY
# Needs: curl, /usr/bin/python3 with httpx. Contacts BASE_URL only (proxies are ignored).
# Prints one line per check and "N passed, N failed"; exit status 0 when none failed.
set -uo pipefail

base="${1:?usage: black-box-checks.sh BASE_URL KEY}"
key="${2:?usage: black-box-checks.sh BASE_URL KEY}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python=/usr/bin/python3
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export no_proxy='*' NO_PROXY='*'
out="$(mktemp -d -t black-box-checks.XXXXXX)"
trap 'rm -rf "$out"' EXIT
passed=0
failed=0

ok() { passed=$((passed + 1)); echo "  ok    $*"; }
bad() { failed=$((failed + 1)); echo "  FAIL  $*"; }

# call NAME METHOD PATH [curl options...]: the body in $out/NAME, prints the status
call() {
  local name="$1" method="$2" path="$3"
  shift 3
  curl --noproxy '*' -s -m 60 -o "$out/$name" -w '%{http_code}' -X "$method" "$@" "$base$path" || echo 000
}
authed=(-H "Authorization: Bearer $key")
json=(-H 'Content-Type: application/json')

# expect NAME WANT_STATUS GOT_STATUS PYTHON_CONDITION_ON_d: d is the parsed JSON body
expect() {
  local name="$1" want="$2" got="$3" cond="$4" body
  body="$(head -c 300 "$out/$name")"
  if [[ "$got" != "$want" ]]; then
    bad "$name: status $got, expected $want: $body"
  elif ! "$python" -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($cond) else 1)" "$out/$name" 2>/dev/null; then
    bad "$name: $got but the body fails ($cond): $body"
  else
    ok "$name: $got $body"
  fi
}

echo "== the design document's usage examples (seed_usage_examples.py, httpx) =="
if MODEL_CACHE_API_KEY="$key" timeout 180 "$python" "$here/../src/test/python/seed_usage_examples.py" "$base"; then
  ok "usage examples"
else
  bad "usage examples (exit $?)"
fi

echo "== errors: one JSON shape =="
shape='set(d) == {"error", "message", "status"}'
expect empty-text 400 "$(call empty-text POST /predict "${authed[@]}" "${json[@]}" -d '{"text": "", "model_name": "spam-detector"}')" \
  "$shape and d['error'] == 'invalid_input' and d['status'] == 400"
expect no-key 401 "$(call no-key POST /predict "${json[@]}" -d '{"text": "hi", "model_name": "spam-detector"}')" \
  "$shape and d['error'] == 'unauthorized'"
expect unknown-model 404 "$(call unknown-model POST /predict "${authed[@]}" "${json[@]}" -d '{"text": "hi", "model_name": "no-such-model"}')" \
  "$shape and d['error'] == 'model_not_found' and 'spam-detector' in d['message']"
expect not-json 415 "$(call not-json POST /predict "${authed[@]}" -H 'Content-Type: text/plain' -d 'hello')" \
  "$shape and d['error'] == 'unsupported_media_type'"
expect bad-json 400 "$(call bad-json POST /predict "${authed[@]}" "${json[@]}" -d '{"text": "hi", "model_name": ')" \
  "$shape and d['error'] == 'invalid_input'"

echo "== health =="
checks='d["status"] == "UP" and {c["name"] for c in d["checks"]}'
expect health 200 "$(call health GET /health)" "$checks == {'model-cache-engine', 'model-cache-ready'} and d['checks'][0]['data']['service'] == 'model-cache'"
expect health-live 200 "$(call health-live GET /health/live)" "$checks == {'model-cache-engine'}"
expect health-ready 200 "$(call health-ready GET /health/ready)" "$checks == {'model-cache-ready'} and d['checks'][0]['data']['state'] == 'ready'"

echo "== /metrics =="
expect metrics-json 200 "$(call metrics-json GET /metrics "${authed[@]}" -H 'Accept: application/json')" \
  "d['total_requests'] >= 2 and 0 <= d['cache_hit_rate'] <= 1 and 'avg_inference_time_ms' in d"
got="$(call metrics-text GET /metrics "${authed[@]}" -H 'Accept: text/plain;version=0.0.4')"
if [[ "$got" == 200 ]] && grep -q '^# TYPE model_cache_requests_total counter' "$out/metrics-text" \
    && grep -q '^model_cache_requests_total{endpoint="predict",model="bert-base-uncased"} [1-9]' "$out/metrics-text" \
    && grep -q '^model_cache_memory_used_bytes ' "$out/metrics-text"; then
  ok "metrics-text: 200, $(grep -c '^# TYPE' "$out/metrics-text") metric families, $(grep '^model_cache_requests_total' "$out/metrics-text" | head -n 1)"
else
  bad "metrics-text: status $got: $(head -c 300 "$out/metrics-text")"
fi

echo "== preload, /models, unload =="
expect preload 200 "$(call preload POST /models/tiny-b/preload "${authed[@]}")" "d['status'] == 'loaded'"
expect models 200 "$(call models GET /models "${authed[@]}")" "'tiny-b' in json.dumps(d)"
expect model 200 "$(call model GET /models/tiny-b "${authed[@]}")" "d['model_name'] == 'tiny-b' and d['memory_mb'] > 0"
expect unload 200 "$(call unload DELETE /models/tiny-b "${authed[@]}")" "d['status'] == 'unloaded'"
expect unload-again 200 "$(call unload-again DELETE /models/tiny-b "${authed[@]}")" "d['status'] == 'not_loaded'"
expect unloaded-model 404 "$(call unloaded-model GET /models/tiny-b "${authed[@]}")" "$shape"

echo "$passed passed, $failed failed"
(( failed == 0 ))
