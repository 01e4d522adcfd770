package dev.modelcache.service.rest;

import dev.modelcache.api.ModelId;
import dev.modelcache.api.rest.GenerateRequest;
import dev.modelcache.api.rest.GenerateResponse;
import dev.modelcache.engine.generation.Generation;
import dev.modelcache.engine.generation.GenerationRequest;
import dev.modelcache.engine.generation.Generator;
import dev.modelcache.engine.generation.OpenGeneration;
import dev.modelcache.engine.generation.TokenListener;
import dev.modelcache.service.ModelCacheService;
import dev.modelcache.service.metrics.PredictionMeter;
import dev.modelcache.service.metrics.RequestMetrics;
import dev.modelcache.service.security.Caller;
import dev.modelcache.service.security.RateLimiter;
import dev.modelcache.service.security.SecurityService;
import java.security.Principal;

/**
 * What {@code POST /generate} does once the guards let the request in and its body is read, for
 * both of its doors: the JAX-RS {@link GenerateResource} (one JSON answer) and the {@link
 * GenerateEventsFilter} (server-sent events). Checks the body ({@link GenerateRules}), runs the
 * engine's {@link Generator}, records the request ({@link PredictionMeter}, endpoint {@code
 * generate}) and charges its further tokens to the caller's rate: a generation costs one rate token
 * per generated token, as a batch costs one per text (the door took the first). A plain object;
 * immutable and thread-safe.
 */
final class GenerateOne {
  /** The endpoint's label in metrics. */
  static final String ENDPOINT = "generate";

  private final Generator generator;
  private final TextLimits limits;
  private final PredictionMeter meter;
  private final RateLimiter rates;

  private GenerateOne(
      Generator generator, TextLimits limits, PredictionMeter meter, RateLimiter rates) {
    this.generator = generator;
    this.limits = limits;
    this.meter = meter;
    this.rates = rates;
  }

  static GenerateOne of(
      ModelCacheService service, RequestMetrics metrics, SecurityService security) {
    return new GenerateOne(
        service.generator(),
        TextLimits.of(service.config()),
        metrics.meter(),
        security.rateLimiter());
  }

  /**
   * The whole answer at once.
   *
   * @param caller the request's principal, or null
   * @throws dev.modelcache.api.ModelCacheException typed failures, mapped to HTTP by the caller
   */
  GenerateResponse answer(GenerateRequest body, Principal caller) {
    GenerationRequest request = GenerateRules.read(body, limits);
    Generation generation = generator.generate(request, TokenListener.NONE);
    finished(request.model(), generation, caller);
    return Responses.generation(generation, request.model().toString());
  }

  /**
   * A generation admitted and ready to stream: every refusal comes from here, before a byte of the
   * answer is sent. The caller closes it.
   */
  OpenGeneration open(GenerateRequest body) {
    return generator.start(GenerateRules.read(body, limits));
  }

  /** Records a generation that ended well, and charges its further tokens to the caller's rate. */
  void finished(ModelId model, Generation generation, Principal caller) {
    meter.record(ENDPOINT, model, 1, generation.nanos(), generation.modelWasLoaded());
    chargeFurtherTokens(rates, caller, generation);
  }

  /**
   * Charges a generation's tokens after the first (which the door took) to the caller's bucket,
   * into debt if need be, as a batch's further texts are charged.
   */
  static void chargeFurtherTokens(RateLimiter rates, Principal caller, Generation generation) {
    if (caller instanceof Caller c) {
      rates.charge(c.bucket(), generation.generatedTokens() - 1);
    }
  }
}
