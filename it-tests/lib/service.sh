# Shared by the fault scripts of it-tests (kill-restart-check.sh, egress-check.sh, tls-check.sh,
# soak.sh): starting the Payara Micro uber jar on a free loopback port, waiting for readiness,
# calling it, reading a process's RSS, threads and file descriptors, and stopping it. Source it
# after setting "name" (the script's name, for messages); it sets "tmp" (a temporary folder
# removed at exit unless <NAME>_KEEP=1) and stops every service it started when the script exits.
#
# The service always gets MODEL_CACHE_AUTH=disabled (API keys are on by default once they exist)
# and MODEL_CACHE_STOP_GRACE_SECONDS=0 (unless the caller sets it).
# To call a service that has keys instead, set MODEL_CACHE_API_KEY (sent in the header named by
# MODEL_CACHE_API_KEY_HEADER, default X-API-Key): every request of these scripts carries it.
# Only 127.0.0.1 is contacted: proxies from the environment are ignored.

unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export no_proxy='*' NO_PROXY='*'

lib_here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$lib_here/../.." && pwd)"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
python=/usr/bin/python3
ready_timeout="${SERVICE_READY_TIMEOUT:-180}"

log() { echo "$name: $*"; }
die() { echo "$name: FAIL: $*" >&2; exit 1; }

# ensure_tool COMMAND PACKAGE: installs the Debian package when the command is missing and this runs
# as root with apt-get (apt-get update only if the first try fails); fails otherwise.
ensure_tool() {
  command -v "$1" >/dev/null && return 0
  [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null || die "$1 is needed (as root: apt-get install -y $2)"
  log "installing $2"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null || die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null || die "apt-get install $2 failed"
  fi
  command -v "$1" >/dev/null || die "$1 still missing after apt-get install $2"
}
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
ensure_tool curl curl
ensure_tool "$python" python3

# Every HTTP request goes through here: loopback, no proxy, the API key if one is set.
lcurl() {
  local auth=()
  if [[ -n "${MODEL_CACHE_API_KEY:-}" ]]; then
    auth=(-H "${MODEL_CACHE_API_KEY_HEADER:-X-API-Key}: $MODEL_CACHE_API_KEY")
  fi
  curl --noproxy '*' -s "${auth[@]}" "$@"
}

free_port() {
  "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
threads_of() { awk '/^Threads:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
fds_of() { find "/proc/$1/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l; }

tmp="$(mktemp -d -t "$name.XXXXXX")"
service_pids=()
passed=0

stop_pid() { # stop_pid PID: its children first (strace's traced JVM), then TERM, KILL after 30 s
  local p="$1" child
  [[ -n "$p" ]] || return 0
  # A TERM to strace detaches it and leaves the traced JVM running: stop the children first
  # (read from /proc, as procps is not in every base image).
  for child in $(cat /proc/"$p"/task/*/children 2>/dev/null); do stop_pid "$child"; done
  if kill -0 "$p" 2>/dev/null; then
    kill -TERM "$p" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$p" 2>/dev/null; then kill -KILL "$p" 2>/dev/null || true; fi
  fi
  wait "$p" 2>/dev/null || true
}

lib_cleanup() {
  local rc=$?
  local p
  for p in "${service_pids[@]}"; do stop_pid "$p"; done
  if (( rc != 0 || passed == 0 )); then
    for f in "$tmp"/*.log; do
      [[ -s "$f" ]] || continue
      echo "---- last 30 lines of $(basename "$f") ----" >&2
      tail -n 30 "$f" >&2 || true
    done
  fi
  local keep="${name^^}_KEEP"
  keep="${keep//-/_}"
  if [[ "${!keep:-}" == 1 ]]; then
    log "kept $tmp"
  else
    rm -rf "$tmp"
  fi
  exit "$rc"
}
trap lib_cleanup EXIT
trap 'exit 1' INT TERM HUP

# The test model repository: the tiny fixtures and the spam detector (as service-check.sh has).
make_models() { # make_models DIR
  mkdir -p "$1"
  cp -R "$root"/fixtures/models/* "$1/"
  cp -R "$root/models/spam-detector" "$1/spam-detector"
}

# start_service LOG JAVA_TMPDIR PORT [ENV=VALUE...] [-- JAR_ARGS...]: starts the jar in the
# background with the given environment (on top of this one's), sets svc_pid. Set "svc_wrap"
# (an array) to run java under another program (strace).
start_service() {
  local logfile="$1" javatmp="$2" port="$3"
  shift 3
  local envs=() args=()
  while (( $# )); do
    if [[ "$1" == "--" ]]; then shift; args=("$@"); break; fi
    envs+=("$1")
    shift
  done
  mkdir -p "$javatmp"
  # ORT_DISABLE_TELEMETRY=1: see service-check.sh. MODEL_CACHE_STOP_GRACE_SECONDS=0: no load
  # balancer to wait for, so the scripts' own stops take no 5 s (a caller's value wins). JAVA_OPTS:
  # extra JVM options.
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  env MODEL_CACHE_AUTH=disabled ORT_DISABLE_TELEMETRY=1 MODEL_CACHE_STOP_GRACE_SECONDS=0 "${envs[@]}" \
    "${svc_wrap[@]}" "$java" -Djava.io.tmpdir="$javatmp" ${JAVA_OPTS:--Xmx512m} \
    -jar "$jar" --port "$port" "${args[@]}" >"$logfile" 2>&1 &
  svc_pid=$!
  service_pids+=("$svc_pid")
}

# wait_ready URL PID LOG: polls URL/health/ready until 200; fails if the process exits.
wait_ready() {
  local url="$1" pid="$2" logfile="$3" code="" body
  local deadline=$(( $(date +%s) + ready_timeout ))
  while (( $(date +%s) < deadline )); do
    kill -0 "$pid" 2>/dev/null || die "the service exited before it was ready (log: $logfile)"
    body="$(lcurl -k -m 2 -w '\n%{http_code}' "$url/health/ready" 2>/dev/null || true)"
    code="${body##*$'\n'}"
    [[ "$code" == 200 ]] && return 0
    sleep 0.5
  done
  die "not ready after ${ready_timeout} s (last /health/ready: ${code:-none})"
}

# post_json URL BODY OUTFILE -> prints the HTTP status
post_json() {
  lcurl -m 120 -o "$3" -w '%{http_code}' -H 'Content-Type: application/json' -d "$2" "$1" || echo 000
}
