#!/usr/bin/env bash
# Cluster check: 3 members of one cluster on the Data Grid and 3 independent instances, all the
# real uber jar on loopback ports, each with room for 2 of the 6 test models (MODEL_CACHE_MAX_MODELS
# =2). In one run (docs/cluster.md records its figures):
#   1. single flight across the cluster: 20 concurrent requests for a cold model spread over the 3
#      members' front doors cause 1 load in the whole cluster (the independent instances: 3);
#   2. the same Zipf(1) traffic over the 6 models, round-robin over the 3 front doors, to the
#      cluster and to the independent instances: loads, model hit rate, forwarded share, texts/s,
#      p50/p99. The cluster must load at most 1.5 x 6 models in all;
#   3. the shared response cache (RESPONSE_CACHE_SHARED=true): a text answered by member A is a
#      response_cached hit on member B;
#   4. kill -9 of one member under load: status counts before and after, time until its models
#      are served again, time until the cluster view forgets it; only designed statuses.
#
# Usage: it-tests/cluster-check.sh [JAR]     (default: cache-war/target/model-cache.jar)
# Environment: CLUSTER_CHECK_SKIP=true (or MAVEN_SKIP_TESTS=true) skips it; CLUSTER_CHECK_KEEP=1
#   keeps the temporary folder; CLUSTER_REQUESTS (600) requests per Zipf run; JAVA_HOME, JAVA_OPTS
#   (-Xmx512m) as for the other checks (lib/service.sh).
# Exit status: 0 PASS, 1 FAIL.
set -euo pipefail

if [[ "${CLUSTER_CHECK_SKIP:-}" == "true" || "${MAVEN_SKIP_TESTS:-}" == "true" ]]; then
  echo "cluster-check: skipped (CLUSTER_CHECK_SKIP or MAVEN_SKIP_TESTS is true)"
  exit 0
fi
name=cluster-check
# Six boots at once: on a busy 2-core machine they take longer than one.
SERVICE_READY_TIMEOUT="${SERVICE_READY_TIMEOUT:-600}"
# shellcheck source=lib/service.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib/service.sh"
jar="${1:-$root/cache-war/target/model-cache.jar}"
[[ -f "$jar" ]] || die "no jar at $jar (build it: ./mvnw -o -B package -DskipTests -pl cache-war -am)"
traffic="$lib_here/cluster_traffic.py"
requests="${CLUSTER_REQUESTS:-600}"
models=(spam-detector tiny-a tiny-b tiny-c tiny-d tiny-e)
t_start="$(now_ms)"

make_models "$tmp/models"
common=(MODEL_CACHE_MODEL_DIR="$tmp/models" MODEL_CACHE_MAX_MODELS=2 INFERENCE_THREADS=1)

# Hazelcast's own failure detection: a member that stops sending heartbeats is removed after
# hazelcast.max.no.heartbeat.seconds (Hazelcast's default: 60 s); shortened here to keep the run short.
grid_opts="-Dhazelcast.max.no.heartbeat.seconds=15 -Dhazelcast.heartbeat.interval.seconds=1"
hz_ports=() http_c=() pids_c=()
for i in 0 1 2; do hz_ports+=("$(free_port)"); http_c+=("$(free_port)"); done
members="tcpip:127.0.0.1:${hz_ports[0]},127.0.0.1:${hz_ports[1]},127.0.0.1:${hz_ports[2]}"
# Member 0 runs under strace: every socket destination it asks for must be loopback (the other
# members are on 127.0.0.1; no multicast, no probe of the host's own address).
ensure_tool strace strace
for i in 0 1 2; do
  svc_wrap=()
  if (( i == 0 )); then
    svc_wrap=(strace -f -qq --seccomp-bpf -e trace=connect,sendto,sendmsg -o "$tmp/member0.strace")
  fi
  JAVA_OPTS="${JAVA_OPTS:--Xmx512m} $grid_opts" start_service "$tmp/member$i.log" "$tmp/java-c$i" \
    "${http_c[$i]}" "${common[@]}" MODEL_CACHE_CLUSTER=on RESPONSE_CACHE_SHARED=true -- \
    --clustermode "$members" --startport "${hz_ports[$i]}" --interfaces 127.0.0.1 \
    --clustername "check-$$"
  pids_c+=("$svc_pid")
done
svc_wrap=()
http_s=() pids_s=()
for i in 0 1 2; do
  http_s+=("$(free_port)")
  start_service "$tmp/single$i.log" "$tmp/java-s$i" "${http_s[$i]}" "${common[@]}"
  pids_s+=("$svc_pid")
