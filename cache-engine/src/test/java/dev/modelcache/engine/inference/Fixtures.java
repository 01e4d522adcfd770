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

/** Where the committed fixtures and the build's default model repository are, and their readers. */
public final class Fixtures {
  private Fixtures() {}

  /** {@code fixtures/} at the root of the checkout. */
  public static Path root() {
    return Path.of(required("modelcache.fixtures"));
  }

  /** The tiny generated models: {@code fixtures/models}. */
  public static Path tinyModels() {
    return root().resolve("models");
  }

  /** The default model repository as the build assembled it (models/ plus MiniLM). */
  public static Path defaultModels() {
    return Path.of(required("modelcache.modelRepo"));
  }

  /** One case of a {@code reference.json}: a text, its token ids and the expected output. */
  public record Case(String text, long[] inputIds, float[] expected) {}

  /** A reference file: the truncation length it was made with and its cases. */
  public record Reference(int maxLength, List<Case> cases) {
    public List<String> texts() {
      return cases.stream().map(Case::text).toList();
    }
  }

  /**
   * Reads a reference file whose cases carry {@code input_ids} and either {@code logits} or {@code
   * embedding}.
   */
  public static Reference reference(Path file) {
    try {
      JsonObject json =
          JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
      List<Case> cases = new ArrayList<>();
      for (JsonElement element : json.getAsJsonArray("cases")) {
        JsonObject c = element.getAsJsonObject();
        JsonArray expected =
            c.has("logits") ? c.getAsJsonArray("logits") : c.getAsJsonArray("embedding");
        cases.add(
            new Case(
                c.get("text").getAsString(),
                longs(c.getAsJsonArray("input_ids")),
                floats(expected)));
      }
      return new Reference(json.get("max_length").getAsInt(), cases);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies a folder and everything below it, for tests that damage or rearrange fixtures. */
  public static void copyTree(Path from, Path to) throws IOException {
    try (java.util.stream.Stream<Path> paths = Files.walk(from)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
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

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null) {
      throw new IllegalStateException(property + " is not set: run the tests through Maven");
    }
    return value;
  }
}
