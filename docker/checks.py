"""The checks of docker/check.sh that are easier in Python: one sub-command each.

  dockerfile FILE                       lint rules
  compose FILE SECRETS_DIR              compose.yaml rules
  prometheus-config IN OUT TARGET KEYFILE RULES   the scrape config for the real run
  workload BASE                         a short mixed workload (key in MODEL_CACHE_APP_KEY)
  panels PROMETHEUS DASHBOARD BASE OPS_KEY_FILE   every panel query on real data
  logs FILE                             every line one JSON object with the ECS fields

Each prints what it checked and exits 1 on a failure.
"""
import json
import os
import re
import sys
import time
import urllib.parse
import urllib.request

OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
failures = []


def check(ok, what):
    print(("    ok    " if ok else "    FAIL  ") + what)
    if not ok:
        failures.append(what)


def done():
    sys.exit(1 if failures else 0)


# ---- Dockerfile ------------------------------------------------------------------------------
def dockerfile(path):
    text = open(path).read()
    # Instructions with their continuation lines joined, comments dropped.
    lines, cur = [], ""
    for raw in text.splitlines():
        if not cur and raw.lstrip().startswith("#"):
            continue
        cur += raw.rstrip()
        if cur.endswith("\\"):
            cur = cur[:-1] + " "
            continue
        if cur.strip():
            lines.append(cur.strip())
        cur = ""
    instr = [(l.split(None, 1)[0].upper(), l.split(None, 1)[1] if " " in l else "") for l in lines]
    froms = [a for i, a in instr if i == "FROM"]
    check(len(froms) >= 1, f"FROM present ({len(froms)})")
    for f in froms:
        image = f.split()[0]
        tag = image.split("@")[0].rsplit(":", 1)[1] if ":" in image.split("@")[0].split("/")[-1] else ""
        check(tag != "" and tag != "latest", f"base image {image} has a tag, not latest")
        check("@sha256:" in image or re.search(r"\d+\.\d+", tag) is not None,
              f"base image {image} pinned to a version")
    users = [a for i, a in instr if i == "USER"]
    check(bool(users), "USER present")
    if users:
        last = users[-1].split(":")[0]
        check(last not in ("root", "0"), f"last USER is not root ({users[-1]})")
    hc = [a for i, a in instr if i == "HEALTHCHECK"]
    check(len(hc) == 1 and "/health/live" in hc[0], "HEALTHCHECK on /health/live")
    check(any(i == "EXPOSE" and "8003" in a.split() for i, a in instr), "EXPOSE 8003")
    check(any(i == "STOPSIGNAL" and a == "SIGTERM" for i, a in instr), "STOPSIGNAL SIGTERM")
    ep = [a for i, a in instr if i == "ENTRYPOINT"]
    check(len(ep) == 1 and ep[0].startswith("[") and "exec java" in ep[0],
          "ENTRYPOINT in exec form, exec-ing java (SIGTERM reaches the JVM)")
    env = " ".join(a for i, a in instr if i == "ENV")
    check("MALLOC_ARENA_MAX=2" in env, "ENV MALLOC_ARENA_MAX=2 (docs/memory.md)")
    check(re.search(r"-Xmx\d+[mg]", env) is not None, "ENV JAVA_OPTS with an explicit -Xmx (docs/memory.md)")
    check("MODEL_CACHE_API_KEYS_FILE=/run/secrets/" in env and "MODEL_CACHE_API_KEYS=" not in env,
          "API keys from a secret file, none inline")
    vols = " ".join(a for i, a in instr if i == "VOLUME")
    check("/models" in vols and "/cache/huggingface" in vols,
          "VOLUME for MODEL_CACHE_MODEL_DIR (/models) and HF_HOME (/cache/huggingface)")
    check(not any(i == "ADD" and re.search(r"https?://", a) for i, a in instr), "no ADD of URLs")
    check(not any(i == "RUN" and re.search(r"\b(curl|wget)\b.*\|\s*(ba)?sh", a) for i, a in instr),
          "no piping downloads into a shell")
    done()


# ---- compose.yaml ------------------------------------------------------------------------------
SECRET_NAME = re.compile(r"(KEY|TOKEN|PASSWORD|SECRET|CREDENTIAL)", re.I)


