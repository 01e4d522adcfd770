package dev.modelcache.engine.inference;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The {@code reference.json} of a model-family fixture ({@code fixtures/families/enc-*}, made by
 * {@code tools/models/families/make_enc_families.py}): token ids from the JavaScript tokenizer and
 * outputs of the torch module for each text alone, and for NLI models the zero-shot cases.
 *
 * @param name the fixture's folder name, also its model name
 * @param maxLength the truncation length the references were made with
 * @param cases single texts
 * @param zeroShot zero-shot cases; empty for models that are not NLI classifiers
 */
public record FamilyReference(
    String name, int maxLength, List<Case> cases, List<ZeroShotCase> zeroShot) {

  /** {@code fixtures/families}: the tiny models of every family but generation. */
  public static Path root() {
    return Fixtures.root().resolve("families");
  }

  /** The names of the encoder-side family fixtures, sorted. */
  public static List<String> names() {
    try (Stream<Path> folders = Files.list(root())) {
      return folders
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("enc-"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One text: its ids, and either logits (with, for multi-label models, sigmoid scores and the
   * labels over the threshold) or an embedding.
   */
  public record Case(
      String text,
      long[] inputIds,
      long[] typeIds,
      float[] logits,
      float[] embedding,
      String label,
      float[] scores,
      List<String> labels) {}

  /** One premise-hypothesis pair of a zero-shot case. */
  public record Pair(String hypothesis, long[] inputIds, long[] typeIds, float[] logits) {}

  /** A zero-shot request and the pipeline's answer. */
  public record ZeroShotCase(
      String text,
      List<String> candidateLabels,
      String template,
      boolean multiLabel,
      List<Pair> pairs,
      List<String> labels,
      float[] scores) {

    public ZeroShotQuery query() {
      return new ZeroShotQuery(text, candidateLabels, template, multiLabel);
    }
  }

  public static FamilyReference read(String name) {
    JsonObject json;
    try {
      json =
          JsonParser.parseString(
                  Files.readString(
                      root().resolve(name).resolve("reference.json"), StandardCharsets.UTF_8))
              .getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Case> cases = new ArrayList<>();
    for (JsonElement element : json.getAsJsonArray("cases")) {
      JsonObject c = element.getAsJsonObject();
      cases.add(
          new Case(
              c.get("text").getAsString(),
              longs(c.getAsJsonArray("input_ids")),
              longs(c.getAsJsonArray("token_type_ids")),
              c.has("logits") ? floats(c.getAsJsonArray("logits")) : null,
              c.has("embedding") ? floats(c.getAsJsonArray("embedding")) : null,
              c.has("label") ? c.get("label").getAsString() : null,
              c.has("scores") ? floats(c.getAsJsonArray("scores")) : null,
              c.has("labels") ? strings(c.getAsJsonArray("labels")) : null));
    }
    List<ZeroShotCase> zeroShot = new ArrayList<>();
    if (json.has("zero_shot")) {
      for (JsonElement element : json.getAsJsonArray("zero_shot")) {
        JsonObject z = element.getAsJsonObject();
        List<Pair> pairs = new ArrayList<>();
        for (JsonElement p : z.getAsJsonArray("pairs")) {
          JsonObject pair = p.getAsJsonObject();
          pairs.add(
              new Pair(
                  pair.get("hypothesis").getAsString(),
                  longs(pair.getAsJsonArray("input_ids")),
                  longs(pair.getAsJsonArray("token_type_ids")),
                  floats(pair.getAsJsonArray("logits"))));
        }
        zeroShot.add(
            new ZeroShotCase(
                z.get("text").getAsString(),
                strings(z.getAsJsonArray("candidate_labels")),
                z.get("hypothesis_template").getAsString(),
                z.get("multi_label").getAsBoolean(),
                pairs,
                strings(z.getAsJsonArray("labels")),
                floats(z.getAsJsonArray("scores"))));
      }
    }
    return new FamilyReference(name, json.get("max_length").getAsInt(), cases, zeroShot);
  }

  public List<String> texts() {
    return cases.stream().map(Case::text).toList();
  }

  /** What kind of tokenizer the fixture's {@code tokenizer.json} holds: its model's type. */
  String tokenizerKind() {
    JsonObject json = tokenizerJson();
    String model = json.getAsJsonObject("model").get("type").getAsString();
    JsonElement pre = json.get("pre_tokenizer");
    return model.equals("BPE") && pre.toString().contains("ByteLevel") ? "byte-level BPE" : model;
  }

  /** The type of the {@code tokenizer.json}'s post-processor. */
  String tokenizerPostProcessor() {
    return tokenizerJson().getAsJsonObject("post_processor").get("type").getAsString();
  }

  private JsonObject tokenizerJson() {
    try {
      return JsonParser.parseString(
              Files.readString(
                  root().resolve(name).resolve("tokenizer.json"), StandardCharsets.UTF_8))
          .getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long[] longs(JsonArray array) {
    long[] out = new long[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).getAsLong();
    }
    return out;
  }

  private static float[] floats(JsonArray array) {
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).getAsFloat();
    }
    return out;
  }

  private static List<String> strings(JsonArray array) {
    List<String> out = new ArrayList<>();
    array.forEach(e -> out.add(e.getAsString()));
    return out;
  }
}
