package dev.modelcache.service.cluster;

import dev.modelcache.engine.batching.SharedResponseStore;
import dev.modelcache.engine.inference.Classification;
import dev.modelcache.engine.inference.Embedding;
import dev.modelcache.engine.inference.Inference;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;

/**
 * The shared response cache ({@code RESPONSE_CACHE_SHARED=true}): results in a grid map, as JSON
 * text (floats written so that they read back exactly). The map is bounded per member and drops
 * entries after their time to live ({@link Grid#responses}). A grid failure is a miss, never an
 * error of the request. Thread-safe.
 */
final class SharedResponses implements SharedResponseStore {
  private static final System.Logger LOG = System.getLogger(SharedResponses.class.getName());

  private final ConcurrentMap<String, String> map;
  private final ClusterCounters counters;

  SharedResponses(ConcurrentMap<String, String> map, ClusterCounters counters) {
    this.map = map;
    this.counters = counters;
  }

  @Override
  public Inference get(String key) {
    String json;
    try {
      json = map.get(key);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "shared response cache: {0}", e.toString());
      json = null;
    }
    counters.shared(json != null);
    return json == null ? null : decode(json);
  }

  @Override
  public void put(String key, Inference result) {
    try {
      map.put(key, encode(result));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "shared response cache: {0}", e.toString());
    }
  }

  /** A result as JSON text. */
  static String encode(Inference result) {
    JsonObjectBuilder o = Json.createObjectBuilder();
    if (result instanceof Classification c) {
      JsonObjectBuilder scores = Json.createObjectBuilder();
      c.scores().forEach((label, score) -> scores.add(label, (double) score));
      o.add("label", c.label())
          .add("confidence", (double) c.confidence())
          .add("scores", scores)
          .add("logits", floats(c.logits()));
    } else if (result instanceof Embedding e) {
      o.add("vector", floats(e.vector()));
    }
    return o.build().toString();
  }

  /** What {@link #encode} wrote. */
  static Inference decode(String json) {
    JsonObject o;
    try (JsonReader reader = Json.createReader(new StringReader(json))) {
      o = reader.readObject();
    }
    if (o.containsKey("vector")) {
      return new Embedding(floats(o.getJsonArray("vector")));
    }
    Map<String, Float> scores = new LinkedHashMap<>();
    o.getJsonObject("scores")
        .forEach((label, score) -> scores.put(label, (float) ((JsonNumber) score).doubleValue()));
    return new Classification(
        o.getString("label"),
        (float) o.getJsonNumber("confidence").doubleValue(),
        scores,
        floats(o.getJsonArray("logits")));
  }

  private static JsonArrayBuilder floats(float[] values) {
    JsonArrayBuilder b = Json.createArrayBuilder();
    for (float v : values) {
      b.add((double) v);
    }
    return b;
  }

  private static float[] floats(JsonArray array) {
    float[] values = new float[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) array.getJsonNumber(i).doubleValue();
    }
    return values;
  }
}