def compose(path, secrets_dir):
    import yaml

    base = os.path.dirname(os.path.abspath(path))
    doc = yaml.safe_load(open(path))
    services = doc.get("services", {})
    for name in ["model-cache", "prometheus", "grafana", "jaeger"]:
        check(name in services and not services[name].get("profiles"), f"service {name} (default profile)")
    cluster = [n for n, s in services.items() if "cluster" in (s.get("profiles") or [])]
    check(len(cluster) == 3, f"profile cluster has 3 members: {cluster}")
    for n in cluster:
        cmd = " ".join(services[n].get("command", []))
        env = services[n].get("environment", {})
        check(env.get("MODEL_CACHE_CLUSTER") == "on" and "--clustermode tcpip:" in cmd
              and "--startport 6900" in cmd and "--interfaces " in cmd and "--clustername prod" in cmd,
              f"{n}: MODEL_CACHE_CLUSTER=on, --clustermode tcpip:..., --startport, --interfaces, --clustername")
        ip = cmd.split("--interfaces ")[1].split()[0]
        check(services[n]["networks"]["cluster"]["ipv4_address"] == ip, f"{n}: --interfaces {ip} is its address")
    for name, svc in services.items():
        image = svc.get("image", "")
        tag = image.rsplit(":", 1)[1] if ":" in image else ""
        check(tag not in ("", "latest") and re.search(r"\d", tag) is not None, f"{name}: image {image} pinned")
        check("healthcheck" in svc and svc["healthcheck"].get("test"), f"{name}: health check")
        if "build" in svc:
            ctx = os.path.normpath(os.path.join(base, svc["build"]["context"]))
            df = os.path.join(ctx, svc["build"]["dockerfile"])
            check(os.path.isfile(df), f"{name}: builds {os.path.relpath(df, base)} in context {os.path.relpath(ctx, base)}")
        for v in svc.get("volumes", []):
            src = v.split(":")[0]
            if src.startswith(".") or src.startswith("/"):
                p = os.path.normpath(os.path.join(base, src))
                check(os.path.exists(p), f"{name}: mounted {src} exists ({os.path.relpath(p, base)})")
            else:
                check(src in (doc.get("volumes") or {}), f"{name}: named volume {src} declared")
        env = svc.get("environment", {})
        if isinstance(env, list):
            env = dict(e.split("=", 1) for e in env)
        for k, v in env.items():
            if SECRET_NAME.search(k) and not k.endswith("_FILE"):
                check(False, f"{name}: {k} set inline in the environment")
        check("MODEL_CACHE_API_KEYS" not in env, f"{name}: no inline MODEL_CACHE_API_KEYS")
        for s in svc.get("secrets", []):
            check(s in doc.get("secrets", {}), f"{name}: secret {s} declared")
    mc = services["model-cache"]
    check("8003:8003" in mc.get("ports", []), "model-cache publishes 8003")
    check(mc.get("stop_grace_period") and mc.get("stop_signal", "SIGTERM") == "SIGTERM",
          f"model-cache: SIGTERM and stop_grace_period {mc.get('stop_grace_period')}")
    mounts = [v.split(":")[1] for v in mc.get("volumes", [])]
    env = mc["environment"]
    check(env.get("MODEL_CACHE_MODEL_DIR") in mounts and env.get("HF_HOME") in mounts,
          "model-cache: MODEL_CACHE_MODEL_DIR and HF_HOME are volumes")
    check(env.get("MODEL_CACHE_API_KEYS_FILE", "").startswith("/run/secrets/"), "model-cache: keys from /run/secrets")
    check(env.get("OTEL_EXPORTER_OTLP_ENDPOINT") == "http://jaeger:4318"
          and env.get("OTEL_EXPORTER_OTLP_PROTOCOL") == "http/protobuf", "model-cache: traces to Jaeger over OTLP/HTTP")
    for port, svc in [("9090:9090", "prometheus"), ("3000:3000", "grafana"), ("16686:16686", "jaeger")]:
        check(port in services[svc].get("ports", []), f"{svc} publishes {port}")
    made = set(os.listdir(secrets_dir))
    for s, spec in doc.get("secrets", {}).items():
        f = spec.get("file", "")
        check(f.startswith("./secrets/") and os.path.basename(f) in made,
              f"secret {s}: {f}, made by secrets.sh")
    ignore = open(os.path.join(base, "..", ".dockerignore")).read().split()
    check("*" in ignore and "!cache-war/target/model-cache.jar" in ignore,
          ".dockerignore sends only the uber jar as the build context")
    gitignore = open(os.path.join(base, ".gitignore")).read().split()
    check("secrets/" in gitignore, "docker/secrets/ is git-ignored")
    # The Prometheus config reads the key from the secret compose mounts.
    prom = yaml.safe_load(open(os.path.join(base, "prometheus", "prometheus.yml")))
    for job in prom["scrape_configs"]:
        cred = job.get("authorization", {}).get("credentials_file", "")
        check(cred == "/run/secrets/prometheus-metrics-key" and "credentials" not in job.get("authorization", {}),
              f"prometheus job {job['job_name']}: bearer key from the secret file")
    done()


