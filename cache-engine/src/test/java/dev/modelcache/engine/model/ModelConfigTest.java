package dev.modelcache.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.ModelId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelConfigTest {
  private static final Path MODELS = Paths.get(System.getProperty("modelcache.fixtures"), "models");

  @TempDir Path dir;

  @Test
  void readsAFixtureClassifier() throws IOException {
    ModelConfig config = ModelConfig.read(filesIn(MODELS.resolve("tiny-a")));

    assertEquals(List.of("BertForSequenceClassification"), config.architectures());
    assertEquals(List.of("NEGATIVE", "POSITIVE"), config.labels());
    assertEquals(OptionalInt.of(128), config.maxPositions());
    assertTrue(config.isSequenceClassifier());
  }

  @Test
  void readsAFixtureEncoderWithoutLabels() throws IOException {
    ModelConfig config = ModelConfig.read(filesIn(MODELS.resolve("tiny-embed")));

    assertEquals(List.of("BertModel"), config.architectures());
    assertEquals(List.of(), config.labels());
    assertFalse(config.isSequenceClassifier());
  }

  @Test
  void labelsAreOrderedByNumericIndexNotByText() throws IOException {
    StringBuilder id2label = new StringBuilder();
    List<String> expected = new ArrayList<>();
    // Written out of order; as strings "10" and "11" would sort before "2".
    for (int i : new int[] {11, 10, 9, 2, 1, 0, 3, 4, 5, 6, 7, 8}) {
      id2label.append(id2label.length() == 0 ? "" : ",").append("\"" + i + "\":\"L" + i + "\"");
    }
    for (int i = 0; i < 12; i++) {
      expected.add("L" + i);
    }

    ModelConfig config = read("{\"id2label\":{" + id2label + "}}");

    assertEquals(expected, config.labels());
    assertEquals("L9", config.label(9));
    assertEquals("L10", config.label(10));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"0\":\"A\",\"2\":\"C\"}",
        "{\"1\":\"B\",\"2\":\"C\"}",
        "{\"0\":\"A\",\"1\":\"B\",\"3\":\"D\"}"
      })
  void labelsWithAGapAreRejected(String id2label) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> read("{\"id2label\":" + id2label + "}"));

    assertTrue(e.getMessage().contains("id2label"), e.getMessage());
  }

  @Test
  void aLabelKeyThatIsNotAnIndexIsRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> read("{\"id2label\":{\"zero\":\"A\"}}"));

    assertTrue(e.getMessage().contains("zero"), e.getMessage());
  }

  @Test
  void aModelWithoutConfigHasTheEmptyConfig() throws IOException {
    Files.writeString(dir.resolve("model.onnx"), "graph");
    ModelFiles files = ModelFiles.in(ModelId.of("bare"), dir).orElseThrow();

    assertSame(ModelConfig.EMPTY, ModelConfig.read(files));
    assertEquals(List.of(), ModelConfig.EMPTY.labels());
    assertEquals(OptionalInt.empty(), ModelConfig.EMPTY.maxPositions());
    assertEquals("LABEL_1", ModelConfig.EMPTY.label(1));
  }

  @Test
  void sentenceBertMaxSeqLengthCapsMaxPositions() throws IOException {
    Files.writeString(dir.resolve("sentence_bert_config.json"), "{\"max_seq_length\": 256}");

    assertEquals(OptionalInt.of(256), read("{\"max_position_embeddings\": 512}").maxPositions());
  }

  @Test
  void sentenceBertMaxSeqLengthNeverRaisesMaxPositions() throws IOException {
    Files.writeString(dir.resolve("sentence_bert_config.json"), "{\"max_seq_length\": 1024}");

    assertEquals(OptionalInt.of(512), read("{\"max_position_embeddings\": 512}").maxPositions());
  }

  @Test
  void sentenceBertMaxSeqLengthAloneIsUsed() throws IOException {
    Files.writeString(dir.resolve("sentence_bert_config.json"), "{\"max_seq_length\": 128}");

    assertEquals(OptionalInt.of(128), read("{}").maxPositions());
  }

  @Test
  void noLengthAnywhereIsUnknown() throws IOException {
    assertEquals(
        OptionalInt.empty(), read("{\"max_position_embeddings\": \"512\"}").maxPositions());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{not json", "{\"id2label\": {\"0\": \"A\",}", "[1, 2]", "\"text\""})
  void invalidConfigJsonNamesTheFile(String content) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(content));

    assertTrue(e.getMessage().contains("config.json"), e.getMessage());
  }

  @Test
  void invalidSentenceBertConfigNamesThatFile() throws IOException {
    Files.writeString(dir.resolve("sentence_bert_config.json"), "{\"max_seq_length\": ");

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> read("{\"max_position_embeddings\": 512}"));

    assertTrue(e.getMessage().contains("sentence_bert_config.json"), e.getMessage());
  }

  @Test
  void labelFallsBackToTransformersNames() throws IOException {
    ModelConfig config = read("{\"id2label\":{\"0\":\"NEG\",\"1\":\"POS\"}}");

    assertEquals("NEG", config.label(0));
    assertEquals("POS", config.label(1));
    assertEquals("LABEL_2", config.label(2));
    assertEquals("LABEL_0", read("{}").label(0));
  }

  @Test
  void theSequenceClassifierIsRecognisedByItsArchitecture() throws IOException {
    assertTrue(
        read("{\"architectures\":[\"RobertaForSequenceClassification\"]}").isSequenceClassifier());
    assertFalse(read("{\"architectures\":[\"BertForMaskedLM\"]}").isSequenceClassifier());
    assertFalse(read("{}").isSequenceClassifier());
  }

  @Test
  void gpt2NamesItsPositionsNPositions() throws IOException {
    assertEquals(
        OptionalInt.of(1024),
        read("{\"model_type\": \"gpt2\", \"n_positions\": 1024}").maxPositions());
  }

  @Test
  void robertaLosesThePositionsItsNumberingSkips() throws IOException {
    ModelConfig roberta =
        read(
            "{\"model_type\": \"roberta\", \"max_position_embeddings\": 514, \"pad_token_id\": 1}");

    assertEquals(OptionalInt.of(512), roberta.maxPositions());
    assertEquals(OptionalInt.of(1), roberta.padTokenId());
    assertEquals(
        OptionalInt.of(512),
        read("{\"model_type\": \"bert\", \"max_position_embeddings\": 512}").maxPositions());
  }

  @Test
  void theTokenizersModelMaxLengthCapsTheLengthUnlessItMeansNoLimit() throws IOException {
    Files.writeString(dir.resolve("tokenizer_config.json"), "{\"model_max_length\": 48}");
    assertEquals(OptionalInt.of(48), read("{\"max_position_embeddings\": 512}").maxPositions());
    assertEquals(OptionalInt.of(48), read("{\"model_type\": \"t5\"}").maxPositions());

    Files.writeString(
        dir.resolve("tokenizer_config.json"),
        "{\"model_max_length\": 1000000000000000019884624838656}");
    assertEquals(OptionalInt.of(512), read("{\"max_position_embeddings\": 512}").maxPositions());
    Files.writeString(dir.resolve("tokenizer_config.json"), "{\"model_max_length\": 1e30}");
    assertEquals(OptionalInt.empty(), read("{\"model_type\": \"t5\"}").maxPositions());
  }

  @Test
  void problemTypeSaysWhetherLabelsAreExclusive() throws IOException {
    assertTrue(read("{\"problem_type\": \"multi_label_classification\"}").multiLabel());
    assertFalse(read("{\"problem_type\": \"single_label_classification\"}").multiLabel());
    assertFalse(read("{}").multiLabel());
  }

  @Test
  void familiesAreKnownByModelType() throws IOException {
    ModelConfig gpt2 =
        read("{\"model_type\": \"GPT2\", \"architectures\": [\"GPT2ForSequenceClassification\"]}");
    ModelConfig bart =
        read(
            "{\"model_type\": \"bart\", \"eos_token_id\": 2, \"architectures\":"
                + " [\"BartForSequenceClassification\"]}");

    assertEquals("gpt2", gpt2.modelType());
    assertTrue(gpt2.isDecoder());
    assertFalse(gpt2.classifiesAtEos());
    assertTrue(bart.classifiesAtEos());
    assertEquals(OptionalInt.of(2), bart.eosTokenId());
    assertFalse(
        read("{\"model_type\": \"bart\", \"architectures\": [\"BartModel\"]}").classifiesAtEos());
  }

  private ModelConfig read(String configJson) throws IOException {
    Files.writeString(dir.resolve("config.json"), configJson);
    return ModelConfig.read(filesIn(dir));
  }

  /** The files of a model folder; reading the config needs no graph, so none is required. */
  private static ModelFiles filesIn(Path directory) {
    return new ModelFiles(
        ModelId.of("config-test"),
        directory,
        directory.resolve("model.onnx"),
        directory.resolve("tokenizer.json"),
        Optional.of(directory.resolve("config.json")));
  }
}
