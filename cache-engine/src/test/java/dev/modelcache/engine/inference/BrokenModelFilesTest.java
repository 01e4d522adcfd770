package dev.modelcache.engine.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mockStatic;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.modelcache.api.ErrorKind;
import dev.modelcache.api.ModelId;
import dev.modelcache.api.ModelLoadException;
import dev.modelcache.api.ModelNotFoundException;
import dev.modelcache.engine.model.LocalDirectorySource;
import dev.modelcache.engine.model.ModelFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.MockedStatic;

/**
 * Each way a model folder can be broken fails the load with a {@link ModelLoadException} that says
 * what is wrong, and closes the tokenizer it had opened. Starts from tiny-a, a real two-class BERT
 * classifier, and damages one file per case.
 */
class BrokenModelFilesTest {
  private static final Path MODELS = Paths.get(System.getProperty("modelcache.fixtures"), "models");
  private static final ModelId BROKEN = ModelId.of("broken");

  @TempDir Path root;
  private OnnxModelLoader loader;

  @BeforeEach
  void createLoader() throws IOException {
    Fixtures.copyTree(MODELS.resolve("tiny-a"), root.resolve("good"));
    Fixtures.copyTree(MODELS.resolve("tiny-d"), root.resolve("org/other"));
    Fixtures.copyTree(MODELS.resolve("tiny-a"), root.resolve(BROKEN.name()));
    loader =
        new OnnxModelLoader(
            new LocalDirectorySource(root), InferenceOptions.DEFAULTS.withBatchSize(4));
  }

  /** One way to break tiny-a's folder, and what the error must say about it. */
  interface Damage {
    void apply(Path model) throws IOException;
  }