done
doors_c=() doors_s=()
for i in 0 1 2; do
  doors_c+=("http://127.0.0.1:${http_c[$i]}")
  doors_s+=("http://127.0.0.1:${http_s[$i]}")
  wait_ready "${doors_c[$i]}" "${pids_c[$i]}" "$tmp/member$i.log"
  wait_ready "${doors_s[$i]}" "${pids_s[$i]}" "$tmp/single$i.log"
done
log "6 instances ready in $(( ($(now_ms) - t_start) / 1000 )) s"

# Every member sees the 3 members in its cluster view.
for i in 0 1 2; do
  for _ in $(seq 1 120); do
    n="$(lcurl -m 5 "${doors_c[$i]}/stats" | "$python" -c 'import json,sys; print(len(json.load(sys.stdin).get("cluster",{}).get("members",[])))' 2>/dev/null || echo 0)"
    [[ "$n" == 3 ]] && break
    sleep 0.5
  done
  [[ "$n" == 3 ]] || die "member $i sees $n members, not 3 (log: member$i.log)"
done
log "cluster view: 3 members on every member"
# The grid listens on the configured interface only (--interfaces 127.0.0.1), never on all.
"$python" - "${hz_ports[@]}" <<'PY' || die "the Data Grid listens beyond --interfaces"
import sys
ports = {int(p) for p in sys.argv[1:]}
bad = []
for table in ("/proc/net/tcp", "/proc/net/tcp6"):
    try:
        rows = open(table).read().splitlines()[1:]
    except OSError:
        continue
    for row in rows:
        f = row.split()
        addr, port = f[1].rsplit(":", 1)
        if f[3] == "0A" and int(port, 16) in ports and addr not in ("0100007F", "0000000000000000FFFF00000100007F"):
            bad.append((table, addr, int(port, 16)))
print("cluster-check: grid ports %s listen on 127.0.0.1 only%s" % (sorted(ports), "" if not bad else ": NOT " + str(bad)))
sys.exit(1 if bad else 0)
PY

# stats_sum DOOR... -> "loads hits requests" summed over the instances
stats_sum() {
  local d
  for d in "$@"; do lcurl -m 10 "$d/stats"; echo; done | "$python" -c '
import json, sys
loads = hits = requests = 0
for line in sys.stdin:
    if line.strip():
        s = json.loads(line)
        loads += s["loads"]; hits += s["cache_hits"]; requests += s["total_requests"]
print(loads, hits, requests)'
}

# ---- 1. single flight across the cluster ------------------------------------------------------
read -r loads0 _ _ <<<"$(stats_sum "${doors_c[@]}")"
"$python" "$traffic" burst "$tmp/burst-c.json" tiny-a 20 "${doors_c[@]}"
read -r loads1 _ _ <<<"$(stats_sum "${doors_c[@]}")"
"$python" "$traffic" burst "$tmp/burst-s.json" tiny-a 20 "${doors_s[@]}"
read -r loads_s1 _ _ <<<"$(stats_sum "${doors_s[@]}")"
ok_c="$("$python" -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(sum(x["status"]==200 for x in r), len({x["served_by"] for x in r}))' "$tmp/burst-c.json")"
log "single flight: 20 concurrent cold requests for tiny-a over 3 doors: cluster $((loads1 - loads0)) load(s) (200s, serving members: $ok_c); independent instances $loads_s1 load(s)"
(( loads1 - loads0 == 1 )) || die "single flight: the cluster loaded tiny-a $((loads1 - loads0)) times"
[[ "${ok_c%% *}" == 20 ]] || die "single flight: not every request answered 200 ($ok_c)"

