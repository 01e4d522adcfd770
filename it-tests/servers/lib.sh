# Shared by the server scripts of it-tests/servers (liberty-check.sh, glassfish-check.sh): a
# temporary folder, the test model repository, keys, free ports, a server runtime from Maven
# Central through the project's Maven wrapper, timing, and waiting for readiness. Source it after
# setting "name" (for messages); it sets "tmp" (removed at exit unless KEEP=1).

unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export no_proxy='*' NO_PROXY='*'
lib_here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$lib_here/../.." && pwd)"
python=/usr/bin/python3
war="${WAR:-$root/cache-war/target/model-cache.war}"

log() { echo "$name: $*"; }
die() { echo "$name: FAIL: $*" >&2; exit 1; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
secs() { awk "BEGIN { printf \"%.1f\", $1 / 1000 }"; }
[[ -f "$war" ]] || die "no WAR at $war (build it: ./mvnw -B -q -pl cache-war -am package -DskipTests)"

tmp="$(mktemp -d -t "$name.XXXXXX")"
# A free TCP port on 127.0.0.1 (the kernel's choice).
free_port() {
  "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
new_key() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

# The test model repository, as service-check.sh makes it.
make_models() { # make_models DIR
  mkdir -p "$1"
  cp -R "$root"/fixtures/models/* "$1/"
  cp -R "$root/models/spam-detector" "$1/spam-detector"
  cp -R "$root/fixtures/models/tiny-a" "$1/bert-base-uncased"
  cp -R "$root/fixtures/models/tiny-c" "$1/roberta-base"
}

# fetch_runtime GROUP:ARTIFACT:VERSION:zip DIR: copies the zip from Maven Central (or ~/.m2) to DIR,
# prints its path.
fetch_runtime() {
  local coords="$1" dir="$2" artifact version
  IFS=: read -r _ artifact version _ <<<"$coords"
  "$root/mvnw" -B -q -f "$root/pom.xml" -N dependency:copy -Dartifact="$coords" -DoutputDirectory="$dir" >&2 \
    || die "could not fetch $coords"
  echo "$dir/$artifact-$version.zip"
}

# wait_ready URL SECONDS CHECK_COMMAND: polls URL/health/ready until 200; CHECK_COMMAND (a
# function name) fails when the server is gone or the application failed to start.
wait_ready() {
  local url="$1" timeout="$2" alive="$3" code=""
  local deadline=$(( $(date +%s) + timeout ))
  while (( $(date +%s) < deadline )); do
    "$alive" || die "the server stopped, or the application failed to start, before it was ready"
    code="$(curl --noproxy '*' -s -m 2 -o /dev/null -w '%{http_code}' "$url/health/ready" || true)"
    [[ "$code" == 200 ]] && return 0
    sleep 1
  done
  die "not ready after $timeout s (last /health/ready: ${code:-none})"
}
