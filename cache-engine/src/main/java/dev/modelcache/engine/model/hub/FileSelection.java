package dev.modelcache.engine.model.hub;

import dev.modelcache.api.ModelId;
import dev.modelcache.api.ModelLoadException;
import dev.modelcache.engine.model.GraphChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which files of a repository to fetch: the ONNX graph chosen by {@link GraphChoice} (and its
 * external-data files), {@code tokenizer.json}, and the small JSON configs inference reads (a
 * sentence-transformers model's {@code modules.json} and {@code 1_Pooling/config.json} among them).
 * When the graph is a text generation model's decoder ({@code decoder_model_merged.onnx} or {@code
 * decoder_model.onnx}), the graphs beside it that the model needs come too: {@code
 * encoder_model.onnx}, and {@code decoder_with_past_model.onnx} beside a plain decoder. A
 * whitelist, so PyTorch, safetensors, TensorFlow and Flax weights are never fetched. Ordered so
 * that the chosen graph comes last: a snapshot counts as complete once its graph and tokenizer are
 * there.
 */
final class FileSelection {
  static final String TOKENIZER = "tokenizer.json";
  static final List<String> SUPPORT =
      List.of(
          "config.json",
          "generation_config.json",
          "sentence_bert_config.json",
          "special_tokens_map.json",
          "tokenizer_config.json",
          "modules.json",
          "1_Pooling/config.json");

  private static final int MAX_SKIPPED_SHOWN = 10;

  private FileSelection() {}

  /**
   * @throws ModelLoadException if the repository has no ONNX graph or no {@code tokenizer.json}
   */
  static List<RepoFile> choose(ModelId id, RepoInfo info, GraphChoice graphs) {
    Map<String, RepoFile> byPath =
        info.files().stream().collect(Collectors.toMap(RepoFile::path, Function.identity()));
    String graph =
        graphs
            .pick(byPath.keySet())
            .orElseThrow(
                () ->
                    new ModelLoadException(
                        id,
                        "the Hub repository has no ONNX graph (looked for "
                            + graphs
                            + "); its .onnx files: "
                            + onnxFiles(byPath.keySet())
                            + skipped(info)
                            + ". Export it with Optimum, or set MODEL_CACHE_ONNX_VARIANT"));
    if (!byPath.containsKey(TOKENIZER)) {
      throw new ModelLoadException(
          id, "the Hub repository has no tokenizer.json at its root" + skipped(info));
    }
    List<RepoFile> chosen = new ArrayList<>();
    SUPPORT.stream().filter(byPath::containsKey).map(byPath::get).forEach(chosen::add);
    chosen.add(byPath.get(TOKENIZER));
    for (String sibling : generationSiblings(graph)) {
      if (byPath.containsKey(sibling)) {
        addGraph(sibling, byPath, chosen);
      }
    }
    addGraph(graph, byPath, chosen);
    return chosen;
  }

  /** A graph and, before it, its external-data files. */
  private static void addGraph(String graph, Map<String, RepoFile> byPath, List<RepoFile> chosen) {
    byPath.keySet().stream()
        .filter(path -> path.startsWith(graph + "_data") || path.startsWith(graph + ".data"))
        .sorted()
        .map(byPath::get)
        .forEach(chosen::add);
    chosen.add(byPath.get(graph));
  }

  /** The other graphs a generation model whose decoder is {@code graph} loads; none otherwise. */
  static List<String> generationSiblings(String graph) {
    String folder = graph.substring(0, graph.lastIndexOf('/') + 1);
    String name = graph.substring(folder.length());
    return switch (name) {
      case "decoder_model_merged.onnx" -> List.of(folder + "encoder_model.onnx");
      case "decoder_model.onnx" ->
          List.of(folder + "encoder_model.onnx", folder + "decoder_with_past_model.onnx");
      case "decoder_with_past_model.onnx" -> List.of(folder + "encoder_model.onnx");
      default -> List.of();
    };
  }

  /** The listed files that are never fetched, with the reasons: "; skipped: a (why), b (why)". */
  private static String skipped(RepoInfo info) {
    if (info.skipped().isEmpty()) {
      return "";
    }
    List<String> shown =
        info.skipped().stream().limit(MAX_SKIPPED_SHOWN).map(RepoInfo.Skipped::toString).toList();
    int more = info.skipped().size() - shown.size();
    return "; skipped as unusable: "
        + String.join(", ", shown)
        + (more > 0 ? " and " + more + " more" : "");
  }

  private static String onnxFiles(Set<String> paths) {
    List<String> onnx = paths.stream().filter(p -> p.endsWith(".onnx")).sorted().toList();
    return onnx.isEmpty() ? "none" : String.join(", ", onnx);
  }
}
