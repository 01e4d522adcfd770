package dev.modelcache.engine.model.download;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Concurrent calls for one key share one piece of work: the first caller runs it, the others wait
 * for its result or its exception (the same instance). Once the work is done the key is free again,
 * so a failed download is retried by the next call. Thread-safe.
 *
 * @param <K> the key, e.g. a model id
 * @param <V> the result
 */
public final class SingleFlight<K, V> {
  private final ConcurrentHashMap<K, Flight<V>> flights = new ConcurrentHashMap<>();

  private static final class Flight<V> {
    final CompletableFuture<V> result = new CompletableFuture<>();
    final AtomicInteger callers = new AtomicInteger(1);
  }

  /**
   * Runs {@code work} for {@code key}, or waits for the run already in progress.
   *
   * @throws RuntimeException what the work threw, in every caller
   * @throws IllegalStateException if interrupted while waiting for another caller's run
   */
  public V run(K key, Supplier<V> work) {
    Flight<V> mine = new Flight<>();
    Flight<V> running = flights.putIfAbsent(key, mine);
    if (running != null) {
      running.callers.incrementAndGet();
      return await(key, running);
    }
    try {
      V value = work.get();
      mine.result.complete(value);
      return value;
    } catch (RuntimeException | Error e) {
      mine.result.completeExceptionally(e);
      throw e;
    } finally {
      flights.remove(key, mine);
    }
  }

  /** How many calls share the run now in progress for {@code key}; 0 if none. For tests. */
  public int callers(K key) {
    Flight<V> flight = flights.get(key);
    return flight == null ? 0 : flight.callers.get();
  }

  private V await(K key, Flight<V> flight) {
    try {
      return flight.result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the download of " + key, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
