package dev.modelcache.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GraphChoiceTest {

  @Test
  void theStandardChoiceIsTheRootGraphThenTheOnnxFolderThenAGenerationDecoder() {
    assertEquals(
        List.of(
            "model.onnx",
            "onnx/model.onnx",
            "decoder_model_merged.onnx",
            "onnx/decoder_model_merged.onnx",
            "decoder_model.onnx",
            "onnx/decoder_model.onnx",
            "decoder_with_past_model.onnx",
            "onnx/decoder_with_past_model.onnx"),
        GraphChoice.standard().candidates());
    assertEquals(
        Optional.of("model.onnx"),
        GraphChoice.standard().pick(List.of("onnx/model.onnx", "model.onnx")));
    assertEquals(Optional.empty(), GraphChoice.standard().pick(List.of("onnx/model_fp16.onnx")));
    assertEquals(
        Optional.of("onnx/decoder_model_merged.onnx"),
        GraphChoice.standard()
            .pick(
                List.of(
                    "onnx/decoder_model.onnx",
                    "onnx/decoder_model_merged.onnx",
                    "onnx/encoder_model.onnx")));
  }

  @Test
  void aVariantNameMeansTheOptimumFileNamesAndFallsBack() {
    GraphChoice quantized = GraphChoice.preferring("quantized");

    assertEquals(
        List.of(
            "onnx/model_quantized.onnx", "model_quantized.onnx", "model.onnx", "onnx/model.onnx"),
        quantized.candidates().subList(0, 4));
    assertEquals(Optional.of("model.onnx"), quantized.pick(List.of("model.onnx")));
  }

  @Test
  void aVariantPathIsUsedAsItIs() {
    assertEquals(
        Optional.of("onnx/model_int8.onnx"),
        GraphChoice.preferring("onnx/model_int8.onnx")
            .pick(List.of("onnx/model.onnx", "onnx/model_int8.onnx")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "../x.onnx", "/abs.onnx", "a//b.onnx", "with space", "..", "a/../b.onnx"})
  void unsafeVariantsAreRefused(String variant) {
    assertThrows(IllegalArgumentException.class, () -> GraphChoice.preferring(variant));
  }
}
