"""Traffic for it-tests/cluster-check.sh: Zipf(1) requests over models, round-robin over front doors.

Usage: cluster_traffic.py zipf OUT.json N CONCURRENCY SEED DOOR... -- MODEL...
       cluster_traffic.py burst OUT.json MODEL N DOOR...        (N concurrent requests at once)
       cluster_traffic.py until OUT.json SECONDS STOPFILE DOOR... -- MODEL...   (until STOPFILE exists)

Every request is POST /predict with a text unique to the run, so the response cache never answers
it. Each result records the door, the status, the member that served it (X-Model-Cache-Served-By)
and the latency; a connection error is status 0. Standard library only (no third-party client).
"""
import http.client
import json
import os
import random
import sys
import threading
import time

SERVED_BY = "X-Model-Cache-Served-By"


class Door:
    """One keep-alive connection per thread and door."""

    def __init__(self, base):
        self.host, self.port = base.replace("http://", "").split(":")
        self.local = threading.local()

    def post(self, body):
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = http.client.HTTPConnection(self.host, int(self.port), timeout=120)
            self.local.conn = conn
        start = time.perf_counter()
        try:
            conn.request("POST", "/predict", body=body, headers={"Content-Type": "application/json"})
            response = conn.getresponse()
            payload = response.read()
            status, served = response.status, response.getheader(SERVED_BY) or ""
        except (OSError, http.client.HTTPException) as e:
            conn.close()
            self.local.conn = None
            status, served, payload = 0, "", str(e).encode()
        return status, served, time.perf_counter() - start, payload


def zipf_models(models, n, seed):
    weights = [1.0 / (k + 1) for k in range(len(models))]
    rng = random.Random(seed)
    return rng.choices(models, weights=weights, k=n)


def run(jobs, doors, concurrency, stop=None, skip_down=False):
    """jobs: list of (door index, model, text). Returns result dicts in job order.

    skip_down: a door that refused a connection is left out from then on (as a load balancer's
    health check would), and its jobs go to the next door.
    """
    results = [None] * len(jobs)
    down = set()
    next_job = [0]
    lock = threading.Lock()

    def worker():
        while True:
            with lock:
                i = next_job[0]
                next_job[0] += 1
            if i >= len(jobs) or (stop and stop()):
                return
            door, model, text = jobs[i]
            if skip_down:
                while door in down and len(down) < len(doors):
                    door = (door + 1) % len(doors)
            body = json.dumps({"text": text, "model_name": model}).encode()
            status, served, seconds, payload = doors[door].post(body)
            if status == 0 and skip_down:
                down.add(door)
            results[i] = {"door": door, "model": model, "status": status, "served_by": served,
                          "seconds": seconds, "t": time.time(),
                          "error": payload[:200].decode("utf-8", "replace") if status != 200 else ""}

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [r for r in results if r is not None], time.perf_counter() - start


def main():
    mode, out = sys.argv[1], sys.argv[2]
    args = sys.argv[3:]
    run_id = "%x" % random.getrandbits(40)
    if mode == "zipf":
        n, concurrency, seed = int(args[0]), int(args[1]), int(args[2])
        sep = args.index("--")
        bases, models = args[3:sep], args[sep + 1:]
        doors = [Door(b) for b in bases]
        chosen = zipf_models(models, n, seed)
        jobs = [(i % len(doors), m, "run %s request %d: the nightly build failed, see the log" % (run_id, i))
                for i, m in enumerate(chosen)]
        results, seconds = run(jobs, doors, concurrency)
    elif mode == "burst":
        model, n = args[0], int(args[1])
        doors = [Door(b) for b in args[2:]]
        jobs = [(i % len(doors), model, "burst %s text %d" % (run_id, i)) for i in range(n)]
        results, seconds = run(jobs, doors, n)
    elif mode == "until":
        limit, stopfile = float(args[0]), args[1]
        sep = args.index("--")
        bases, models = args[2:sep], args[sep + 1:]
        doors = [Door(b) for b in bases]
        chosen = zipf_models(models, 200000, 7)
        deadline = time.time() + limit
        alive = lambda: os.path.exists(stopfile) or time.time() > deadline
        jobs = [(i % len(doors), m, "load %s request %d" % (run_id, i)) for i, m in enumerate(chosen)]
        results, seconds = run(jobs, doors, 6, stop=alive, skip_down=True)
    else:
        raise SystemExit("unknown mode " + mode)
    with open(out, "w") as f:
        json.dump({"seconds": seconds, "results": results}, f)


if __name__ == "__main__":
    main()
