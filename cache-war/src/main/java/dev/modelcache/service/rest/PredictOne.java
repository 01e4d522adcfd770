package dev.modelcache.service.rest;

import dev.modelcache.api.InvalidInputException;
import dev.modelcache.api.ModelId;
import dev.modelcache.api.rest.PredictRequest;
import dev.modelcache.api.rest.PredictResponse;
import dev.modelcache.engine.batching.Prediction;
import dev.modelcache.engine.batching.Predictor;
import dev.modelcache.engine.batching.ZeroShotPrediction;
import dev.modelcache.engine.inference.ZeroShotQuery;
import dev.modelcache.service.ModelCacheService;
import dev.modelcache.service.metrics.PredictionMeter;
import dev.modelcache.service.metrics.RequestMetrics;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * What {@code POST /predict} does once the guards let the request in and its body is read: checks
 * the model name and the text ({@link RequestFields}, {@link TextLimits}), runs the text through
 * the engine's {@link Predictor}, records the request ({@link PredictionMeter}) and makes the
 * answer ({@link Responses}); with {@code candidate_labels}, classifies zero-shot instead. Both
 * front doors call it: the JAX-RS {@link PredictResource} and the lean {@link PredictFilter}. A
 * plain object; immutable and thread-safe.
 */
final class PredictOne {
  /** The endpoint's label in metrics. */
  static final String ENDPOINT = "predict";

  private final Predictor predictor;
  private final TextLimits limits;
  private final PredictionMeter meter;

  private PredictOne(Predictor predictor, TextLimits limits, PredictionMeter meter) {
    this.predictor = predictor;
    this.limits = limits;
    this.meter = meter;
  }

  /** The rules over the service's engine and meter, looked up once here. */
  static PredictOne of(ModelCacheService service, RequestMetrics metrics) {
    return new PredictOne(service.predictor(), TextLimits.of(service.config()), metrics.meter());
  }

  /**
   * The answer to one request.
   *
   * @param request the body as read, or null without one
   * @param extraRuns told, before a zero-shot request runs, how many model runs it costs beyond the
   *     first (one per candidate label), so the caller's rate limit can charge them as a batch's
   *     texts are charged
   * @throws dev.modelcache.api.ModelCacheException typed failures, mapped to HTTP by the caller
   */
  PredictResponse answer(PredictRequest request, IntConsumer extraRuns) {
    if (request == null) {
      throw new InvalidInputException("a JSON body with text and model_name is required");
    }
    ModelId model = RequestFields.model(request.modelName());
    String text = RequestFields.text(request.text(), "text", limits);
    if (request.candidateLabels() != null) {
      ZeroShotQuery query = RequestFields.zeroShot(text, request, limits);
      extraRuns.accept(query.candidateLabels().size() - 1);
      ZeroShotPrediction z = predictor.zeroShot(model, query);
      meter.record(ENDPOINT, model, z.pairs(), z.nanos(), z.modelWasLoaded());
      return Responses.zeroShot(
          z.result(), model.toString(), Responses.millis(z.nanos()), z.modelWasLoaded());
    }
    if (request.hypothesisTemplate() != null || request.multiLabel() != null) {
      throw new InvalidInputException(
          "hypothesis_template and multi_label belong to zero-shot requests, which name"
              + " candidate_labels");
    }
    Prediction p = predictor.predict(model, List.of(text));
    meter.record(ENDPOINT, model, 1, p.nanos(), p.modelWasLoaded());
    return Responses.prediction(
        p.results().get(0),
        model.toString(),
        Responses.millis(p.nanos()),
        p.modelWasLoaded(),
        p.fromResponseCache().get(0));
  }
}