  static Stream<Arguments> brokenFiles() {
    return Stream.of(
        broken(
            "model.onnx replaced by random bytes",
            model -> {
              byte[] noise = new byte[(int) Files.size(model.resolve("model.onnx"))];
              new Random(42).nextBytes(noise);
              Files.write(model.resolve("model.onnx"), noise);
            },
            "model.onnx is not a loadable ONNX model"),
        broken(
            "model.onnx truncated to half",
            model -> {
              byte[] graph = Files.readAllBytes(model.resolve("model.onnx"));
              Files.write(model.resolve("model.onnx"), Arrays.copyOf(graph, graph.length / 2));
            },
            "model.onnx is not a loadable ONNX model"),
        broken(
            "model.onnx empty",
            model -> Files.write(model.resolve("model.onnx"), new byte[0]),
            "model.onnx is not a loadable ONNX model"),
        broken(
            "tokenizer.json missing",
            model -> Files.delete(model.resolve("tokenizer.json")),
            "no tokenizer.json"),
        broken(
            "tokenizer.json not JSON",
            model -> Files.writeString(model.resolve("tokenizer.json"), "{\"version\": \"1.0\", "),
            "cannot parse tokenizer.json"),
        broken(
            "tokenizer.json valid JSON but not a tokenizer",
            model -> Files.writeString(model.resolve("tokenizer.json"), "{\"hello\": [1, 2, 3]}"),
            "cannot parse tokenizer.json"),
        broken(
            "config.json not JSON",
            model -> Files.writeString(model.resolve("config.json"), "{\"architectures\": ["),
            "config.json is not valid JSON"),
        broken(
            "config.json id2label with a gap",
            model -> editConfig(model, c -> c.add("id2label", labels("0", "A", "2", "C"))),
            "id2label has no label for class 1"),
        broken(
            "config.json with 3 labels on a 2-class model",
            model ->
                editConfig(model, c -> c.add("id2label", labels("0", "A", "1", "B", "2", "C"))),
            "config.json has 3 labels but the model outputs 2"),
        broken(
            "config.json with 1 label on a 2-class model",
            model -> editConfig(model, c -> c.add("id2label", labels("0", "ONLY"))),
            "config.json has 1 labels but the model outputs 2"),
        broken(
            "graph needs an input the engine does not produce",
            // Same length, so the protobuf stays well-formed: the graph now takes segment_ids_00.
            model -> renameInGraph(model, "token_type_ids", "segment_ids_00"),
            "the graph needs input 'segment_ids_00', which this engine does not produce"),
        broken(
            "classifier graph without a logits output",
            model -> renameInGraph(model, "logits", "scores"),
            "a sequence classifier must output 'logits'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenFiles")
  void aBrokenModelFailsToLoadWithATypedErrorAndLeaksNoTokenizer(
      String what, Damage damage, String expected) throws IOException {
    damage.apply(root.resolve(BROKEN.name()));

    List<TextTokenizer> opened = new ArrayList<>();
    ModelLoadException e = loadExpectingFailure(opened);

    assertEquals(ErrorKind.MODEL_LOAD_FAILED, e.kind());
    assertEquals(BROKEN, e.model());
    assertTrue(e.getMessage().startsWith("model 'broken' could not be loaded: "), e.getMessage());
    assertTrue(e.getMessage().contains(expected), () -> what + ": " + e.getMessage());
    assertFalse(
        e.getMessage().contains(root.toString()), () -> "server path shown: " + e.getMessage());
    assertFalse(e.getMessage().contains("onnxruntime_src"), () -> "ORT source: " + e.getMessage());
    assertTrue(opened.size() <= 1, "one tokenizer per load at most: " + opened.size());
    for (TextTokenizer tokenizer : opened) {
      verify(tokenizer).close();
    }
  }

  @Test
  void repeatedFailedLoadsCloseEveryTokenizerTheyOpened() throws IOException {
    editConfig(
        root.resolve(BROKEN.name()), c -> c.add("id2label", labels("0", "A", "1", "B", "2", "C")));

    List<TextTokenizer> opened = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      loadExpectingFailure(opened);
    }

    assertEquals(5, opened.size());
    for (TextTokenizer tokenizer : opened) {
      verify(tokenizer).close();
    }
    // The folder's siblings are unaffected by the failures.
    try (LoadedModel good = loader.load(ModelId.of("good"))) {
      assertEquals(1, good.predict(List.of("still fine")).size());
    }
  }

  @Test
  void messagesLoseTheModelFolderAndOnnxRuntimeSourceLocations() {
    Path folder = root.resolve(BROKEN.name());
    ModelFiles files = ModelFiles.in(BROKEN, folder).orElseThrow();
    RuntimeException failure =
        new RuntimeException(
            "Load model from "
                + folder
                + "/model.onnx failed:/onnxruntime_src/onnxruntime/core/graph/model.cc:179"
                + " onnxruntime::Model::Model(...) Unsupported model IR version: 99");

    String shown = OnnxModelLoader.withoutPaths(failure, files);

    assertEquals(
        "Load model from model.onnx failed:onnxruntime::Model::Model(...) Unsupported model IR"
            + " version: 99",
        shown);
  }

  @Test
  void aMaxPositionEmbeddingsTooSmallToTokenizeFailsAsAModelLoadError() throws IOException {
    editConfig(root.resolve(BROKEN.name()), c -> c.addProperty("max_position_embeddings", 1));

    ModelLoadException e = loadExpectingFailure(new ArrayList<>());

    assertEquals(ErrorKind.MODEL_LOAD_FAILED, e.kind());
    assertTrue(e.getMessage().contains("max"), e.getMessage());
  }

  @Test
  void anUnknownModelIsNotFoundAndTheErrorListsTheAvailableOnes() {
    ModelNotFoundException e =
        assertThrows(ModelNotFoundException.class, () -> loader.load(ModelId.of("missing")));

    assertEquals(ErrorKind.MODEL_NOT_FOUND, e.kind());
    assertEquals(ModelId.of("missing"), e.model());
    assertEquals(List.of("broken", "good", "org/other"), e.available());
    assertTrue(e.getMessage().contains("'missing'"), e.getMessage());
    assertTrue(e.getMessage().contains("broken, good, org/other"), e.getMessage());
    assertThrows(ModelNotFoundException.class, () -> loader.estimateBytes(ModelId.of("missing")));
  }

  @Test
  void aGoodModelPredictsOneResultPerTextInInputOrder() throws IOException {
    JsonObject reference =
        JsonParser.parseString(
                Files.readString(MODELS.resolve("tiny-a/reference.json"), StandardCharsets.UTF_8))
            .getAsJsonObject();
    List<String> texts = new ArrayList<>();
    List<float[]> logits = new ArrayList<>();
    for (JsonElement c : reference.getAsJsonArray("cases")) {
      texts.add(c.getAsJsonObject().get("text").getAsString());
      float[] row = new float[2];
      for (int i = 0; i < 2; i++) {
        row[i] = c.getAsJsonObject().getAsJsonArray("logits").get(i).getAsFloat();
      }
      logits.add(row);
    }
    assertTrue(texts.size() > 4, "more texts than one batch, of different lengths");

    List<Inference> results;
    try (LoadedModel model = loader.load(ModelId.of("good"))) {
      results = model.predict(texts);
    }

    assertEquals(texts.size(), results.size());
    for (int i = 0; i < texts.size(); i++) {
      Classification c = assertInstanceOf(Classification.class, results.get(i));
      double[] expected = softmax(logits.get(i));
      Map<String, Float> scores = c.scores();
      assertEquals(List.of("NEGATIVE", "POSITIVE"), List.copyOf(scores.keySet()));
      assertEquals(expected[0], scores.get("NEGATIVE"), 1e-4, "text " + i + ": " + texts.get(i));
      assertEquals(expected[1], scores.get("POSITIVE"), 1e-4, "text " + i + ": " + texts.get(i));
      assertEquals(expected[1] > expected[0] ? "POSITIVE" : "NEGATIVE", c.label());
    }
  }

  @Test
  void aClosedModelRefusesToPredict() {
    LoadedModel model = loader.load(ModelId.of("good"));
    assertFalse(model.isClosed());
    assertEquals(List.of(), model.predict(List.of()));

    model.close();
    model.close();

    assertTrue(model.isClosed());
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> model.predict(List.of("hello")));
    assertTrue(e.getMessage().contains("'good'"), e.getMessage());
  }

