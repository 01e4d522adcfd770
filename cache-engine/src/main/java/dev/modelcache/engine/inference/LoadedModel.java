package dev.modelcache.engine.inference;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.model.ModelTask;
import java.util.List;

/**
 * A model in memory, ready to run. Thread-safe: {@link #predict} may run on many threads at once.
 * After {@link #close()} it must not be used; the cache guarantees that through leases, and a model
 * that is used anyway fails loudly rather than touching freed native memory.
 */
public interface LoadedModel extends AutoCloseable {

  ModelId id();

  ModelTask task();

  /**
   * Runs the model on texts.
   *
   * @param texts one or more non-null texts; any number (the model splits them into batches)
   * @return one result per text, in input order
   * @throws IllegalStateException if the model was closed (a bug in the caller)
   */
  List<Inference> predict(List<String> texts);

  /**
   * Tokenises texts for a later {@link #run}, each on its own (no padding). Thread-safe and cheap
   * to call on request threads, off the inference threads. The default, for models without a
   * tokenizer, counts characters.
   *
   * @return one encoding per text, in input order
   */
  default List<EncodedText> encode(List<String> texts) {
    return texts.stream().map(t -> EncodedText.opaque(t, Math.max(1, t.length()))).toList();
  }

  /**
   * Tokenises pairs of texts (premise and hypothesis) for a later {@link #run}, as {@link #encode}
   * does single texts. The default refuses: only a model with a tokenizer can.
   *
   * @throws UnsupportedOperationException if the model cannot read pairs
   * @throws dev.modelcache.api.InvalidInputException if a pair cannot be cut to the model's length
   */
  default List<EncodedText> encodePairs(List<TextPair> pairs) {
    throw new UnsupportedOperationException("model '" + id() + "' does not read pairs of texts");
  }

  /**
   * The classifier's label names by class index ({@code id2label}); empty for models that do not
   * classify or do not name their labels.
   */
  default List<String> labels() {
    return List.of();
  }

  /**
   * Runs already tokenised texts as one batch, padded to the longest among them, in one call of the
   * runtime; does not sort or split. With {@link #encode}, the raw path the batcher and the
   * benchmarks use. The default runs {@link #predict} on the original texts.
   *
   * @param batch encodings from this model's {@link #encode}, at least one
   * @return one result per encoding, in the batch's order
   * @throws IllegalStateException if the model was closed (a bug in the caller)
   */
  default List<Inference> run(List<EncodedText> batch) {
    return predict(batch.stream().map(EncodedText::text).toList());
  }

  /**
   * Whether the graph quantizes activations at run time (dynamic quantization): its results for a
   * text then depend on the other texts and the padding in the same batch, so requests must not
   * share a batch unless the operator opted in. False by default.
   */
  default boolean dynamicallyQuantized() {
    return false;
  }

  /**
   * What distinguishes this version of the model from others of the same name, for keys that
   * outlive a load (the shared response cache): changes whenever its files change. Empty when
   * unknown; results are then never shared.
   */
  default String identity() {
    return "";
  }

  /** Bytes of the model's weights on disk: the least its resident footprint can be. */
  long weightBytes();

  /** Whether {@link #close()} has been called. */
  boolean isClosed();

  /** Frees the model's native memory. Idempotent. */
  @Override
  void close();
}