# ---- the real run ------------------------------------------------------------------------------
def prometheus_config(src, out, target, keyfile, rules):
    import yaml

    doc = yaml.safe_load(open(src))
    doc["global"].update({"scrape_interval": "1s", "scrape_timeout": "1s", "evaluation_interval": "1s"})
    doc["rule_files"] = [rules]
    job = next(j for j in doc["scrape_configs"] if j["job_name"] == "model-cache")
    job["static_configs"] = [{"targets": [target]}]
    job["authorization"]["credentials_file"] = keyfile
    doc["scrape_configs"] = [job]
    open(out, "w").write(yaml.safe_dump(doc))


def call(method, url, body=None, key=None, accept="application/json"):
    headers = {"Content-Type": "application/json", "Accept": accept}
    if key:
        headers["Authorization"] = "Bearer " + key
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with OPENER.open(req, timeout=120) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def workload(base):
    key = os.environ["MODEL_CACHE_APP_KEY"]
    statuses = {}
    models = ["tiny-a", "tiny-b", "spam-detector", "tiny-c", "tiny-embed"]
    # Rounds over at least 6 s, so that 1 s scrapes see the counters grow, not one step.
    end = time.time() + 6
    rnd = 0
    while rnd < 3 or time.time() < end:
        rnd += 1
        for i, m in enumerate(models):
            for text in [f"text {i} of round {rnd}", "the same text every time"]:
                s, _ = call("POST", base + "/predict", {"text": text, "model_name": m}, key)
                statuses[s] = statuses.get(s, 0) + 1
            s, _ = call("POST", base + "/predict/batch", {"texts": ["one", "two words", "the same text every time"],
                                                          "model_name": m}, key)
            statuses[s] = statuses.get(s, 0) + 1
    for body, expected in [({"text": "x", "model_name": "no-such-model"}, 404),
                           (b'{"text": ', 400),
                           ({"text": "x", "model_name": "broken-model"}, None)]:
        s, _ = call("POST", base + "/predict", body, key)
        statuses[s] = statuses.get(s, 0) + 1
    s, _ = call("POST", base + "/predict", {"text": "x", "model_name": "tiny-a"}, "not-a-key-at-all-0000")
    statuses[s] = statuses.get(s, 0) + 1
    print("    responses by status:", dict(sorted(statuses.items())))
    check(statuses.get(200, 0) >= 40 and 404 in statuses and 400 in statuses and 401 in statuses,
          "workload answered (200s, 400, 401, 404)")
    done()


def query(prom, expr):
    url = prom + "/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    with OPENER.open(url, timeout=10) as r:
        d = json.load(r)
    return d["data"]["result"] if d.get("status") == "success" else None


def show(v):
    try:
        f = float(v)
    except ValueError:
        return v
    if f != f:
        return "NaN"
    return f"{f:.4g}"


