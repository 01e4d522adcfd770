package dev.modelcache.engine.generation;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.modelcache.engine.cache.CacheConfig;
import dev.modelcache.engine.cache.ModelCache;
import dev.modelcache.engine.cache.Ticker;
import dev.modelcache.engine.inference.ExecutionProviders;
import dev.modelcache.engine.inference.Fixtures;
import dev.modelcache.engine.inference.InferenceOptions;
import dev.modelcache.engine.inference.OnnxModelLoader;
import dev.modelcache.engine.integrity.ModelIntegrity;
import dev.modelcache.engine.model.LocalDirectorySource;
import dev.modelcache.engine.model.ModelSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The generation fixtures ({@code fixtures/generation}, made by {@code
 * tools/models/families/gen_make.py}), their references, and caches and generators over them.
 */
final class GenerationFixtures {
  static final List<String> FAMILIES = List.of("tiny-gpt2", "tiny-t5", "tiny-bart");

  private GenerationFixtures() {}

  /** {@code fixtures/generation}. */
  static Path root() {
    return Fixtures.root().resolve("generation");
  }

  /** A tokenizer case: a text and its ids. */
  record TokenCase(String text, long[] inputIds) {}

  /** A generation case: a prompt, its ids, the greedy tokens of the torch module and its text. */
  record Case(
      String prompt,
      long[] promptIds,
      int maxNewTokens,
      long[] tokenIds,
      String finishReason,
      String text) {}

  record Reference(String tokenizer, List<TokenCase> tokenCases, List<Case> cases) {}

  static Reference reference(Path folder) {
    try {
      JsonObject json =
          JsonParser.parseString(
                  Files.readString(folder.resolve("reference.json"), StandardCharsets.UTF_8))
              .getAsJsonObject();
      List<TokenCase> tokens = new ArrayList<>();
      for (JsonElement e : json.getAsJsonArray("token_cases")) {
        JsonObject c = e.getAsJsonObject();
        tokens.add(new TokenCase(c.get("text").getAsString(), longs(c, "input_ids")));
      }
      List<Case> cases = new ArrayList<>();
      for (JsonElement e : json.getAsJsonArray("generation_cases")) {
        JsonObject c = e.getAsJsonObject();
        cases.add(
            new Case(
                c.get("prompt").getAsString(),
                longs(c, "prompt_ids"),
                c.get("max_new_tokens").getAsInt(),
                longs(c, "token_ids"),
                c.get("finish_reason").getAsString(),
                c.get("generated_text").getAsString()));
      }
      return new Reference(json.get("tokenizer").getAsString(), tokens, cases);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A cache over {@code roots}' models that loads generation models with or without the cache. */
  static ModelCache cache(boolean useCache, int maxModels, Ticker ticker, Path... roots) {
    List<ModelSource> sources = new ArrayList<>();
    for (Path root : roots) {
      sources.add(new LocalDirectorySource(root));
    }
    return cache(useCache, maxModels, ticker, ModelSource.chain(sources));
  }

  /** A cache over {@code source}'s models, as {@link #cache(boolean, int, Ticker, Path...)}. */
  static ModelCache cache(boolean useCache, int maxModels, Ticker ticker, ModelSource source) {
    InferenceOptions options = InferenceOptions.DEFAULTS.withBatchSize(2).withWarmupTokens(8);
    OnnxModelLoader loader =
        new OnnxModelLoader(
            source,
            options,
            ModelIntegrity.checkIfPresent(),
            ExecutionProviders.cpu(),
            List.of(new GenerationLoader(options, useCache)));
    return new ModelCache(
        loader, CacheConfig.builder().maxModels(maxModels).ticker(ticker).build());
  }

  /** A generator with room for {@code maxGenerations} at once and {@code slots} steps at once. */
  static Generator generator(ModelCache cache, Ticker ticker, int maxGenerations, int slots) {
    return new Generator(
        cache,
        new GenerationOptions(64, 32, maxGenerations, slots, Duration.ofSeconds(60)),
        ticker);
  }

  private static long[] longs(JsonObject json, String field) {
    return json.getAsJsonArray(field).asList().stream().mapToLong(JsonElement::getAsLong).toArray();
  }
}
