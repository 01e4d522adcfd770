package dev.modelcache.service.cluster;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * What one member tells the others about itself, published in the grid on every load and eviction
 * and at least every second while its queue changes. Stored as JSON text, so that no application
 * class has to cross the grid's class loaders. Immutable.
 *
 * @param id the member's grid identity (Hazelcast member UUID)
 * @param url the member's HTTP base URL, as the other members reach it ({@code http://host:port})
 * @param loaded names of the models it holds, ready to run
 * @param loading names of the models it has been chosen to load and has not loaded yet
 * @param maxModels {@code MODEL_CACHE_MAX_MODELS}
 * @param budgetMb {@code MODEL_CACHE_MAX_MEMORY_MB}, in MiB
 * @param usedMb memory charged to its loaded models, in MiB
 * @param queuedTexts texts waiting in its batching queues, over all models
 * @param updatedMillis when it published this, in milliseconds since the epoch (its own clock)
 */
public record MemberState(
    String id,
    String url,
    List<String> loaded,
    List<String> loading,
    int maxModels,
    double budgetMb,
    double usedMb,
    int queuedTexts,
    long updatedMillis) {

  public MemberState {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(url, "url");
    loaded = List.copyOf(loaded);
    loading = List.copyOf(loading);
  }

  /** The member's name in answers and logs: its URL's host and port. */
  public String name() {
    int scheme = url.indexOf("://");
    return scheme < 0 ? url : url.substring(scheme + 3);
  }

  /** Whether it holds {@code model}, ready to run. */
  public boolean holds(String model) {
    return loaded.contains(model);
  }

  /**
   * Its share of free room, in [0, 1]: the smaller of free model slots over {@code maxModels} and
   * free memory over the budget. A member with no room still scores 0, not less.
   */
  public double freeShare() {
    int occupied = loaded.size() + loading.size();
    double slots = maxModels <= 0 ? 0 : Math.max(0, maxModels - occupied) / (double) maxModels;
    double memory = budgetMb <= 0 ? 0 : Math.max(0, budgetMb - usedMb) / budgetMb;
    return Math.min(slots, memory);
  }

  /**
   * This state with {@code claimed} models counted as loading too: models the grid placed on this
   * member that it has not published yet. Unchanged when there are none.
   */
  public MemberState withClaims(Collection<String> claimed) {
    List<String> more = new ArrayList<>(loading);
    for (String model : claimed) {
      if (!loaded.contains(model) && !more.contains(model)) {
        more.add(model);
      }
    }
    return more.size() == loading.size()
        ? this
        : new MemberState(
            id, url, loaded, more, maxModels, budgetMb, usedMb, queuedTexts, updatedMillis);
  }

  /** This state as JSON text. */
  public String toJson() {
    return Json.createObjectBuilder()
        .add("id", id)
        .add("url", url)
        .add("loaded", array(loaded))
        .add("loading", array(loading))
        .add("max_models", maxModels)
        .add("budget_mb", budgetMb)
        .add("used_mb", usedMb)
        .add("queued_texts", queuedTexts)
        .add("updated", updatedMillis)
        .build()
        .toString();
  }

  /**
   * Reads what {@link #toJson} wrote.
   *
   * @throws jakarta.json.JsonException or {@link ClassCastException}, {@link NullPointerException}
   *     for text that is not such a state
   */
  public static MemberState fromJson(String json) {
    JsonObject o;
    try (JsonReader reader = Json.createReader(new StringReader(json))) {
      o = reader.readObject();
    }
    return new MemberState(
        o.getString("id"),
        o.getString("url"),
        strings(o, "loaded"),
        strings(o, "loading"),
        o.getInt("max_models"),
        o.getJsonNumber("budget_mb").doubleValue(),
        o.getJsonNumber("used_mb").doubleValue(),
        o.getInt("queued_texts"),
        o.getJsonNumber("updated").longValue());
  }

  private static JsonArrayBuilder array(List<String> values) {
    JsonArrayBuilder b = Json.createArrayBuilder();
    values.forEach(b::add);
    return b;
  }

  private static List<String> strings(JsonObject o, String name) {
    return o.getJsonArray(name).getValuesAs(JsonString.class).stream()
        .map(JsonString::getString)
        .toList();
  }
}
