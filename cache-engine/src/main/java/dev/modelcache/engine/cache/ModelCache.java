package dev.modelcache.engine.cache;

import dev.modelcache.api.InsufficientMemoryException;
import dev.modelcache.api.ModelId;
import dev.modelcache.api.ModelNotFoundException;
import dev.modelcache.engine.inference.LoadedModel;
import dev.modelcache.engine.inference.ModelLoader;
import dev.modelcache.engine.memory.MemoryFootprint;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Loaded models under a count limit and a memory budget.
 *
 * <h2>Invariants</h2>
 *
 * <ul>
 *   <li>No model runs on a closed session: using a model means holding a {@link ModelLease}, and a
 *       model's session is closed only when it has left the cache <em>and</em> its last lease is
 *       released.
 *   <li>Eviction removes a model from lookup and from memory accounting at once; its native memory
 *       is freed when its last lease closes, usually immediately.
 *   <li>Whenever no load is in flight, charged memory ≤ budget and models held ≤ the maximum.
 *   <li>Pinned models are never evicted (only unloaded explicitly).
 *   <li>A model that cannot fit even after every evictable model went is refused with {@link
 *       InsufficientMemoryException} before anything is evicted for it. A failed load is not cached
 *       and holds no budget.
 * </ul>
 *
 * <h2>Locking</h2>
 *
 * One {@code lock} guards the entries, the flights, the accounting and the counters; it is held
 * only for bookkeeping, never across a load, an inference or a close. Loads are serialised by a
 * second lock, {@code loadLock}, so the resident-set growth across a load belongs to that model:
 * that is how memory is measured rather than guessed. Hits never wait for {@code loadLock}.
 * Concurrent misses on one model share one load (a {@link LoadFlight}); misses on different models
 * queue for {@code loadLock} in arrival order. Model closes and listener calls run after {@code
 * lock} is released.
 *
 * <h2>A load</h2>
 *
 * First, with no lock held, the loader prepares the model's files ({@link ModelLoader#prepare}: a
 * download from a remote source happens here, so it never holds up other models' loads). Then under
 * {@code loadLock}: (1) take the model's size from its last measured load, or estimate it from its
 * files; refuse it if that cannot fit beside the pinned models; evict by policy until it fits and
 * set it aside as reserved. (2) Load it and run a warm-up batch, reading the resident set before
 * and after. (3) Charge the measured growth (or the estimate, where the growth is implausible),
 * evict again if the measurement was larger than the estimate, and publish the entry with one
 * reference per waiting request.
 *
 * <h2>In-flight requests on eviction</h2>
 *
 * A request holding a lease finishes on the evicted model; new requests load it again. Clearing the
 * cache and unloading are therefore safe at any time.
 */
public final class ModelCache implements AutoCloseable {

  private final ModelLoader loader;
  private final CacheConfig config;
  private final ReentrantLock lock = new ReentrantLock();
  private final ReentrantLock loadLock = new ReentrantLock(true);

  // Guarded by lock.
  private final Map<ModelId, CacheEntry> entries = new HashMap<>();
  private final Map<ModelId, LoadFlight> flights = new HashMap<>();
  private final ModelHistory history = new ModelHistory();
  private final EnumMap<RemovalCause, Long> removals = new EnumMap<>(RemovalCause.class);
  private long usedBytes;
  private long reservedBytes;
  private int loadsInFlight;
  private long hits;
  private long misses;
  private long loadSuccesses;
  private long loadFailures;
  private long rejections;
  private long totalLoadNanos;
  private boolean closed;

  private final CacheEvents events;
  private final ModelCloser closer;

  public ModelCache(ModelLoader loader, CacheConfig config) {
    this.loader = Objects.requireNonNull(loader, "loader");
    this.config = Objects.requireNonNull(config, "config");
    this.events = new CacheEvents(config);
    this.closer = new ModelCloser(config, events);
  }

  /**
   * Leases a model for a request, loading it first if needed. Counts a hit or a miss.
   *
   * @throws ModelNotFoundException if no source has the model
   * @throws InsufficientMemoryException if it cannot fit in the budget
   * @throws dev.modelcache.api.ModelLoadException if its files cannot be loaded
   */
  public ModelLease acquire(ModelId id) {
    return acquire(id, true, false);
  }

  /**
   * Loads a model ahead of use, optionally pinning it; a no-op (apart from pinning) if it is
   * loaded. Does not count as a request.
   *
   * @return whether the model was already loaded
   */
  public boolean preload(ModelId id, boolean pin) {
    try (ModelLease lease = acquire(id, false, pin)) {
      return lease.wasCached();
    }
  }