# ---- 2. the same Zipf traffic, cluster and independent instances -------------------------------
summary() { # summary LABEL RESULTS.json LOADS HITS REQUESTS
  "$python" - "$@" <<'PY'
import json, sys
label, path, loads, hits, requests = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
run = json.load(open(path))
r = run["results"]
lat = sorted(x["seconds"] for x in r if x["status"] == 200)
pct = lambda p: 1000 * lat[min(len(lat) - 1, int(p * len(lat)))] if lat else float("nan")
codes = {}
for x in r:
    codes[x["status"]] = codes.get(x["status"], 0) + 1
doors = json.load(open(path.replace(".json", ".doors")))
forwarded = sum(1 for x in r if x["status"] == 200 and x["served_by"] and x["served_by"] != doors[x["door"]])
print("| %s | %d | %s | %d | %.2f | %.2f | %.1f | %.0f | %.0f |" % (
    label, len(r), " ".join("%s:%d" % kv for kv in sorted(codes.items())), loads,
    hits / requests if requests else 0, forwarded / len(r), len(r) / run["seconds"], pct(0.5), pct(0.99)))
bad = [x for x in r if x["status"] != 200]
sys.exit(1 if bad else 0)
PY
}
names_of() { local d; for d in "$@"; do printf '"%s",' "${d#http://}"; done; }
echo "[$(names_of "${doors_c[@]}" | sed 's/,$//')]" >"$tmp/zipf-c.doors"
echo "[$(names_of "${doors_s[@]}" | sed 's/,$//')]" >"$tmp/zipf-s.doors"
zipf() { # zipf OUT DOORS...
  local out="$1"; shift
  "$python" "$traffic" zipf "$out" "$requests" 8 42 "$@" -- "${models[@]}"
}
read -r _ h0 q0 <<<"$(stats_sum "${doors_c[@]}")"
zipf "$tmp/zipf-c.json" "${doors_c[@]}"
read -r lc hc qc <<<"$(stats_sum "${doors_c[@]}")"
read -r _ hs0 qs0 <<<"$(stats_sum "${doors_s[@]}")"
zipf "$tmp/zipf-s.json" "${doors_s[@]}"
read -r ls hs qs <<<"$(stats_sum "${doors_s[@]}")"
echo "| setup (3 instances, 2 of 6 models each) | requests | statuses | model loads (first included) | model hit rate | forwarded share | texts/s | p50 ms | p99 ms |"
echo "|---|---|---|---|---|---|---|---|---|"
summary "cluster (MODEL_CACHE_CLUSTER=on)" "$tmp/zipf-c.json" "$lc" $((hc - h0)) $((qc - q0)) \
  || die "the cluster answered a request with another status than 200"
summary "independent instances" "$tmp/zipf-s.json" "$ls" $((hs - hs0)) $((qs - qs0)) \
  || die "an independent instance answered with another status than 200"
(( lc <= 9 )) || die "the cluster loaded $lc models in all, more than 1.5 x 6"
log "cluster loads in all: $lc (<= 9)"

# The independent instances are done: stop them (CPU and memory for the rest).
for p in "${pids_s[@]}"; do stop_pid "$p"; done

