package dev.modelcache.engine.batching;

import dev.modelcache.api.ModelId;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which dynamically quantized models may share a batch across requests ({@code BATCH_QUANTIZED}).
 * Such a model computes its quantization scale from the whole batch, padding included, so a text's
 * result depends on its neighbours; by default each request of such a model runs in batches of its
 * own texts only, exactly as it would without the batcher. Immutable.
 *
 * @param everyModel every quantized model may share batches
 * @param models these may, when {@code everyModel} is false
 */
public record QuantizedBatching(boolean everyModel, Set<ModelId> models) {

  public QuantizedBatching {
    models = Set.copyOf(models);
  }

  /** No quantized model shares batches across requests: the default. */
  public static QuantizedBatching none() {
    return new QuantizedBatching(false, Set.of());
  }

  /** Every quantized model shares batches across requests. */
  public static QuantizedBatching all() {
    return new QuantizedBatching(true, Set.of());
  }

  /**
   * Reads {@code BATCH_QUANTIZED}: {@code false} (or empty), {@code true}, or a comma-separated
   * list of model names that opt in.
   *
   * @throws IllegalArgumentException naming the bad model name
   */
  public static QuantizedBatching parse(String value) {
    String trimmed = value == null ? "" : value.trim();
    switch (trimmed.toLowerCase(Locale.ROOT)) {
      case "", "false":
        return none();
      case "true":
        return all();
      default:
        Set<ModelId> models = new LinkedHashSet<>();
        for (String name : trimmed.split(",")) {
          if (!name.isBlank()) {
            models.add(ModelId.of(name.trim()));
          }
        }
        return new QuantizedBatching(false, models);
    }
  }

  /** Whether requests for this model may share batches, given whether it is quantized. */
  public boolean allowsSharing(ModelId model, boolean dynamicallyQuantized) {
    return !dynamicallyQuantized || everyModel || models.contains(model);
  }
}
