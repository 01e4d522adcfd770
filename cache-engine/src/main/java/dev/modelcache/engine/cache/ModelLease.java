package dev.modelcache.engine.cache;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.inference.EncodedText;
import dev.modelcache.engine.inference.Inference;
import dev.modelcache.engine.inference.TextPair;
import dev.modelcache.engine.model.ModelTask;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The right to use one loaded model until {@link #close()}. While any lease is open the model's
 * native session stays open, even if the model has been evicted meanwhile; the last lease to close
 * on an evicted model frees it. Use with try-with-resources. Thread-safe; closing twice is
 * harmless.
 */
public final class ModelLease implements AutoCloseable {
  private final ModelCache cache;
  private final CacheEntry entry;
  private final boolean wasCached;
  private final AtomicBoolean released = new AtomicBoolean();

  ModelLease(ModelCache cache, CacheEntry entry, boolean wasCached) {
    this.cache = cache;
    this.entry = entry;
    this.wasCached = wasCached;
  }

  public ModelId id() {
    return entry.model.id();
  }

  public ModelTask task() {
    return entry.model.task();
  }

  /** Whether the model was already loaded when this lease was asked for (a cache hit). */
  public boolean wasCached() {
    return wasCached;
  }

  /**
   * Which load of the model this lease holds: unique in the process, different after every reload.
   * Results computed under one generation are valid for exactly that generation.
   */
  public long generation() {
    return entry.generation;
  }

  /** Bytes the cache charges for the model. */
  public long chargedBytes() {
    return entry.bytes();
  }

  /** How the charged size was known: {@code measured}, {@code estimated} or {@code weights}. */
  public String sizeMethod() {
    return entry.footprint.method().name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The load's own time in nanoseconds, without any wait for other loads. */
  public long loadNanos() {
    return entry.loadNanos;
  }

  /** Where the model's files came from, as its source describes itself; may be empty. */
  public String source() {
    return entry.source;
  }

  /**
   * The loaded version's identity ({@link dev.modelcache.engine.inference.LoadedModel#identity()});
   * empty when unknown.
   */
  public String identity() {
    return entry.model.identity();
  }

  /** Whether the model quantizes activations at run time (see {@link #run}). */
  public boolean dynamicallyQuantized() {
    return entry.model.dynamicallyQuantized();
  }

  /**
   * Tokenises texts for {@link #run}; on the caller's thread.
   *
   * @throws IllegalStateException if this lease was closed
   */
  public List<EncodedText> encode(List<String> texts) {
    checkOpen();
    return entry.model.encode(texts);
  }

  /**
   * Tokenises pairs of texts (premise, hypothesis) for {@link #run}; on the caller's thread.
   *
   * @throws IllegalStateException if this lease was closed
   * @throws UnsupportedOperationException if the model cannot read pairs
   */
  public List<EncodedText> encodePairs(List<TextPair> pairs) {
    checkOpen();
    return entry.model.encodePairs(pairs);
  }

  /** The model's label names by class index; empty if it names none. */
  public List<String> labels() {
    return entry.model.labels();
  }

  /**
   * Runs tokenised texts as one padded batch, which may hold texts of other requests on the same
   * generation of the model. Counts them as the model's inferences.
   *
   * @throws IllegalStateException if this lease was closed
   */
  public List<Inference> run(List<EncodedText> batch) {
    checkOpen();
    entry.inferences.add(batch.size());
    return entry.model.run(batch);
  }

  /**
   * Runs the model on texts.
   *
   * @param texts non-null texts, at least one
   * @return one result per text, in input order
   * @throws IllegalStateException if this lease was closed
   */
  public List<Inference> predict(List<String> texts) {
    checkOpen();
    entry.inferences.add(texts.size());
    return entry.model.predict(texts);
  }

  /**
   * The leased model as {@code type} (a capability such as text generation), if it is one. The
   * object is valid only while this lease is open: use it inside the lease's try-with-resources and
   * never keep it.
   *
   * @throws IllegalStateException if this lease was closed
   */
  public <T> Optional<T> as(Class<T> type) {
    checkOpen();
    return type.isInstance(entry.model) ? Optional.of(type.cast(entry.model)) : Optional.empty();
  }

  /** Counts work done through {@link #as} as the model's inferences (one per text or sequence). */
  public void countInferences(int count) {
    entry.inferences.add(count);
  }

  private void checkOpen() {
    if (released.get()) {
      throw new IllegalStateException("lease on '" + id() + "' used after close");
    }
  }

  @Override
  public void close() {
    if (released.compareAndSet(false, true)) {
      cache.release(entry);
    }
  }
}
