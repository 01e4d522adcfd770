#!/usr/bin/env bash
# Egress check: the service under "strace -f" (every thread), through a prediction, a batch, a
# preload, an unload, a cache clear, the read-only endpoints and a clean stop. Every socket
# destination the JVM asked for (connect, and sendto/sendmsg with an address) is listed; anything
# but loopback (127.0.0.0/8, ::1), Unix sockets, kernel netlink and the hosts in EGRESS_ALLOWED
# fails the check.
#
# Usage: it-tests/egress-check.sh [JAR]       (default: cache-war/target/model-cache.jar)
# Environment:
#   EGRESS_CHECK_SKIP=true      do nothing (so does MAVEN_SKIP_TESTS=true, how Maven passes -DskipTests)
#   EGRESS_ALLOWED              more allowed destinations, space-separated: host names (resolved
#                               with getent), IP addresses, optionally :port (e.g. a model hub)
#   EGRESS_SERVICE_ENV          extra NAME=VALUE settings for the service, space-separated
#   EGRESS_CHECK_KEEP=1         keep the temporary folder (strace output, logs)
#   JAVA_HOME, JAVA_OPTS, MODEL_CACHE_API_KEY   as for the other checks (lib/service.sh)
# Needs strace (Debian package strace). When it is missing and this runs as root with apt-get,
# it is installed (apt-get install -y -q strace; apt-get update only if that fails). Where
# ptrace is not permitted (some containers), the check says so and fails.
# Exit status: 0 PASS, 1 FAIL.
set -euo pipefail

if [[ "${EGRESS_CHECK_SKIP:-}" == "true" || "${MAVEN_SKIP_TESTS:-}" == "true" ]]; then
  echo "egress-check: skipped (EGRESS_CHECK_SKIP or MAVEN_SKIP_TESTS is true)"
  exit 0
fi
name=egress-check
svc_wrap=()
# shellcheck source=lib/service.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib/service.sh"

jar="${1:-$root/cache-war/target/model-cache.jar}"
[[ -f "$jar" ]] || die "no jar at $jar (build it: ./mvnw -o -B package -DskipTests -pl cache-war -am)"
read -r -a service_env <<<"${EGRESS_SERVICE_ENV:-}"

# ---- strace ----------------------------------------------------------------------------------
ensure_tool strace strace
strace -f -qq -e trace=connect -o /dev/null true 2>"$tmp/strace-probe.txt" \
  || die "strace cannot trace here (ptrace not permitted?): $(head -c 300 "$tmp/strace-probe.txt")"

