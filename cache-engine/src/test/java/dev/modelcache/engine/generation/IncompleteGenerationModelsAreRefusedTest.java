package dev.modelcache.engine.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.modelcache.api.ModelId;
import dev.modelcache.api.ModelLoadException;
import dev.modelcache.engine.cache.ModelCache;
import dev.modelcache.engine.cache.ModelLease;
import dev.modelcache.engine.cache.Ticker;
import dev.modelcache.engine.inference.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generation model whose export is incomplete or of a kind this engine does not run is refused at
 * load with a message that says what is missing, and nothing is cached: an encoder-decoder without
 * its encoder, a decoder with past that cannot start a sequence, no decoder start token, a graph
 * that needs an input the engine does not feed.
 */
class IncompleteGenerationModelsAreRefusedTest {
  @TempDir Path models;

  @Test
  void anEncoderDecoderWithoutItsEncoder() throws IOException {
    Path t5 = copy("tiny-t5");
    Files.delete(t5.resolve("encoder_model.onnx"));
    assertRefused("tiny-t5", "is_encoder_decoder but there is no encoder_model.onnx");
  }

  @Test
  void aDecoderWithPastAloneCannotStartAnEncoderDecodersSequence() throws IOException {
    Path t5 = copy("tiny-t5");
    Files.delete(t5.resolve("decoder_model.onnx"));
    assertRefused("tiny-t5", "decoder_with_past_model.onnx cannot start a sequence");
  }

  @Test
  void anEncoderDecoderWithoutADecoderStartToken() throws IOException {
    Path bart = copy("tiny-bart");
    for (String file : new String[] {"config.json", "generation_config.json"}) {
      Path path = bart.resolve(file);
      JsonObject json =
          JsonParser.parseString(Files.readString(path, StandardCharsets.UTF_8)).getAsJsonObject();
      json.remove("decoder_start_token_id");
      Files.writeString(path, json.toString(), StandardCharsets.UTF_8);
    }
    assertRefused("tiny-bart", "needs decoder_start_token_id");
  }

  @Test
  void aDecoderThatNeedsAnInputTheEngineDoesNotFeed() throws IOException {
    Path gpt2 = copy("tiny-gpt2");
    Files.delete(gpt2.resolve("onnx/decoder_model_merged.onnx"));
    Files.delete(gpt2.resolve("onnx/decoder_with_past_model.onnx"));
    // A BERT classifier's graph under the decoder's name: it wants token_type_ids.
    Files.copy(
        Fixtures.tinyModels().resolve("tiny-a/model.onnx"),
        gpt2.resolve("onnx/decoder_model.onnx"),
        StandardCopyOption.REPLACE_EXISTING);
    assertRefused("tiny-gpt2", "needs input 'token_type_ids'");
  }

  private Path copy(String family) throws IOException {
    Path target = models.resolve(family);
    Fixtures.copyTree(GenerationFixtures.root().resolve(family), target);
    return target;
  }

  private void assertRefused(String name, String reason) {
    try (ModelCache cache = GenerationFixtures.cache(true, 2, Ticker.system(), models)) {
      ModelLoadException e =
          assertThrows(ModelLoadException.class, () -> acquire(cache, ModelId.of(name)));
      assertTrue(e.getMessage().contains(reason), e.getMessage());
      assertTrue(!e.getMessage().contains(models.toString()), "no server paths: " + e.getMessage());
      assertEquals(0, cache.stats().models().size());
      assertEquals(1, cache.stats().loadFailureCount());
    }
  }

  private static void acquire(ModelCache cache, ModelId id) {
    try (ModelLease lease = cache.acquire(id)) {
      lease.id();
    }
  }
}
