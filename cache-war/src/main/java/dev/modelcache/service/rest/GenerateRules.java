package dev.modelcache.service.rest;

import dev.modelcache.api.InvalidInputException;
import dev.modelcache.api.ModelId;
import dev.modelcache.api.rest.GenerateRequest;
import dev.modelcache.engine.generation.GenerationRequest;
import dev.modelcache.engine.generation.Sampling;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Checks a {@code POST /generate} body at the boundary and turns it into the engine's request: the
 * model name and the prompt as for {@code /predict} ({@link RequestFields}, {@link TextLimits});
 * {@code temperature} absent or 0 means greedy, and {@code top_p} and {@code seed} are refused
 * without a temperature above 0 (they would silently do nothing). The limits that depend on the
 * model and the service ({@code MAX_NEW_TOKENS}, the prompt's length in tokens) are the engine's.
 * Stateless.
 */
final class GenerateRules {
  private GenerateRules() {}

  static GenerationRequest read(GenerateRequest body, TextLimits limits) {
    if (body == null) {
      throw new InvalidInputException("a JSON body with text and model_name is required");
    }
    ModelId model = RequestFields.model(body.modelName());
    String prompt = RequestFields.text(body.text(), "text", limits);
    OptionalInt maxNewTokens =
        body.maxNewTokens() == null ? OptionalInt.empty() : OptionalInt.of(body.maxNewTokens());
    return new GenerationRequest(model, prompt, maxNewTokens, sampling(body));
  }

  private static Sampling sampling(GenerateRequest body) {
    double temperature = body.temperature() == null ? 0 : body.temperature();
    double topP = body.topP() == null ? 1 : body.topP();
    OptionalLong seed = body.seed() == null ? OptionalLong.empty() : OptionalLong.of(body.seed());
    try {
      return new Sampling(temperature, topP, seed);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(e.getMessage());
    }
  }
}
