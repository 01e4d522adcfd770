package dev.modelcache.engine.generation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.cache.ModelCache;
import dev.modelcache.engine.cache.Ticker;
import dev.modelcache.engine.model.fake.FakeHub;
import dev.modelcache.engine.model.hub.HubSettings;
import dev.modelcache.engine.model.hub.HubSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generation model downloaded from a Hub repository brings the graphs it loads and no others: an
 * encoder-decoder's encoder beside its decoder, the decoder with past beside a plain decoder, only
 * the merged decoder where there is one (and never PyTorch weights); then it generates the
 * reference tokens.
 */
class GenerationModelsComeFromTheHubWithTheGraphsTheyNeedTest {
  @TempDir Path cache;

  @Test
  void eachFamilyIsFetchedWithWhatItLoadsAndGeneratesTheReference() throws IOException {
    Map<String, List<String>> fetched;
    try (FakeHub hub = FakeHub.start()) {
      for (String family : GenerationFixtures.FAMILIES) {
        hub.addRepo(
            "acme/" + family,
            GenerationFixtures.root().resolve(family),
            Map.of("pytorch_model.bin", new byte[] {1, 2, 3}),
            Optional.empty());
      }
      HubSource source =
          new HubSource(
              HubSettings.defaults(cache)
                  .withEndpoint(hub.endpoint())
                  .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5)));
      try (ModelCache models = GenerationFixtures.cache(true, 3, Ticker.system(), source)) {
        Generator generator = GenerationFixtures.generator(models, Ticker.system(), 2, 1);
        for (String family : GenerationFixtures.FAMILIES) {
          GenerationFixtures.Case expected =
              GenerationFixtures.reference(GenerationFixtures.root().resolve(family))
                  .cases()
                  .get(0);
          Generation g =
              generator.generate(
                  GenerationRequest.greedy(
                      ModelId.of("acme/" + family), expected.prompt(), expected.maxNewTokens()),
                  TokenListener.NONE);
          assertArrayEquals(expected.tokenIds(), g.tokenIds(), family);
        }
      }
      fetched =
          GenerationFixtures.FAMILIES.stream()
              .collect(Collectors.toMap(f -> f, f -> snapshotFiles("models--acme--" + f)));
    }
    List<String> configs = List.of("config.json", "generation_config.json", "tokenizer.json");
    assertEquals(with(configs, "onnx/decoder_model_merged.onnx"), fetched.get("tiny-gpt2"));
    assertEquals(
        with(configs, "decoder_model.onnx", "decoder_with_past_model.onnx", "encoder_model.onnx"),
        fetched.get("tiny-t5"));
    assertEquals(
        with(configs, "decoder_model_merged.onnx", "encoder_model.onnx"), fetched.get("tiny-bart"));
  }

  private List<String> snapshotFiles(String repo) {
    try (Stream<Path> snapshots = Files.list(cache.resolve(repo).resolve("snapshots"));
        Stream<Path> files = Files.walk(snapshots.findFirst().orElseThrow())) {
      Path root = cache.resolve(repo).resolve("snapshots");
      return files
          .filter(p -> !Files.isDirectory(p))
          .map(p -> root.relativize(p).toString())
          .map(p -> p.substring(p.indexOf('/') + 1))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<String> with(List<String> configs, String... graphs) {
    TreeSet<String> all = new TreeSet<>(configs);
    all.addAll(List.of(graphs));
    return List.copyOf(all);
  }
}
