package dev.modelcache.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A model repository of broken models, cut from the real fixtures when first asked for (once per
 * test JVM) into {@code target/fault-models}. Every broken model is tiny-a (a real two-class BERT)
 * with one thing wrong:
 *
 * <ul>
 *   <li>{@code signed}: tiny-a intact, with a {@code SHA256SUMS} written by {@code
 *       tools/models/write-manifest.sh}; {@code unsigned}: tiny-c intact, without one. Both load.
 *   <li>{@code tampered}: {@code signed} with one bit of {@code model.onnx} flipped after the
 *       manifest was written (ONNX Runtime would load it: only the manifest notices);
 *   <li>{@code truncated-graph}: {@code model.onnx} cut to half its bytes; {@code empty-graph}: a
 *       zero-byte {@code model.onnx}; {@code no-graph}: no {@code model.onnx} at all;
 *   <li>{@code no-tokenizer}: no {@code tokenizer.json}; {@code bad-tokenizer}: a {@code
 *       tokenizer.json} cut off mid-way, so it does not parse; {@code bad-config}: a {@code
 *       config.json} that is not JSON;
 *   <li>{@code needs-decoder-input-ids}: the committed graph of {@code
 *       tools/models/make_fault_models.py}, which takes a {@code decoder_input_ids} input (an
 *       encoder-decoder's) the engine does not produce for {@code /predict}.
 * </ul>
 */
public final class FaultModels {
  /** The models of the repository that load. */
  public static final List<String> GOOD = List.of("signed", "unsigned");

  private static Path built;

  private FaultModels() {}

  /** The repository, built on first use. */
  public static synchronized Path repository() {
    if (built == null) {
      try {
        built = build(Path.of(required("modelcache.faultModels")));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return built;
  }

  private static Path build(Path out) throws IOException {
    Path root = Path.of(required("modelcache.root"));
    Path tiny = root.resolve("fixtures/models");
    deleteTree(out);
    Files.createDirectories(out);

    copyTree(tiny.resolve("tiny-a"), out.resolve("signed"));
    writeManifest(root, out.resolve("signed"));
    copyTree(tiny.resolve("tiny-c"), out.resolve("unsigned"));

    Path tampered = copyTree(out.resolve("signed"), out.resolve("tampered"));
    byte[] graph = Files.readAllBytes(tampered.resolve("model.onnx"));
    graph[graph.length / 2] ^= 0x01;
    Files.write(tampered.resolve("model.onnx"), graph);

    Path truncated = copyTree(tiny.resolve("tiny-a"), out.resolve("truncated-graph"));
    byte[] whole = Files.readAllBytes(truncated.resolve("model.onnx"));
    Files.write(truncated.resolve("model.onnx"), Arrays.copyOf(whole, whole.length / 2));

    Path empty = copyTree(tiny.resolve("tiny-a"), out.resolve("empty-graph"));
    Files.write(empty.resolve("model.onnx"), new byte[0]);

    Files.delete(copyTree(tiny.resolve("tiny-a"), out.resolve("no-graph")).resolve("model.onnx"));
    Files.delete(
        copyTree(tiny.resolve("tiny-a"), out.resolve("no-tokenizer")).resolve("tokenizer.json"));

    Path badTokenizer = copyTree(tiny.resolve("tiny-a"), out.resolve("bad-tokenizer"));
    String tokenizer = Files.readString(badTokenizer.resolve("tokenizer.json"));
    Files.writeString(
        badTokenizer.resolve("tokenizer.json"), tokenizer.substring(0, tokenizer.length() / 2));

    Path badConfig = copyTree(tiny.resolve("tiny-a"), out.resolve("bad-config"));
    Files.writeString(badConfig.resolve("config.json"), "{\"architectures\": [");

    Path decoderInputs = copyTree(tiny.resolve("tiny-a"), out.resolve("needs-decoder-input-ids"));
    Files.copy(
        root.resolve("it-tests/src/test/models/broken/needs-decoder-input-ids/model.onnx"),
        decoderInputs.resolve("model.onnx"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return out;
  }

  private static void writeManifest(Path root, Path model) throws IOException {
    Process process =
        new ProcessBuilder(
                "bash", root.resolve("tools/models/write-manifest.sh").toString(), model.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("write-manifest.sh failed on " + model + ": " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted writing the manifest of " + model, e);
    }
  }

  private static Path copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    }
    return to;
  }

  private static void deleteTree(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null) {
      throw new IllegalStateException(property + " is not set: run the tests through Maven");
    }
    return value;
  }
}
