package dev.modelcache.engine.batching;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.modelcache.api.ModelId;
import dev.modelcache.engine.cache.CacheEvent;
import dev.modelcache.engine.inference.Classification;
import dev.modelcache.engine.inference.Embedding;
import dev.modelcache.engine.inference.Inference;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.LongAdder;

/**
 * Results of recent texts, so a repeated text skips tokenisation and inference: a Caffeine cache
 * from (model, load generation, text) to the result, bounded by an estimate of the bytes it holds
 * (Window TinyLFU eviction).
 *
 * <p>The generation in the key makes every entry belong to one load of one model: after an unload,
 * eviction or reload, old entries can no longer be found, and {@link #onCacheEvent} also drops them
 * so they do not take space. The model name includes its revision ({@code org/name@rev}), so
 * revisions never share entries. Results are immutable and shared between responses.
 *
 * <p>A {@link SharedResponseStore} may be added behind it ({@link #share}): a local miss then looks
 * there under (model, identity of its files, SHA-256 of the text), and every result computed here
 * is stored there too, so that other processes find it. Models without an identity are not shared.
 *
 * <p>Thread-safe; maintenance runs on the calling threads (no background executor).
 */
public final class ResponseCache {
  private static final long MAX_WEIGHT = Integer.MAX_VALUE;

  private final Cache<Key, Inference> cache;
  private final long maxBytes;
  private final LongAdder invalidations = new LongAdder();
  private volatile SharedResponseStore shared;

  private ResponseCache(Cache<Key, Inference> cache, long maxBytes) {
    this.cache = cache;
    this.maxBytes = maxBytes;
  }

  /**
   * A cache of at most {@code maxBytes} (estimated); 0 disables it.
   *
   * @param maxBytes {@code RESPONSE_CACHE_MB} in bytes, {@code >= 0}
   */
  public static ResponseCache create(long maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must be >= 0: " + maxBytes);
    }
    if (maxBytes == 0) {
      return new ResponseCache(null, 0);
    }
    Cache<Key, Inference> cache =
        Caffeine.newBuilder()
            .maximumWeight(maxBytes)
            .weigher((Key key, Inference value) -> weigh(key, value))
            .executor(Runnable::run)
            .recordStats()
            .build();
    return new ResponseCache(cache, maxBytes);
  }

  /** A cache that holds nothing and counts nothing. */
  public static ResponseCache disabled() {
    return create(0);
  }

  /** Whether the cache holds anything at all. */
  public boolean enabled() {
    return cache != null;
  }

  /** The cached result of a text on one load of a model, or null; counts a hit or a miss. */
  public Inference get(ModelId model, long generation, String text) {
    return get(model, generation, "", text);
  }

  /**
   * The cached result of a text on one load of a model, or null: here first, then in the shared
   * store (a result found there is kept here too). Counts a hit or a miss here.
   *
   * @param identity the loaded version's identity; empty: not shared
   */
  public Inference get(ModelId model, long generation, String identity, String text) {
    Inference found = cache == null ? null : cache.getIfPresent(new Key(model, generation, text));
    SharedResponseStore store = shared;
    if (found == null && store != null && !identity.isEmpty()) {
      found = store.get(sharedKey(model, identity, text));
      if (found != null && cache != null) {
        cache.put(new Key(model, generation, text), found);
      }
    }
    return found;
  }

  /** Remembers a result. */
  public void put(ModelId model, long generation, String text, Inference result) {
    put(model, generation, "", text, result);
  }

  /** Remembers a result here and, for a model with an identity, in the shared store. */
  public void put(ModelId model, long generation, String identity, String text, Inference result) {
    if (cache != null) {
      cache.put(new Key(model, generation, text), result);
    }
    SharedResponseStore store = shared;
    if (store != null && !identity.isEmpty()) {
      store.put(sharedKey(model, identity, text), result);
    }
  }

  /** Adds a shared second level (once, before requests; null removes it). */
  public void share(SharedResponseStore store) {
    this.shared = store;
  }

  /** The shared store's key: model name, identity and the text's SHA-256 (hex). */
  static String sharedKey(ModelId model, String identity, String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return model + "@" + identity + "#" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** Drops every entry of a model, all loads and revisions' own names alike. */
  public void invalidate(ModelId model) {
    if (cache != null) {
      cache
          .asMap()
          .keySet()
          .removeIf(
              key -> {
                boolean match = key.model().equals(model);
                if (match) {
                  invalidations.increment();
                }
                return match;
              });
    }
  }

  /**
   * Drops a model's entries when it leaves the cache or loads again: for {@link
   * dev.modelcache.engine.cache.CacheListener}.
   */
  public void onCacheEvent(CacheEvent event) {
    switch (event.type()) {
      case LOADED, EVICTED, UNLOADED -> invalidate(event.model());
      default -> {
        // Failures, refusals and frees change no model that answered.
      }
    }
  }

  /** A snapshot of the counters. */
  public ResponseCacheStats stats() {
    if (cache == null) {
      return new ResponseCacheStats(false, 0, 0, 0, 0, 0, 0, 0);
    }
    CacheStats s = cache.stats();
    long bytes = cache.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    return new ResponseCacheStats(
        true,
        s.hitCount(),
        s.missCount(),
        s.evictionCount(),
        invalidations.sum(),
        cache.estimatedSize(),
        bytes,
        maxBytes);
  }

  /**
   * Estimated heap bytes of an entry: the key's text (UTF-16 at worst), the result's arrays and
   * map, and object headers. Capped at {@code Integer.MAX_VALUE}, Caffeine's weight type.
   */
  static int weigh(Key key, Inference value) {
    long bytes = 96 + 2L * key.text().length();
    if (value instanceof Embedding e) {
      bytes += 32 + 4L * e.dimension();
    } else if (value instanceof Classification c) {
      bytes += 96 + 4L * c.logits().length + 80L * c.scores().size() + 16L * c.labels().size();
    }
    return (int) Math.min(bytes, MAX_WEIGHT);
  }

  /** A cache key: a text on one load of one model. */
  record Key(ModelId model, long generation, String text) {}
}