  /** Loads the broken model, recording (as spies) every tokenizer the load opens. */
  @SuppressWarnings("try") // the static mock works by being open, not by being referenced
  private ModelLoadException loadExpectingFailure(List<TextTokenizer> opened) {
    try (MockedStatic<TextTokenizer> tokenizers =
        mockStatic(
            TextTokenizer.class,
            invocation -> {
              Object real = invocation.callRealMethod();
              if (real instanceof TextTokenizer tokenizer) {
                TextTokenizer recorded = spy(tokenizer);
                opened.add(recorded);
                return recorded;
              }
              return real;
            })) {
      return assertThrows(ModelLoadException.class, () -> loader.load(BROKEN));
    }
  }

  private static Arguments broken(String what, Damage damage, String expected) {
    return Arguments.of(what, damage, expected);
  }

  private static JsonObject labels(String... indexAndName) {
    JsonObject labels = new JsonObject();
    for (int i = 0; i < indexAndName.length; i += 2) {
      labels.addProperty(indexAndName[i], indexAndName[i + 1]);
    }
    return labels;
  }

  interface ConfigEdit {
    void apply(JsonObject config);
  }

  private static void editConfig(Path model, ConfigEdit edit) throws IOException {
    Path file = model.resolve("config.json");
    JsonObject config = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    edit.apply(config);
    Files.writeString(file, config.toString());
  }

  /**
   * Replaces every occurrence of a name in the graph's bytes with another of the same length, so
   * the protobuf's length prefixes stay valid and every reference to the name changes together.
   */
  private static void renameInGraph(Path model, String from, String to) throws IOException {
    if (from.length() != to.length()) {
      throw new IllegalArgumentException("names must have the same length: " + from + ", " + to);
    }
    Path file = model.resolve("model.onnx");
    byte[] graph = Files.readAllBytes(file);
    byte[] needle = from.getBytes(StandardCharsets.US_ASCII);
    byte[] replacement = to.getBytes(StandardCharsets.US_ASCII);
    int replaced = 0;
    for (int i = 0; i + needle.length <= graph.length; i++) {
      if (Arrays.equals(graph, i, i + needle.length, needle, 0, needle.length)) {
        System.arraycopy(replacement, 0, graph, i, replacement.length);
        replaced++;
      }
    }
    if (replaced == 0) {
      throw new IllegalStateException(from + " does not occur in " + file);
    }
    Files.write(file, graph);
  }

  private static double[] softmax(float[] logits) {
    double max = Math.max(logits[0], logits[1]);
    double a = Math.exp(logits[0] - max);
    double b = Math.exp(logits[1] - max);
    return new double[] {a / (a + b), b / (a + b)};
  }
}