  /**
   * Clears the pin of a loaded model, making it evictable again.
   *
   * @return whether the model is loaded
   */
  public boolean unpin(ModelId id) {
    lock.lock();
    try {
      CacheEntry entry = entries.get(id);
      if (entry != null) {
        entry.pinned = false;
      }
      return entry != null;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Unloads a model, pinned or not. Requests already running on it finish first.
   *
   * @return whether the model was loaded
   */
  public boolean unload(ModelId id) {
    CacheEvents.Deferred effects = events.defer();
    lock.lock();
    try {
      CacheEntry entry = entries.get(id);
      if (entry == null) {
        return false;
      }
      remove(entry, RemovalCause.EXPLICIT, effects);
      return true;
    } finally {
      lock.unlock();
      effects.run();
    }
  }

  /**
   * Unloads every model that is not pinned. Safe during inference: running requests finish on the
   * models they hold.
   *
   * @return how many models were unloaded
   */
  public int clear() {
    return removeAll(false);
  }

  /** Whether the model is loaded now. */
  public boolean isLoaded(ModelId id) {
    lock.lock();
    try {
      return entries.containsKey(id);
    } finally {
      lock.unlock();
    }
  }

  /** A consistent snapshot of counters, accounting and every loaded model. */
  public CacheStats stats() {
    lock.lock();
    try {
      List<ModelStats> models = new ArrayList<>(entries.size());
      entries.values().stream()
          .sorted((a, b) -> a.model.id().compareTo(b.model.id()))
          .forEach(e -> models.add(e.stats(history.of(e.model.id()).reloads)));
      return new CacheStats(
          hits,
          misses,
          loadSuccesses,
          loadFailures,
          rejections,
          totalLoadNanos,
          removals,
          usedBytes,
          reservedBytes,
          config.maxMemoryBytes(),
          config.maxModels(),
          loadsInFlight,
          closer.closedCount(),
          closer.reclaimedBytes(),
          closer.closedChargedBytes(),
          history.snapshot(config.ticker().read()),
          models);
    } finally {
      lock.unlock();
    }
  }

  /** The configuration this cache runs with. */
  public CacheConfig config() {
    return config;
  }

  /** Unloads everything, pinned models included; later requests fail. Idempotent. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
    } finally {
      lock.unlock();
    }
    removeAll(true);
  }

  // ---------------------------------------------------------------------------------------------

  private ModelLease acquire(ModelId id, boolean request, boolean pin) {
    Objects.requireNonNull(id, "id");
    LoadFlight flight;
    boolean leader;
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the model cache is closed");
      }
      if (request) {
        history.of(id).requests++;
      }
      CacheEntry entry = entries.get(id);
      if (entry != null) {
        if (request) {
          hits++;
        }
        touch(entry);
        if (request) {
          entry.requests++;
        }
        entry.pinned |= pin;
        entry.refs++;
        return new ModelLease(this, entry, true);
      }
      if (request) {
        misses++;
      }
      flight = flights.get(id);
      leader = flight == null;
      if (leader) {
        flight = new LoadFlight(id);
        flights.put(id, flight);
      }
      flight.holders++;
      if (request) {
        flight.requests++;
      }
      flight.pin |= pin;
    } finally {
      lock.unlock();
    }
    long waitStart = config.ticker().read();
    CacheEntry entry = leader ? load(flight) : flight.await(this);
    history.missWaited(config.ticker().read() - waitStart);
    return new ModelLease(this, entry, false);
  }

  private CacheEntry load(LoadFlight flight) {
    ModelId id = flight.id;
    try {
      loader.prepare(id);
    } catch (RuntimeException failure) {
      fail(flight, failure);
      throw failure;
    }
    loadLock.lock();
    try {
      long expected = expectedBytes(id);
      CacheEvents.Deferred effects = events.defer();
      lock.lock();
      try {
        makeRoom(id, expected, sizeBasis(id), true, effects);
        reservedBytes = expected;
        loadsInFlight = 1;
      } finally {
        lock.unlock();
        effects.run();
      }
      return measureAndPublish(flight, expected);
    } catch (RuntimeException failure) {
      fail(flight, failure);
      throw failure;
    } finally {
      loadLock.unlock();
    }
  }

  private CacheEntry measureAndPublish(LoadFlight flight, long expected) {
    ModelId id = flight.id;
    OptionalLong before = config.memoryProbe().residentBytes();
    long start = config.ticker().read();
    LoadedModel model = loader.load(id);
    long loadNanos = config.ticker().read() - start;
    OptionalLong after = config.memoryProbe().residentBytes();
    long delta =
        before.isPresent() && after.isPresent() ? after.getAsLong() - before.getAsLong() : -1;
    MemoryFootprint footprint = MemoryFootprint.choose(delta, model.weightBytes(), expected);

    CacheEvents.Deferred effects = events.defer();
    CacheEntry entry;
    lock.lock();
    try {
      reservedBytes = 0;
      if (closed) {
        effects.add(model::close);
        throw new IllegalStateException("the model cache was closed while loading '" + id + "'");
      }
      try {
        makeRoom(id, footprint.bytes(), footprint.method() + " at load", false, effects);
      } catch (InsufficientMemoryException e) {
        history.refusedAfterMeasuring(id, footprint.bytes(), loadNanos);
        effects.add(model::close);
        throw e;
      }
      long now = config.ticker().read();
      entry =
          new CacheEntry(
              model, footprint, loadNanos, now, config.clock().instant(), loader.sourceOf(id));
      entry.refs = flight.holders;
      entry.pinned = flight.pin;
      entry.accessCount = flight.holders;
      entry.requests = flight.requests;
      entries.put(id, entry);
      usedBytes += footprint.bytes();
      history.loaded(id, footprint.bytes(), loadNanos, now);
      config.policy().onAdmit(entry.candidate(), now);
      for (int extra = 1; extra < flight.holders; extra++) {
        config.policy().onAccess(id, now);
      }
      loadSuccesses++;
      totalLoadNanos += loadNanos;
      loadsInFlight = 0;
      flights.remove(id);
      flight.complete(entry);
      effects.event(
          id,
          CacheEvent.Type.LOADED,
          String.format(
              "loaded %s (%s) in %d ms: %.1f MB %s (RSS delta %s)",
              id,
              model.task(),
              loadNanos / 1_000_000,
              CacheEvents.mb(footprint.bytes()),
              footprint.method().name().toLowerCase(java.util.Locale.ROOT),
              delta < 0 ? "unknown" : String.format("%.1f MB", CacheEvents.mb(delta))));
    } finally {
      lock.unlock();
      effects.run();
    }
    return entry;
  }

  private void fail(LoadFlight flight, RuntimeException failure) {
    CacheEvents.Deferred effects = events.defer();
    lock.lock();
    try {
      reservedBytes = 0;
      loadsInFlight = 0;
      flights.remove(flight.id);
      if (failure instanceof InsufficientMemoryException) {
        rejections++;
        effects.event(flight.id, CacheEvent.Type.REJECTED, failure.getMessage());
      } else if (!(failure instanceof ModelNotFoundException)) {
        loadFailures++;
        effects.event(flight.id, CacheEvent.Type.LOAD_FAILED, failure.getMessage());
      }
      flight.fail(failure);
    } finally {
      lock.unlock();
      effects.run();
    }
  }

  /** How {@link #expectedBytes} knew the size, for refusals; called under {@code lock}. */
  private String sizeBasis(ModelId id) {
    ModelHistory.Record known = history.peek(id);
    return known != null && known.chargedBytes > 0
        ? "measured at an earlier load"
        : "estimated from its files";
  }

  /** Expected resident bytes: the last measured size if known, else the loader's estimate. */
  private long expectedBytes(ModelId id) {
    lock.lock();
    try {
      ModelHistory.Record known = history.peek(id);
      if (known != null && known.chargedBytes > 0) {
        return known.chargedBytes;
      }
    } finally {
      lock.unlock();
    }
    return Math.max(1, loader.estimateBytes(id));
  }

  /**
   * Evicts until a model of {@code bytes} fits beside the others, or refuses it without evicting
   * anything. Caller holds {@code lock}.
   */
  private void makeRoom(
      ModelId id,
      long bytes,
      String basis,
      boolean consultAdmission,
      CacheEvents.Deferred effects) {
    long pinnedBytes = 0;
    int pinnedCount = 0;
    for (CacheEntry e : entries.values()) {
      if (e.pinned) {
        pinnedBytes += e.bytes();
        pinnedCount++;
      }
    }
    long freeable = config.maxMemoryBytes() - pinnedBytes;
    if (bytes > freeable) {
      throw new InsufficientMemoryException(
          id,
          bytes,
          Math.max(0, freeable),
          "size "
              + basis
              + "; raise MODEL_CACHE_MAX_MEMORY_MB or unpin models ("
              + pinnedCount
              + " pinned)");
    }
    if (pinnedCount >= config.maxModels()) {
      throw new InsufficientMemoryException(
          id,
          bytes,
          Math.max(0, freeable),
          "all "
              + config.maxModels()
              + " model slots hold pinned models; raise MODEL_CACHE_MAX_MODELS or unload one");
    }
    long now = config.ticker().read();
    List<CacheEntry> victims = planVictims(bytes, now);
    if (consultAdmission && !victims.isEmpty()) {
      judge(id, bytes, victims, now);
    }
    for (CacheEntry victim : victims) {
      // remove() lowers usedBytes, so this asks whether the budget still needs this victim.
      boolean forSize = usedBytes + bytes > config.maxMemoryBytes();
      remove(victim, forSize ? RemovalCause.EVICTED_SIZE : RemovalCause.EVICTED_COUNT, effects);
    }
  }

  /**
   * The models the policy would evict, in order, for a model of {@code bytes} to fit: first for
   * size, then for count. Evicts nothing. Caller holds {@code lock}.
   */
  private List<CacheEntry> planVictims(long bytes, long now) {
    List<EvictionCandidate> candidates = new ArrayList<>();
    for (CacheEntry e : entries.values()) {
      if (!e.pinned) {
        candidates.add(e.candidate());
      }
    }
    List<CacheEntry> victims = new ArrayList<>();
    long used = usedBytes;
    int count = entries.size();
    while (used + bytes > config.maxMemoryBytes() || count + 1 > config.maxModels()) {
      EvictionCandidate chosen = config.policy().selectVictim(List.copyOf(candidates), now);
      if (!candidates.remove(chosen)) {
        throw new IllegalStateException(
            config.policy().name() + " chose a model that is not a candidate: " + chosen.id());
      }
      CacheEntry victim = entries.get(chosen.id());
      victims.add(victim);
      used -= victim.bytes();
      count--;
    }
    return victims;
  }

  /** Lets the admission rule veto an admission that would evict {@code victims}. */
  private void judge(ModelId id, long bytes, List<CacheEntry> victims, long now) {
    ModelHistory.Record record = history.of(id);
    EvictionCandidate newcomer =
        new EvictionCandidate(id, bytes, now, Math.max(1, record.requests), record.loadNanos, now);
    List<EvictionCandidate> planned = new ArrayList<>(victims.size());
    victims.forEach(v -> planned.add(v.candidate()));
    AdmissionRule.Verdict verdict = config.admissionRule().judge(newcomer, planned, now);
    if (verdict == AdmissionRule.Verdict.ADMIT) {
      return;
    }
    boolean refuse = verdict == AdmissionRule.Verdict.REFUSE;
    history.thrashRisk(refuse);
    if (refuse) {
      throw new InsufficientMemoryException(
          id,
          bytes,
          config.maxMemoryBytes() - usedBytes,
          "admitting it now would evict "
              + victims.size()
              + " model(s) that are recently loaded or worth more in reloads ("
              + config.admissionRule().name()
              + "); retry, or raise MODEL_CACHE_MAX_MEMORY_MB");
    }
  }

  /** Removes an entry from lookup and accounting at once. Caller holds {@code lock}. */
  private void remove(CacheEntry entry, RemovalCause cause, CacheEvents.Deferred effects) {
    ModelId id = entry.model.id();
    entries.remove(id);
    usedBytes -= entry.bytes();
    entry.evicted = true;
    removals.merge(cause, 1L, Long::sum);
    long now = config.ticker().read();
    config.policy().onRemove(id, cause, now);
    if (cause.wasEvicted()) {
      history.evicted(entry, now);
    }
    effects.event(
        id,
        cause.wasEvicted() ? CacheEvent.Type.EVICTED : CacheEvent.Type.UNLOADED,
        String.format(
            "%s %s (%s): %.1f MB released, idle %d ms, %d in-flight request(s) finish first",
            cause.wasEvicted() ? "evicted" : "unloaded",
            id,
            cause,
            CacheEvents.mb(entry.bytes()),
            (now - entry.lastAccessNanos) / 1_000_000,
            entry.refs));
    if (entry.refs == 0) {
      effects.add(() -> closer.close(entry));
    }
  }

  private int removeAll(boolean includePinned) {
    CacheEvents.Deferred effects = events.defer();
    lock.lock();
    try {
      List<CacheEntry> victims = new ArrayList<>();
      for (CacheEntry e : entries.values()) {
        if (includePinned || !e.pinned) {
          victims.add(e);
        }
      }
      victims.forEach(e -> remove(e, RemovalCause.EXPLICIT, effects));
      return victims.size();
    } finally {
      lock.unlock();
      effects.run();
    }
  }

  /** Returns one reference; the last one on an evicted model frees it. */
  void release(CacheEntry entry) {
    boolean close;
    lock.lock();
    try {
      if (entry.refs <= 0) {
        throw new IllegalStateException("lease released twice on " + entry.model.id());
      }
      entry.refs--;
      close = entry.evicted && entry.refs == 0;
    } finally {
      lock.unlock();
    }
    if (close) {
      closer.close(entry);
    }
  }

  private void touch(CacheEntry entry) {
    entry.lastAccessNanos = config.ticker().read();
    config.policy().onAccess(entry.model.id(), entry.lastAccessNanos);
    entry.lastUsed = config.clock().instant();
    entry.accessCount++;
  }
}
