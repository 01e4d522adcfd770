package dev.modelcache.engine.inference;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.modelcache.api.ModelId;
import dev.modelcache.api.ModelLoadException;
import dev.modelcache.engine.model.LocalDirectorySource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the engine cannot run correctly it refuses at load, with a message that says what is missing
 * and what to do, instead of answering with wrong numbers: a slow tokenizer without tokenizer.json,
 * a GPT-2 classifier without pad_token_id, a text generator's graph, a sentence-transformers model
 * whose modules.json needs a step the engine does not run.
 */
class UnsupportedModelsAreRefusedWithWhatToDoTest {
  @TempDir Path root;

  private Path copy(String family) throws IOException {
    Path folder = root.resolve(family);
    Fixtures.copyTree(FamilyReference.root().resolve(family), folder);
    return folder;
  }

  private String refusal(String name) {
    OnnxModelLoader loader =
        new OnnxModelLoader(
            new LocalDirectorySource(root), InferenceOptions.DEFAULTS.withWarmupTokens(16));
    return assertThrows(ModelLoadException.class, () -> loader.load(ModelId.of(name)).close())
        .getMessage();
  }

  private static void assertContains(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), "'" + part + "' is not in: " + message);
    }
  }

  @Test
  void aSlowTokenizerWithoutTokenizerJsonIsNamedAndTheWayToConvertItGiven() throws IOException {
    Path t5 = copy("enc-t5-embed-mean");
    Files.delete(t5.resolve("tokenizer.json"));
    Files.write(t5.resolve("spiece.model"), new byte[] {1, 2, 3});
    Path bert = copy("enc-distilbert");
    Files.delete(bert.resolve("tokenizer.json"));

    assertContains(
        refusal("enc-t5-embed-mean"),
        "no tokenizer.json, only a slow tokenizer's spiece.model",
        "save the tokenizer as tokenizer.json");
    assertContains(refusal("enc-distilbert"), "the model folder has no tokenizer.json");
  }

  @Test
  void aGpt2ClassifierWithoutPadTokenIdIsRefused() throws IOException {
    Path gpt2 = copy("enc-gpt2");
    Path config = gpt2.resolve("config.json");
    JsonObject json = JsonParser.parseString(Files.readString(config)).getAsJsonObject();
    json.remove("pad_token_id");
    Files.writeString(config, json.toString());

    assertContains(
        refusal("enc-gpt2"),
        "config.json sets no pad_token_id",
        "gpt2 sequence classifier finds each text's last token by it");
  }

  @Test
  void aTextGeneratorsGraphIsNotRunByPredict() throws IOException {
    // "attention_mask" and "past_key_value" have the same length: the renamed graph stays valid.
    Path roberta = copy("enc-roberta");
    Path graph = roberta.resolve("model.onnx");
    byte[] bytes = Files.readAllBytes(graph);
    byte[] from = "attention_mask".getBytes(StandardCharsets.US_ASCII);
    byte[] to = "past_key_value".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i + from.length <= bytes.length; i++) {
      if (Arrays.equals(bytes, i, i + from.length, from, 0, from.length)) {
        System.arraycopy(to, 0, bytes, i, to.length);
      }
    }
    Files.write(graph, bytes);

    assertContains(
        refusal("enc-roberta"),
        "the graph needs input 'past_key_value'",
        "this is a text generator's graph");
  }

  @Test
  void aSentenceTransformersStepTheEngineDoesNotRunIsNamed() throws IOException {
    Path t5 = copy("enc-t5-embed-mean");
    Files.writeString(
        t5.resolve("modules.json"),
        "[{\"idx\": 0, \"name\": \"0\", \"path\": \"\", \"type\":"
            + " \"sentence_transformers.models.Transformer\"}, {\"idx\": 1, \"name\": \"1\","
            + " \"path\": \"1_Pooling\", \"type\": \"sentence_transformers.models.Pooling\"},"
            + " {\"idx\": 2, \"name\": \"2\", \"path\": \"2_Dense\", \"type\":"
            + " \"sentence_transformers.models.Dense\"}]");

    assertContains(
        refusal("enc-t5-embed-mean"),
        "modules.json has steps this engine does not run: 2_Dense",
        "sentence_embedding output");
  }
}
