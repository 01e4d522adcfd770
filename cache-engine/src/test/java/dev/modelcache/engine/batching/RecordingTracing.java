package dev.modelcache.engine.batching;

import dev.modelcache.engine.trace.RequestTrace;
import dev.modelcache.engine.trace.Step;
import dev.modelcache.engine.trace.Tracing;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tracing that records every step in memory: a trace per {@link #begin}, named by the label the
 * calling thread set with {@link #label} (or "request-N"), its steps in start order with their
 * attributes, links, end and failure. Thread-safe.
 */
final class RecordingTracing implements Tracing {
  final List<Trace> traces = Collections.synchronizedList(new ArrayList<>());
  private final ThreadLocal<String> label = new ThreadLocal<>();

  /** Names the trace of the next request this thread sends. */
  void label(String name) {
    label.set(name);
  }

  @Override
  public RequestTrace begin() {
    String name = label.get() != null ? label.get() : "request-" + traces.size();
    Trace trace = new Trace(name);
    traces.add(trace);
    return trace;
  }

  Trace trace(String name) {
    synchronized (traces) {
      return traces.stream().filter(t -> t.name.equals(name)).findFirst().orElseThrow();
    }
  }

  static final class Trace implements RequestTrace {
    final String name;
    final List<Recorded> steps = Collections.synchronizedList(new ArrayList<>());

    Trace(String name) {
      this.name = name;
    }

    @Override
    public boolean isOn() {
      return true;
    }

    @Override
    public Step start(String step) {
      return add(new Recorded(step, 0, List.of()));
    }

    @Override
    public Step startedBefore(String step, long nanosAgo) {
      return add(new Recorded(step, nanosAgo, List.of()));
    }

    @Override
    public Step startShared(String step, List<RequestTrace> others) {
      List<String> links = others.stream().map(o -> ((Trace) o).name).toList();
      return add(new Recorded(step, 0, links));
    }

    private Recorded add(Recorded step) {
      steps.add(step);
      return step;
    }

    List<String> names() {
      synchronized (steps) {
        return steps.stream().map(s -> s.name).toList();
      }
    }

    List<Recorded> named(String step) {
      synchronized (steps) {
        return steps.stream().filter(s -> s.name.equals(step)).toList();
      }
    }

    Recorded only(String step) {
      List<Recorded> found = named(step);
      if (found.size() != 1) {
        throw new AssertionError(name + ": expected one " + step + " step, got " + names());
      }
      return found.get(0);
    }

    @Override
    public String toString() {
      return name + " " + steps;
    }
  }

  static final class Recorded implements Step {
    final String name;
    final long nanosAgo;
    final List<String> links;
    final Map<String, Object> attributes = Collections.synchronizedMap(new LinkedHashMap<>());
    volatile int ends;
    volatile Throwable failure;

    Recorded(String name, long nanosAgo, List<String> links) {
      this.name = name;
      this.nanosAgo = nanosAgo;
      this.links = links;
    }

    @Override
    public Step set(String key, String value) {
      attributes.put(key, value);
      return this;
    }

    @Override
    public Step set(String key, long value) {
      attributes.put(key, value);
      return this;
    }

    @Override
    public synchronized void end() {
      ends++;
    }

    @Override
    public synchronized void fail(Throwable error) {
      ends++;
      failure = error;
    }

    @Override
    public String toString() {
      return name + attributes + (links.isEmpty() ? "" : " links " + links) + " ends " + ends;
    }
  }
}
