package dev.modelcache.engine.cache;

import dev.modelcache.api.ModelId;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the cache remembers about models beyond their stay: sizes and load times of earlier loads,
 * requests, evictions, and the churn counters derived from them. Bounded to the most recently seen
 * models. Guarded by the cache's lock, except the miss-latency adders.
 */
final class ModelHistory {
  private static final int REMEMBERED = 4096;
  private static final long HOUR = TimeUnit.HOURS.toNanos(1);

  /** One model's memory. */
  static final class Record {
    long chargedBytes;
    long loadNanos;
    long requests;
    long loads;
    long evictions;
    long reloads;
  }

  private final Map<ModelId, Record> records =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<ModelId, Record> eldest) {
          return size() > REMEMBERED;
        }
      };
  private final ArrayDeque<long[]> recentLoads = new ArrayDeque<>();
  private long evictions;
  private long evictionAgeTotal;
  private long evictionIdleTotal;
  private long reloads;
  private long thrashRisks;
  private long thrashRefusals;
  private final LongAdder missLatencyCount = new LongAdder();
  private final LongAdder missLatencyTotal = new LongAdder();
  private final AtomicLong missLatencyMax = new AtomicLong();

  Record of(ModelId id) {
    return records.computeIfAbsent(id, k -> new Record());
  }

  /** The record if the model was seen, else null; does not create one. */
  Record peek(ModelId id) {
    return records.get(id);
  }

  /**
   * A load that was measured and then refused for its size: the measurement is kept, so the next
   * request for the model is judged on it up front instead of loading the model again (a retry that
   * happened to measure less could otherwise slip in).
   */
  void refusedAfterMeasuring(ModelId id, long bytes, long loadNanos) {
    Record r = of(id);
    r.chargedBytes = bytes;
    r.loadNanos = loadNanos;
  }

  void loaded(ModelId id, long bytes, long loadNanos, long nowNanos) {
    Record r = of(id);
    if (r.evictions > 0) {
      reloads++;
      r.reloads++;
    }
    r.chargedBytes = bytes;
    r.loadNanos = loadNanos;
    r.loads++;
    recentLoads.addLast(new long[] {nowNanos, bytes});
    prune(nowNanos);
  }

  void evicted(CacheEntry entry, long nowNanos) {
    of(entry.model.id()).evictions++;
    evictions++;
    evictionAgeTotal += nowNanos - entry.loadedAtNanos;
    evictionIdleTotal += nowNanos - entry.lastAccessNanos;
  }

  void thrashRisk(boolean refused) {
    thrashRisks++;
    if (refused) {
      thrashRefusals++;
    }
  }

  /** Records how long a miss waited for its model. Thread-safe; needs no lock. */
  void missWaited(long nanos) {
    missLatencyCount.increment();
    missLatencyTotal.add(nanos);
    missLatencyMax.accumulateAndGet(nanos, Math::max);
  }

  ChurnStats snapshot(long nowNanos) {
    prune(nowNanos);
    long bytesLastHour = 0;
    for (long[] load : recentLoads) {
      bytesLastHour += load[1];
    }
    return new ChurnStats(
        missLatencyCount.sum(),
        missLatencyTotal.sum(),
        missLatencyMax.get(),
        evictions,
        evictionAgeTotal,
        evictionIdleTotal,
        reloads,
        bytesLastHour,
        thrashRisks,
        thrashRefusals);
  }

  private void prune(long nowNanos) {
    while (!recentLoads.isEmpty() && nowNanos - recentLoads.peekFirst()[0] > HOUR) {
      recentLoads.removeFirst();
    }
  }
}
