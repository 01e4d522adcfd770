package dev.modelcache.service.rest;

import dev.modelcache.api.rest.BatchingInfo;
import dev.modelcache.api.rest.GenerateResponse;
import dev.modelcache.api.rest.LogEntry;
import dev.modelcache.api.rest.ModelInfo;
import dev.modelcache.api.rest.PredictResponse;
import dev.modelcache.api.rest.ResponseCacheInfo;
import dev.modelcache.engine.batching.BatcherStats;
import dev.modelcache.engine.batching.ResponseCacheStats;
import dev.modelcache.engine.cache.CacheEvent;
import dev.modelcache.engine.cache.ModelStats;
import dev.modelcache.engine.generation.Generation;
import dev.modelcache.engine.inference.Classification;
import dev.modelcache.engine.inference.Device;
import dev.modelcache.engine.inference.Embedding;
import dev.modelcache.engine.inference.Inference;
import dev.modelcache.engine.inference.ZeroShotResult;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Translates engine values into API records. Stateless. */
final class Responses {
  private static final double MIB = 1024.0 * 1024.0;

  private Responses() {}

  static PredictResponse prediction(
      Inference result, String modelName, double millis, boolean cached, boolean responseCached) {
    if (result instanceof Classification c) {
      Map<String, Double> scores = new LinkedHashMap<>();
      c.scores().forEach((label, p) -> scores.put(label, round(p)));
      return new PredictResponse(
          c.label(),
          round(c.confidence()),
          scores,
          c.multiLabel() ? c.labels() : null,
          null,
          modelName,
          millis,
          cached,
          responseCached);
    }
    return new PredictResponse(
        null,
        null,
        null,
        null,
        ((Embedding) result).vector(),
        modelName,
        millis,
        cached,
        responseCached);
  }

  /** A zero-shot answer: labels highest first; never from the response cache. */
  static PredictResponse zeroShot(
      ZeroShotResult result, String modelName, double millis, boolean cached) {
    Map<String, Double> scores = new LinkedHashMap<>();
    for (int i = 0; i < result.labels().size(); i++) {
      scores.put(result.labels().get(i), round(result.scores().get(i)));
    }
    return new PredictResponse(
        result.label(),
        round(result.confidence()),
        scores,
        result.multiLabel() ? result.selected() : null,
        null,
        modelName,
        millis,
        cached,
        false);
  }

  static GenerateResponse generation(Generation g, String modelName) {
    return new GenerateResponse(
        g.text(),
        modelName,
        g.tokenIds(),
        g.promptTokens(),
        g.generatedTokens(),
        g.finishReason().id(),
        g.seed().isPresent() ? g.seed().getAsLong() : null,
        millis(g.nanos()),
        g.modelWasLoaded());
  }

  static BatchingInfo batching(BatcherStats b) {
    return new BatchingInfo(
        b.requests(),
        b.texts(),
        b.runs(),
        b.averageRunSize(),
        b.paddingEfficiency(),
        b.queuedTexts(),
        b.rejected(),
        b.timedOut(),
        b.runners());
  }

  static ResponseCacheInfo responseCache(ResponseCacheStats r) {
    return new ResponseCacheInfo(
        r.enabled(),
        r.hits(),
        r.misses(),
        r.hitRate(),
        r.entries(),
        mb(r.bytes()),
        mb(r.maxBytes()),
        r.evictions(),
        r.invalidations());
  }

  static ModelInfo model(ModelStats m, Device device) {
    return new ModelInfo(
        m.id().toString(),
        m.task().name().toLowerCase(Locale.ROOT),
        mb(m.footprint().bytes()),
        m.footprint().method().name().toLowerCase(Locale.ROOT),
        millis(m.loadNanos()),
        m.loadedAt().toString(),
        m.lastUsed().toString(),
        m.requestCount(),
        m.inferenceCount(),
        m.pinned(),
        m.activeLeases(),
        m.reloadCount(),
        device.toString());
  }

  static LogEntry log(CacheEvent e) {
    return new LogEntry(
        e.timestamp().toString(),
        e.model().toString(),
        e.type().name().toLowerCase(Locale.ROOT),
        e.message());
  }

  static double millis(long nanos) {
    return Math.round(nanos / 1e4) / 100.0;
  }

  static double mb(long bytes) {
    return Math.round(bytes / MIB * 100) / 100.0;
  }

  /** Probabilities to 6 decimals: float precision, without float noise in the JSON. */
  private static double round(float p) {
    return Math.round(p * 1e6) / 1e6;
  }
}