def panels(prom, dashboard, base, ops_key_file):
    dash = json.load(open(dashboard))
    # Two scrapes after the workload, so that rates cover it.
    start = time.time()
    while True:
        r = query(prom, 'count_over_time(up{job="model-cache"}[5m])')
        n0 = float(r[0]["value"][1]) if r else 0
        if n0 >= 3:
            break
        if time.time() - start > 60:
            check(False, "Prometheus scraped the service 3 times within 60 s")
            done()
        time.sleep(0.5)
    time.sleep(2.5)
    up = query(prom, 'up{job="model-cache"}')
    check(bool(up) and up[0]["value"][1] == "1", "target up (bearer key from the secret file accepted)")
    # The metric names the panels use must be ones the service exports.
    status, text = call("GET", base + "/metrics", None, open(ops_key_file).read().strip(), "text/plain")
    exported = set(re.findall(r"^# TYPE (\S+)", text.decode(), re.M))
    names = set()
    for p in dash["panels"]:
        for t in p["targets"]:
            for n in re.findall(r"\b(model_cache_[a-z_]+)", t["expr"]):
                names.add(re.sub(r"_(bucket|sum|count)$", "", n))
    missing = sorted(n for n in names if n not in exported)
    check(not missing, f"every metric the panels use is exported ({len(names)} names){': missing ' + str(missing) if missing else ''}")
    required = ["requests/s by model and status", "latency quantiles", "model hit rate",
                "loads and evictions by cause", "memory used vs budget", "queue depth and batch size",
                "response cache hit rate"]
    titles = [p["title"].lower() for p in dash["panels"]]
    for r in required:
        check(any(r in t for t in titles), f"a panel for {r}")
    print()
    print(f"    {'panel':38} {'query':10} value(s) from Prometheus, 1m windows")
    for p in dash["panels"]:
        for t in p["targets"]:
            expr = t["expr"].replace("$__rate_interval", "1m").replace('"$instance"', '".+"')
            res = query(prom, expr)
            legend = t.get("legendFormat", "")
            if not res:
                check(False, f"panel '{p['title']}' query {t['refId']} ({legend}) returned nothing: {expr}")
                continue
            if all(show(s["value"][1]) == "NaN" for s in res):
                check(False, f"panel '{p['title']}' query {t['refId']} ({legend}) is only NaN: {expr}")
            values = []
            for s in res[:6]:
                label = re.sub(r"\{\{(\w+)\}\}", lambda m: s["metric"].get(m.group(1), "?"), legend)
                values.append(f"{label}={show(s['value'][1])}")
            more = f" (+{len(res) - 6} more)" if len(res) > 6 else ""
            print(f"    {p['title'][:38]:38} {t['refId'] + ' ' + str(len(res)) + ' series':10} {', '.join(values)}{more}")
    print()
    with OPENER.open(prom + "/api/v1/rules", timeout=10) as r:
        groups = json.load(r)["data"]["groups"]
    rules = [rule for g in groups for rule in g["rules"]]
    bad = [r["name"] for r in rules if r.get("health") != "ok"]
    states = ", ".join(f"{r['name']}={r.get('state', '?')}" for r in rules)
    check(len(rules) == 7 and not bad, f"{len(rules)} alert rules evaluated on the real data without error: {states}")
    done()


# ---- logs ------------------------------------------------------------------------------------
def logs(path):
    lines = open(path, encoding="utf-8").read().splitlines()
    parsed, bad = [], []
    for i, line in enumerate(lines, 1):
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise ValueError("not an object")
            parsed.append(obj)
        except ValueError as e:
            bad.append(f"line {i}: {e}: {line[:160]}")
    for b in bad[:5]:
        print("    not JSON:", b)
    check(len(lines) > 10 and not bad, f"{len(lines)} log lines, {len(bad)} not one JSON object")
    fields = ["@timestamp", "log.level", "log.logger", "message", "service.name"]
    missing = [o for o in parsed if any(f not in o for f in fields)]
    check(not missing, f"every line has {', '.join(fields)}")
    stamp = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
    check(all(stamp.match(o.get("@timestamp", "")) for o in parsed), "@timestamp is UTC ISO-8601 with milliseconds")
    levels = sorted({o.get("log.level") for o in parsed})
    check(set(levels) <= {"ERROR", "WARN", "INFO", "DEBUG", "TRACE"}, f"log.level values {levels}")
    payara = [o for o in parsed if o.get("log.logger", "").startswith(("PayaraMicro", "jakarta.", "javax."))]
    check(len(payara) > 0, f"{len(payara)} lines of Payara's own")
    model = [o for o in parsed if "model.name" in o]
    check(len(model) > 0, f"{len(model)} lines with model.name")
    traced = [o for o in parsed if re.fullmatch(r"[0-9a-f]{32}", o.get("trace.id", "")) and
              re.fullmatch(r"[0-9a-f]{16}", o.get("span.id", ""))]
    check(len(traced) > 0, f"{len(traced)} lines with trace.id and span.id (logged while serving a traced request)")
    print("    excerpt:")
    picks = [payara[0]] if payara else []
    picks += [o for o in parsed if "trace.id" in o][:1]
    picks += [o for o in parsed if o.get("log.level") == "WARN" and "model.name" in o][:1]
    for o in picks:
        print("      " + json.dumps(o, ensure_ascii=False)[:600])
    done()


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"dockerfile": dockerfile, "compose": compose, "prometheus-config": prometheus_config,
     "workload": workload, "panels": panels, "logs": logs}[cmd](*args)
