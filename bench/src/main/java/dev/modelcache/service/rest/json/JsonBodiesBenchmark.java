package dev.modelcache.service.rest.json;

import dev.modelcache.api.rest.PredictRequest;
import dev.modelcache.api.rest.PredictResponse;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The lean {@code POST /predict} door's JSON work, both ways, against the JSON-P and JSON-B
 * implementations Payara Micro ships (Parsson, Yasson), on the same bodies: reading a request body
 * ({@code read*}) and writing an answer ({@code write*}). In this package (in the bench module) to
 * reach the reader's package-private entry points.
 *
 * <ul>
 *   <li>{@code readDoor}: what the door calls, {@link StrictJsonReader#readPredict}: the body read
 *       ahead ({@code BodyPrefix}) and read by {@code QuickPredictBody} without a parser;
 *   <li>{@code readJsonP}: the strict JSON-P reader alone ({@link StrictJsonReader#parse}), as
 *       every body that the quick reader passes on is read;
 *   <li>{@code readJsonB}: JSON-B's {@code fromJson}, as the JAX-RS runtime would read it (without
 *       the strict reader's checks);
 *   <li>{@code writeDoor}: {@link ResponseBodies#prediction} ({@code JsonText});
 *   <li>{@code writeJsonB}: JSON-B's {@code toJson} into a stream, as the JAX-RS runtime writes.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JsonBodiesBenchmark {
  private static final long LIMIT = 1024 * 1024;

  /** Request bodies: the spam example (90 bytes), a paragraph, non-ASCII with escapes, 8 KB. */
  @Param({"short", "paragraph", "unicode", "long"})
  public String body;

  /** Answers: a two-label classification, a MiniLM embedding (384 floats). */
  @Param({"classification", "embedding"})
  public String answer;

  private byte[] bytes;
  private String length;
  private PredictResponse response;
  private Jsonb jsonb;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);

  @Setup
  public void prepare() {
    String text =
        switch (body) {
          case "short" -> "WIN a FREE cruise!!! Click here to claim your prize";
          case "paragraph" ->
              "The nightly build failed again; I attached the log. Could you look at the failing"
                  + " test before the release? It seems to be the integration test for the"
                  + " payment service, which times out after 30 seconds when the database"
                  + " container starts slowly. We saw the same last week and fixed it by raising"
                  + " the timeout, but I would rather find out why the container is slow. Let"
                  + " me know if you need access to the build machine or the logs of the"
                  + " previous runs; I can also pair on it tomorrow morning.";
          case "unicode" ->
              "Grüße aus Zürich: \"naïve\" café — 東京で会いましょう 🙂\n\tline two\\ with"
                  + " a backslash, ещё немного текста, and an emoji sequence 👩‍💻";
          default -> "lorem ipsum dolor sit amet ".repeat(304);
        };
    bytes =
        ("{\"text\": \"" + escape(text) + "\", \"model_name\": \"spam-detector\"}")
            .getBytes(StandardCharsets.UTF_8);
    length = String.valueOf(bytes.length);
    if (answer.equals("classification")) {
      Map<String, Double> scores = new LinkedHashMap<>();
      scores.put("HAM", 0.02814);
      scores.put("SPAM", 0.97186);
      response =
          new PredictResponse(
              "SPAM", 0.9718599915504456, scores, null, null, "spam-detector", 0.571, true, false);
    } else {
      Random random = new Random(384);
      float[] vector = new float[384];
      for (int i = 0; i < vector.length; i++) {
        vector[i] = (float) (random.nextGaussian() / 19.6);
      }
      response =
          new PredictResponse(
              null,
              null,
              null,
              null,
              vector,
              "sentence-transformers/all-MiniLM-L6-v2",
              5.904,
              true,
              false);
    }
    jsonb = JsonbBuilder.create();
  }

  private static String escape(String text) {
    return text.replace("\\", "\\\\")
        .replace("\"", "\\\"")
        .replace("\n", "\\n")
        .replace("\t", "\\t");
  }

  @Benchmark
  public PredictRequest readDoor() {
    return StrictJsonReader.readPredict(null, length, new ByteArrayInputStream(bytes), LIMIT);
  }

  @Benchmark
  public Object readJsonP() {
    return StrictJsonReader.parse(PredictRequest.class, new ByteArrayInputStream(bytes), LIMIT);
  }

  @Benchmark
  public PredictRequest readJsonB() {
    return jsonb.fromJson(new ByteArrayInputStream(bytes), PredictRequest.class);
  }

  @Benchmark
  public byte[] writeDoor() {
    return ResponseBodies.prediction(response);
  }

  @Benchmark
  public int writeJsonB() {
    out.reset();
    jsonb.toJson(response, out);
    return out.size();
  }
}
