package dev.modelcache.engine.model.mlflow;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.modelcache.api.ModelId;
import dev.modelcache.engine.model.ModelFiles;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What was downloaded for one model version, written beside its files as {@value
 * MlflowCache#MANIFEST}: where it came from, which file is the graph, the tokenizer and the config,
 * and each file's size and SHA-256, so that a later reuse can check the copy is whole.
 *
 * @param name the registered model
 * @param version its version
 * @param artifactPath the artifact proxy path it was downloaded from
 * @param onnx the graph, relative to the version folder
 * @param tokenizer {@code tokenizer.json}, relative to the version folder
 * @param config {@code config.json}, relative to the version folder, if any
 * @param files every downloaded file by relative path
 */
record ArtifactManifest(
    String name,
    int version,
    String artifactPath,
    String onnx,
    String tokenizer,
    Optional<String> config,
    Map<String, Entry> files) {

  /** One downloaded file: its size in bytes and its SHA-256, lower-case hex. */
  record Entry(long size, String sha256) {}

  ArtifactManifest {
    files = Map.copyOf(files);
  }

  /** The model's files in {@code directory}, named as {@code id} was asked for. */
  ModelFiles modelFiles(ModelId id, Path directory) {
    return new ModelFiles(
        id,
        directory,
        directory.resolve(onnx),
        directory.resolve(tokenizer),
        config.map(directory::resolve));
  }

  String toJson() {
    JsonObject json = new JsonObject();
    json.addProperty("name", name);
    json.addProperty("version", version);
    json.addProperty("artifact_path", artifactPath);
    json.addProperty("onnx", onnx);
    json.addProperty("tokenizer", tokenizer);
    config.ifPresent(c -> json.addProperty("config", c));
    JsonObject entries = new JsonObject();
    new TreeMap<>(files)
        .forEach(
            (path, entry) -> {
              JsonObject e = new JsonObject();
              e.addProperty("size", entry.size());
              e.addProperty("sha256", entry.sha256());
              entries.add(path, e);
            });
    json.add("files", entries);
    return json.toString();
  }

  /** Parses a manifest; a malformed one throws a RuntimeException (the copy is then refetched). */
  static ArtifactManifest fromJson(String text) {
    JsonObject json = JsonParser.parseString(text).getAsJsonObject();
    Map<String, Entry> files = new TreeMap<>();
    json.getAsJsonObject("files")
        .entrySet()
        .forEach(
            e -> {
              JsonObject entry = e.getValue().getAsJsonObject();
              files.put(
                  e.getKey(),
                  new Entry(entry.get("size").getAsLong(), entry.get("sha256").getAsString()));
            });
    return new ArtifactManifest(
        json.get("name").getAsString(),
        json.get("version").getAsInt(),
        json.get("artifact_path").getAsString(),
        json.get("onnx").getAsString(),
        json.get("tokenizer").getAsString(),
        Optional.ofNullable(json.get("config")).map(c -> c.getAsString()),
        files);
  }
}
