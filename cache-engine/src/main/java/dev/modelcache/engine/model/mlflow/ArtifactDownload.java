package dev.modelcache.engine.model.mlflow;

import dev.modelcache.api.ModelId;
import dev.modelcache.api.ModelLoadException;
import dev.modelcache.engine.model.download.Expected;
import dev.modelcache.engine.model.download.Fetched;
import dev.modelcache.engine.model.download.HttpFetcher;
import dev.modelcache.engine.model.download.Transfer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Downloads one model version's artifacts into an empty folder: {@code MLmodel} first, then, if it
 * has an {@code onnx} flavour, every file at the model's top level and beside the ONNX file (the
 * graph, its external data, {@code tokenizer.json}, {@code config.json} and the small files MLflow
 * writes), except other frameworks' weights. Each file's size is checked against the listing and
 * its SHA-256 recorded. Used by one thread at a time, under the version's lock.
 */
final class ArtifactDownload {
  private static final Set<String> WEIGHTS =
      Set.of(".bin", ".safetensors", ".h5", ".msgpack", ".pt", ".pth", ".ckpt", ".pkl");

  private final MlflowApi api;
  private final HttpFetcher fetcher;
  private final long maxBytes;

  ArtifactDownload(MlflowApi api, HttpFetcher fetcher, long maxBytes) {
    this.api = api;
    this.fetcher = fetcher;
    this.maxBytes = maxBytes;
  }

  /**
   * @param root the version's artifact path on the proxy
   * @param into an empty folder
   * @throws ModelLoadException if the version is not an ONNX model this service can load
   * @throws IOException on network and integrity failures
   */
  ArtifactManifest fetch(ModelId id, int version, String root, Path into) throws IOException {
    List<MlflowApi.ArtifactFile> top = api.list(root);
    MlflowApi.ArtifactFile mlmodel =
        find(top, "MLmodel")
            .orElseThrow(
                () ->
                    new ModelLoadException(
                        id,
                        "no MLmodel among the version's artifacts at "
                            + root
                            + ": it was not logged as an MLflow model"));
    Map<String, ArtifactManifest.Entry> entries = new LinkedHashMap<>();
    long budget = maxBytes;
    budget -= get(id, root, "MLmodel", mlmodel.size(), into, budget, entries);
    MlModel model =
        MlModel.parse(Files.readString(into.resolve("MLmodel"), StandardCharsets.UTF_8));
    String onnx =
        model
            .onnxData()
            .orElseThrow(
                () ->
                    new ModelLoadException(
                        id,
                        "its MLmodel has no onnx flavour (flavours: "
                            + String.join(", ", model.flavors())
                            + "); log it with mlflow.onnx.log_model"));
    if (!MlflowApi.safePath(onnx)) {
      throw new ModelLoadException(id, "its MLmodel names an unusable ONNX path: " + onnx);
    }
    int slash = onnx.lastIndexOf('/');
    String onnxDir = slash < 0 ? "" : onnx.substring(0, slash);
    Map<String, Long> wanted = new LinkedHashMap<>();
    addFiles(wanted, "", top);
    if (!onnxDir.isEmpty()) {
      addFiles(wanted, onnxDir + "/", api.list(root + "/" + onnxDir));
    }
    wanted.remove("MLmodel");
    if (!wanted.containsKey(onnx)) {
      throw new ModelLoadException(
          id, "MLmodel names " + onnx + ", which is not among the artifacts");
    }
    String tokenizer =
        beside(wanted, "tokenizer.json", onnxDir)
            .orElseThrow(
                () ->
                    new ModelLoadException(
                        id,
                        "no tokenizer.json beside MLmodel or "
                            + onnx
                            + "; log the tokenizer's files with the model"));
    Optional<String> config = beside(wanted, "config.json", onnxDir);
    long total = wanted.values().stream().mapToLong(s -> Math.max(0, s)).sum();
    if (total > budget) {
      throw new ModelLoadException(
          id,
          "its artifacts total "
              + total
              + " bytes, more than the download limit of "
              + maxBytes
              + " bytes (MODEL_CACHE_DOWNLOAD_MAX_MB)");
    }
    for (Map.Entry<String, Long> file : wanted.entrySet()) {
      budget -= get(id, root, file.getKey(), file.getValue(), into, budget, entries);
    }
    return new ArtifactManifest(id.name(), version, root, onnx, tokenizer, config, entries);
  }

  private long get(
      ModelId id,
      String root,
      String path,
      long size,
      Path into,
      long budget,
      Map<String, ArtifactManifest.Entry> entries)
      throws IOException {
    Path target = into.resolve(path);
    Files.createDirectories(target.getParent());
    Fetched fetched =
        fetcher.download(
            new Transfer(
                api.artifact(root + "/" + path),
                api.authorization(),
                target,
                size >= 0 ? Expected.ofSize(size) : Expected.unknown(),
                budget,
                id + " " + path));
    entries.put(path, new ArtifactManifest.Entry(fetched.size(), fetched.sha256()));
    return fetched.size();
  }

  private static void addFiles(
      Map<String, Long> wanted, String prefix, List<MlflowApi.ArtifactFile> files) {
    for (MlflowApi.ArtifactFile file : files) {
      if (!file.isDir() && WEIGHTS.stream().noneMatch(file.name()::endsWith)) {
        wanted.put(prefix + file.name(), file.size());
      }
    }
  }

  private static Optional<String> beside(Map<String, Long> wanted, String name, String onnxDir) {
    if (wanted.containsKey(name)) {
      return Optional.of(name);
    }
    String nested = onnxDir + "/" + name;
    return !onnxDir.isEmpty() && wanted.containsKey(nested)
        ? Optional.of(nested)
        : Optional.empty();
  }

  private static Optional<MlflowApi.ArtifactFile> find(
      List<MlflowApi.ArtifactFile> files, String name) {
    return files.stream().filter(f -> !f.isDir() && f.name().equals(name)).findFirst();
  }
}