# Allowed destinations: loopback, plus EGRESS_ALLOWED resolved to addresses.
allowed_ips=()
for entry in ${EGRESS_ALLOWED:-}; do
  host="${entry%:*}"
  [[ "$entry" == *:* && "$entry" != *::* ]] || host="$entry"
  if [[ "$host" =~ ^[0-9.]+$ || "$host" == *:* ]]; then
    allowed_ips+=("$host")
  else
    mapfile -t ips < <(getent ahosts "$host" | awk '{ print $1 }' | sort -u)
    (( ${#ips[@]} )) || die "EGRESS_ALLOWED: cannot resolve $host"
    allowed_ips+=("${ips[@]}")
  fi
done

# ---- service under strace --------------------------------------------------------------------
models="$tmp/models"
make_models "$models"
port="$(free_port)"
base="http://127.0.0.1:$port"
trace="$tmp/connect.strace"
# --seccomp-bpf: only the traced calls stop the tracee, so the JVM runs at nearly full speed.
svc_wrap=(strace -f -qq --seccomp-bpf -e trace=connect,sendto,sendmsg -o "$trace")
t0="$(now_ms)"
start_service "$tmp/service.log" "$tmp/java-tmp" "$port" MODEL_CACHE_MODEL_DIR="$models" "${service_env[@]}"
wait_ready "$base" "$svc_pid" "$tmp/service.log"
log "ready under strace in $(( ($(now_ms) - t0) / 1000 )) s (port $port)"

steps=(
  "POST|/predict|{\"text\": \"WIN a FREE cruise!!! Click here\", \"model_name\": \"spam-detector\"}"
  "POST|/predict/batch|{\"texts\": [\"hello\", \"world\"], \"model_name\": \"tiny-c\"}"
  "POST|/models/tiny-a/preload|"
  "DELETE|/models/tiny-a|"
  "POST|/clear-cache|"
  "GET|/stats|"
  "GET|/models|"
  "GET|/metrics|"
  "GET|/health|"
)
for step in "${steps[@]}"; do
  IFS='|' read -r method path body <<<"$step"
  args=(-m 120 -o "$tmp/answer.json" -w '%{http_code}' -X "$method")
  [[ -z "$body" ]] || args+=(-H 'Content-Type: application/json' -d "$body")
  code="$(lcurl "${args[@]}" "$base$path" || echo 000)"
  [[ "$code" == 200 ]] || die "$method $path -> $code $(head -c 300 "$tmp/answer.json")"
  log "  $method $path -> 200"
done
stop_pid "$svc_pid"
log "stopped; $(grep -c . "$trace") traced calls in $(cut -d' ' -f1 "$trace" | sort -u | wc -l) threads"

# ---- every destination -----------------------------------------------------------------------
read -r -d '' parse <<'PY' || true
import collections, ipaddress, re, sys

trace, allowed = sys.argv[1], set(sys.argv[2:])
dest = collections.Counter()
bad = collections.Counter()
for line in open(trace, errors="replace"):
    m = re.search(r"\b(connect|sendto|sendmsg)\(", line)
    if not m or "sa_family=" not in line:
        continue  # sendto/sendmsg on a connected socket: no address
    call = m.group(1)
    family = re.search(r"sa_family=(AF_\w+)", line).group(1)
    ok = family in ("AF_UNIX", "AF_NETLINK", "AF_UNSPEC")
    what = family
    if family == "AF_UNIX":
        path = re.search(r'sun_path=(@?"[^"]*")', line)
        what = f"AF_UNIX {path.group(1) if path else '(unnamed)'}"
    elif family in ("AF_INET", "AF_INET6"):
        addr = re.search(r'inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)"', line)
        port = re.search(r"(?:sin_port|sin6_port)=htons\((\d+)\)", line)
        ip = (addr.group(1) or addr.group(2)) if addr else "?"
        what = f"{family} {ip}:{port.group(1) if port else '?'}"
        try:
            a = ipaddress.ip_address(ip)
            a = a.ipv4_mapped or a if isinstance(a, ipaddress.IPv6Address) else a
            ok = a.is_loopback or ip in allowed or str(a) in allowed
        except ValueError:
            ok = False
    result = "refused" if "ECONNREFUSED" in line else ("ok" if "= 0" in line or "EINPROGRESS" in line else "failed")
    key = f"{call:8s} {what} ({result})"
    dest[key] += 1
    if not ok:
        bad[key] += 1
print("egress-check: distinct destinations (call, destination, outcome: count):")
for k, n in sorted(dest.items()):
    print(f"egress-check:   {k}: {n}{'   <-- NOT ALLOWED' if k in bad else ''}")
if not dest:
    print("egress-check:   none")
sys.exit(1 if bad else 0)
PY
# The parser must flag what it should: a connect to a public address and an IPv6 one fail it.
cat >"$tmp/selftest.strace" <<'EOF_TRACE'
101 connect(5, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("140.82.112.3")}, 16) = -1 EINPROGRESS (Operation now in progress)
102 sendto(7, "x", 1, 0, {sa_family=AF_INET6, sin6_port=htons(53), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "2001:4860:4860::8888", &sin6_addr), sin6_scope_id=0}, 28) = 1
103 connect(6, {sa_family=AF_INET, sin_port=htons(8003), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
EOF_TRACE
if "$python" -c "$parse" "$tmp/selftest.strace" >"$tmp/selftest.txt"; then
  cat "$tmp/selftest.txt"
  die "the parser passed a trace with public destinations"
fi
[[ "$(grep -c 'NOT ALLOWED' "$tmp/selftest.txt")" == 2 ]] || { cat "$tmp/selftest.txt"; die "the parser's self-test flagged the wrong lines"; }
"$python" -c "$parse" "$trace" "${allowed_ips[@]}" || die "connections beyond loopback and the allowed hosts"
passed=1
log "PASS: only loopback${EGRESS_ALLOWED:+, $EGRESS_ALLOWED}, Unix and netlink sockets"
