#!/usr/bin/env python3
"""Summarises bench/profile.sh's measurements as markdown tables (standard library only).

CPU by thread: /proc/<pid>/task/<tid>/stat user+system ticks, after minus before, grouped by the
thread's kind. The kernel's 15-character thread names are enough to tell the kinds apart; threads
that are not the JVM's (ONNX Runtime's pool, the tokenizer's) show under the name they inherited.

JFR: for each component (by package prefix), the share of execution samples with a frame of it
anywhere in the stack (inclusive) and with it as the innermost non-JDK frame (self).
"""
import argparse
import collections
import json
import re

COMPONENTS = [
    ("dev.modelcache.", "Model Cache"),
    ("ai.djl.", "tokenizer (DJL)"),
    ("ai.onnxruntime.", "ONNX Runtime (Java API)"),
    ("com.github.benmanes.caffeine.", "Caffeine"),
    ("org.glassfish.jersey.", "Jersey (JAX-RS)"),
    ("org.glassfish.grizzly.", "Grizzly (HTTP)"),
    ("org.apache.catalina.", "web container (servlets)"),
    ("org.apache.coyote.", "web container (servlets)"),
    ("com.sun.enterprise.web.", "web container (servlets)"),
    ("org.glassfish.web.", "web container (servlets)"),
    ("org.jboss.weld.", "Weld (CDI)"),
    ("com.sun.ejb.", "EJB container"),
    ("org.glassfish.ejb.", "EJB container"),
    ("org.eclipse.yasson.", "Yasson (JSON-B)"),
    ("org.eclipse.parsson.", "JSON-P"),
    ("org.glassfish.json.", "JSON-P"),
    ("fish.payara.microprofile.metrics.", "MicroProfile Metrics"),
    ("fish.payara.", "Payara (other)"),
    ("com.sun.enterprise.", "Payara (other)"),
    ("org.glassfish.", "Payara (other)"),
    ("org.jvnet.hk2.", "Payara (other)"),
    ("java.", "JDK"),
    ("jdk.", "JDK"),
    ("sun.", "JDK"),
    ("com.sun.", "JDK"),
]


def component(type_name):
    name = type_name.replace("/", ".")
    for prefix, label in COMPONENTS:
        if name.startswith(prefix):
            return label
    return "other"


THREAD_KINDS = [
    (r"^(http-thread-poo|http-listener|payara-executor|grizzly)", "HTTP workers (Grizzly, JAX-RS, JSON, tokenising)"),
    (r"^inference-runn", "inference runners (ONNX Runtime runs)"),
    (r"^(GC|G1|VM Periodic|Gang)", "garbage collection"),
    (r"^(C[12] CompilerThre|Sweeper)", "JIT compilers"),
    (r"^(JFR|Recording)", "JFR itself"),
]


def thread_kind(name):
    """The kind of a thread by its kernel name (profile.sh writes spaces as underscores)."""
    readable = name.replace("_", " ")
    for pattern, label in THREAD_KINDS:
        if re.search(pattern, readable):
            return label
    return None


def read_ticks(path):
    out = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                out[parts[0]] = (parts[1], int(parts[2]))
    return out