# ---- 3. shared response cache ------------------------------------------------------------------
text='{"text": "shared cache probe '"$$"': claim your free prize now", "model_name": "spam-detector"}'
code="$(lcurl -m 60 -o "$tmp/pre.json" -w '%{http_code}' -X POST "${doors_c[0]}/models/spam-detector/preload?copies=2")"
[[ "$code" == 200 ]] || die "preload copies=2 -> $code $(cat "$tmp/pre.json")"
mapfile -t holders < <("$python" -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1]))["copies_on"]))' "$tmp/pre.json")
(( ${#holders[@]} >= 2 )) || die "preload copies=2 left the model on ${#holders[@]} member(s): $(cat "$tmp/pre.json")"
log "preload copies=2: spam-detector on ${holders[*]}"
a="http://${holders[0]}" b="http://${holders[1]}"
lcurl -m 60 -D "$tmp/a.h" -o "$tmp/a.json" -H 'Content-Type: application/json' -d "$text" "$a/predict" >/dev/null
lcurl -m 60 -D "$tmp/b.h" -o "$tmp/b.json" -H 'Content-Type: application/json' -d "$text" "$b/predict" >/dev/null
sa="$(grep -i '^X-Model-Cache-Served-By' "$tmp/a.h" | tr -d '\r' | cut -d' ' -f2)"
sb="$(grep -i '^X-Model-Cache-Served-By' "$tmp/b.h" | tr -d '\r' | cut -d' ' -f2)"
ca="$("$python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["response_cached"])' "$tmp/a.json")"
cb="$("$python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["response_cached"])' "$tmp/b.json")"
log "shared response cache: served by $sa response_cached=$ca, then by $sb response_cached=$cb"
[[ "$sa" != "$sb" && "$ca" == False && "$cb" == True ]] || die "the shared response cache did not answer on the second member"

# A name no source has: 404 from whichever member it was placed on, and no room or claim kept.
code="$(post_json "${doors_c[1]}/predict" '{"text": "x", "model_name": "no-such-model"}' "$tmp/none.json")"
[[ "$code" == 404 ]] || die "an unknown model -> $code $(cat "$tmp/none.json")"
for _ in $(seq 1 20); do
  left="$(lcurl -m 5 "${doors_c[0]}/stats" | "$python" -c 'import json,sys; c=json.load(sys.stdin)["cluster"]; print(sum("no-such-model" in m["models_loading"] for m in c["members"]) + ("no-such-model" in c["loading"]))')"
  [[ "$left" == 0 ]] && break
  sleep 0.5
done
[[ "$left" == 0 ]] || die "the unknown model still holds room or a claim in the cluster view"
log "unknown model: 404, no room or claim kept"

# ---- 4. kill -9 of one member under load -------------------------------------------------------
victim=2
vname="127.0.0.1:${http_c[$victim]}"
held="$(lcurl -m 10 "${doors_c[0]}/stats" | "$python" -c 'import json,sys; s=json.load(sys.stdin)["cluster"]; print(" ".join(m for m, h in s["placement"].items() if sys.argv[1] in h))' "$vname")"
log "member $vname holds: ${held:-nothing}; load on the 3 doors, kill -9 of it after 6 s"
"$python" "$traffic" until "$tmp/kill.json" 20 "$tmp/stop-kill" "${doors_c[@]}" -- "${models[@]}" &
load_pid=$!
sleep 6
kill -KILL "${pids_c[$victim]}"
t_kill="$(now_ms)"
gone=""
for _ in $(seq 1 120); do
  n="$(lcurl -m 5 "${doors_c[0]}/stats" | "$python" -c 'import json,sys; print(len(json.load(sys.stdin)["cluster"]["members"]))' 2>/dev/null || echo 0)"
  if [[ "$n" == 2 ]]; then gone=$(( ($(now_ms) - t_kill) / 1000 )); break; fi
  sleep 0.5
done
wait "$load_pid"
"$python" - "$tmp/kill.json" "$t_kill" "$held" "$victim" <<'PY' || die "kill -9: an undesigned status"
import json, sys
r = json.load(open(sys.argv[1]))["results"]
t_kill, held, victim = int(sys.argv[2]) / 1000, sys.argv[3].split(), int(sys.argv[4])
designed = {200, 429, 503, 504, 507}
refused = [x for x in r if x["status"] == 0 and x["door"] == victim and x["t"] >= t_kill]
rest = [x for x in r if x not in refused]
for label, part in (("before the kill", [x for x in rest if x["t"] < t_kill]),
                    ("after the kill", [x for x in rest if x["t"] >= t_kill])):
    codes = {}
    for x in part:
        codes[x["status"]] = codes.get(x["status"], 0) + 1
    print("cluster-check:   %s: %d requests, statuses %s" % (label, len(part), codes))
print("cluster-check:   connections refused by the killed front door (the client then left it out): %d" % len(refused))
bad = [x for x in rest if x["status"] not in designed]
for x in bad[:5]:
    print("cluster-check:   undesigned:", x)
for model in held:
    ok = [x["t"] for x in r if x["model"] == model and x["status"] == 200 and x["t"] >= t_kill]
    print("cluster-check:   %s served again %.2f s after the kill" % (model, min(ok) - t_kill) if ok else
          "cluster-check:   %s: no request for it after the kill" % model)
sys.exit(1 if bad else 0)
PY
[[ -n "$gone" ]] || die "the cluster view still lists the killed member after 60 s"
log "the cluster view forgot the killed member after ${gone} s"

# Every destination member 0 asked for: loopback only.
"$python" - "$tmp/member0.strace" <<'PY' || die "member 0 connected beyond loopback"
import collections, ipaddress, re, sys
seen, bad = collections.Counter(), []
for line in open(sys.argv[1], errors="replace"):
    if "sa_family=AF_INET" not in line:
        continue
    m = re.search(r'inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)"', line)
    ip = (m.group(1) or m.group(2)) if m else "?"
    try:
        a = ipaddress.ip_address(ip)
        a = (a.ipv4_mapped or a) if isinstance(a, ipaddress.IPv6Address) else a
        ok = a.is_loopback
    except ValueError:
        ok = False
    seen[ip] += 1
    if not ok:
        bad.append(line.strip()[:200])
print("cluster-check: member 0's socket destinations: %s" % dict(seen))
for b in bad[:5]:
    print("cluster-check:   not loopback:", b)
sys.exit(1 if bad else 0)
PY

passed=1
log "PASS in $(( ($(now_ms) - t_start) / 1000 )) s"
