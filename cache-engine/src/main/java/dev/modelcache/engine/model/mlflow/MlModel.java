package dev.modelcache.engine.model.mlflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The part of an {@code MLmodel} file this service reads: which flavours it has, and the {@code
 * data} file of its {@code onnx} flavour. A small reader for the block-style YAML MLflow writes
 * ({@code yaml.safe_dump}), not a YAML parser: it looks for {@code flavors:} at the top level, a
 * flavour key one level in, and {@code data:} one level below that.
 *
 * @param flavors the flavour names, in file order
 * @param onnxData the ONNX graph's path relative to the model folder, if there is an onnx flavour
 */
record MlModel(List<String> flavors, Optional<String> onnxData) {

  static MlModel parse(String yaml) {
    List<String> flavors = new ArrayList<>();
    String onnxData = null;
    boolean inFlavors = false;
    int flavorIndent = -1;
    String flavor = null;
    int fieldIndent = -1;
    for (String raw : yaml.split("\r?\n")) {
      if (raw.isBlank() || raw.trim().startsWith("#")) {
        continue;
      }
      int indent = raw.length() - raw.stripLeading().length();
      String line = raw.trim();
      if (indent == 0) {
        inFlavors = line.equals("flavors:");
        flavor = null;
        continue;
      }
      if (!inFlavors) {
        continue;
      }
      if (flavorIndent < 0) {
        flavorIndent = indent;
      }
      if (indent == flavorIndent && line.endsWith(":")) {
        flavor = line.substring(0, line.length() - 1).trim();
        flavors.add(flavor);
        fieldIndent = -1;
      } else if (indent > flavorIndent && "onnx".equals(flavor)) {
        if (fieldIndent < 0) {
          fieldIndent = indent;
        }
        if (indent == fieldIndent && line.startsWith("data:")) {
          onnxData = unquote(line.substring("data:".length()).trim());
        }
      }
    }
    return new MlModel(flavors, Optional.ofNullable(onnxData).filter(d -> !d.isEmpty()));
  }

  private static String unquote(String value) {
    if (value.length() >= 2
        && (value.startsWith("'") && value.endsWith("'")
            || value.startsWith("\"") && value.endsWith("\""))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }
}