def cpu_table(args):
    before, after = read_ticks(args.before), read_ticks(args.after)
    wall = args.wall_ns / 1e9
    capacity = wall * args.cores
    groups = collections.Counter()
    names = collections.defaultdict(collections.Counter)
    idle = (after.pop("idle", ("", 0))[1] - before.pop("idle", ("", 0))[1]) / args.clock_ticks
    for tid, (name, ticks) in after.items():
        used = (ticks - before.get(tid, (name, 0))[1]) / args.clock_ticks
        if used <= 0:
            continue
        kind = thread_kind(name) or "other threads of the JVM process (native pools included)"
        groups[kind] += used
        names[kind][name] += used
    with open(args.wrk_time) as f:
        user, system = (float(x) for x in f.read().split()[:2])
    groups["wrk (the load generator)"] += user + system
    lines = [
        f"CPU time by thread over {wall:.1f} s on {args.cores} cores"
        f" ({capacity:.1f} CPU-seconds available):",
        "",
        "| threads | CPU s | share of the machine | thread names (kernel's 15 characters) |",
        "| --- | ---: | ---: | --- |",
    ]
    total = 0.0
    for kind, used in groups.most_common():
        total += used
        top = ", ".join(f"{n} {s:.1f}" for n, s in names[kind].most_common(4))
        lines.append(f"| {kind} | {used:.1f} | {used / capacity:.0%} | {top} |")
    lines.append(f"| all of the above | {total:.1f} | {total / capacity:.0%} | |")
    lines.append(f"| idle | {idle:.1f} | {idle / capacity:.0%} | |")
    rest = max(0.0, capacity - total - idle)
    lines.append(f"| other processes, kernel | {rest:.1f} | {rest / capacity:.0%} | |")
    return lines


def frames_of(event):
    trace = event.get("values", {}).get("stackTrace") or {}
    out = []
    for frame in trace.get("frames", []):
        method = frame.get("method", {})
        type_name = method.get("type", {}).get("name", "")
        out.append((type_name, method.get("name", "")))
    return out


def jfr_tables(path):
    with open(path) as f:
        data = json.load(f)
    events = data.get("recording", {}).get("events", [])
    execution = [frames_of(e) for e in events if e.get("type") == "jdk.ExecutionSample"]
    native = [frames_of(e) for e in events if e.get("type") == "jdk.NativeMethodSample"]
    inclusive, self_time = collections.Counter(), collections.Counter()
    for frames in execution:
        components = [component(t) for t, _ in frames]
        inclusive.update(set(components))
        innermost = next((c for c in components if c not in ("JDK", "other")), "JDK")
        self_time[innermost] += 1
    n = max(1, len(execution))
    lines = [
        f"JFR execution samples (Java code running on a CPU): {len(execution)}.",
        "",
        "| component | inclusive | self |",
        "| --- | ---: | ---: |",
    ]
    for label, count in inclusive.most_common():
        if label in ("JDK", "other"):
            continue
        lines.append(f"| {label} | {count / n:.0%} | {self_time[label] / n:.0%} |")
    lines.append(f"| JDK only | | {self_time['JDK'] / n:.0%} |")
    tops = collections.Counter()
    for frames in native:
        if frames:
            type_name, method = frames[0]
            tops[f"{type_name.replace('/', '.')}.{method}"] += 1
    lines += [
        "",
        f"JFR native-method samples (Java threads inside native code): {len(native)}; top methods:",
        "",
        "| method | samples |",
        "| --- | ---: |",
    ]
    for method, count in tops.most_common(8):
        lines.append(f"| `{method}` | {count} |")
    return lines


def main():
    p = argparse.ArgumentParser()
    for name in ("before", "after", "wrk-time", "samples", "title", "stats"):
        p.add_argument("--" + name, required=True)  # --samples none: no JFR recording
    p.add_argument("--wall-ns", type=int, required=True)
    p.add_argument("--cores", type=int, required=True)
    p.add_argument("--clock-ticks", type=int, required=True)
    args = p.parse_args()
    lines = [f"### Profile: {args.title}", ""]
    lines += cpu_table(args)
    lines.append("")
    if args.samples == "none":
        lines.append("(no JFR recording: PROFILE_JFR=0)")
    else:
        lines += jfr_tables(args.samples)
    try:
        batching = json.loads(args.stats).get("batching", {})
        lines += [
            "",
            "Batching (/stats): average batch {:.2f} texts, padding efficiency {:.2f}, {} runs.".format(
                batching.get("average_batch_size", 0),
                batching.get("padding_efficiency", 0),
                batching.get("runs", 0),
            ),
        ]
    except ValueError:
        pass
    print("\n".join(lines))


if __name__ == "__main__":
    main()
