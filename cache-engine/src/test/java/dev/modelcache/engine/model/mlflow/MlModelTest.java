package dev.modelcache.engine.model.mlflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.engine.model.fake.FakeMlflow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading the onnx flavour out of MLmodel files, and the artifact proxy paths of versions. */
class MlModelTest {

  @Test
  void theOnnxFlavoursDataIsTheGraph() {
    MlModel model =
        MlModel.parse(new String(FakeMlflow.mlmodel("model.onnx", 10), StandardCharsets.UTF_8));

    assertEquals(List.of("onnx", "python_function"), model.flavors());
    assertEquals(Optional.of("model.onnx"), model.onnxData());
  }

  @Test
  void quotedAndNestedPathsAndOtherIndentsAreRead() {
    String yaml =
        "artifact_path: model\n"
            + "flavors:\n"
            + "    python_function:\n"
            + "        data: ignored.onnx\n"
            + "    onnx:\n"
            + "        code: null\n"
            + "        data: 'onnx/model.onnx'\n"
            + "        providers:\n"
            + "        - CPUExecutionProvider\n"
            + "run_id: abc\n";

    assertEquals(Optional.of("onnx/model.onnx"), MlModel.parse(yaml).onnxData());
  }

  @Test
  void aDataKeyOutsideTheOnnxFlavourIsNotTheGraph() {
    String yaml =
        "data: top.onnx\nflavors:\n  python_function:\n    data: model.onnx\n"
            + "  transformers:\n    code: null\n";

    MlModel model = MlModel.parse(yaml);

    assertEquals(Optional.empty(), model.onnxData());
    assertEquals(List.of("python_function", "transformers"), model.flavors());
  }

  @Test
  void artifactUrisOfTheProxyBecomeProxyPaths() throws IOException {
    assertEquals(
        "1/abc/artifacts/model", MlflowApi.artifactPath("mlflow-artifacts:/1/abc/artifacts/model"));
    assertEquals(
        "1/abc/artifacts/model",
        MlflowApi.artifactPath("mlflow-artifacts://mlflow:5000/1/abc/artifacts/model/"));
  }

  @Test
  void otherStoresAndEscapingPathsAreRefused() {
    IOException s3 =
        assertThrows(
            IOException.class, () -> MlflowApi.artifactPath("s3://bucket/1/abc/artifacts/model"));
    assertTrue(s3.getMessage().contains("--serve-artifacts"), s3.getMessage());
    assertThrows(IOException.class, () -> MlflowApi.artifactPath("mlflow-artifacts:/1/../../etc"));
    assertThrows(IOException.class, () -> MlflowApi.artifactPath("mlflow-artifacts:/"));
  }
}
