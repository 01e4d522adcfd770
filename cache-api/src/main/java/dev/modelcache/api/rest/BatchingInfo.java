package dev.modelcache.api.rest;

import jakarta.json.bind.annotation.JsonbProperty;

/**
 * How prediction requests were queued and run together, since start ({@code /stats}).
 *
 * @param requests requests accepted into a model's queue
 * @param texts texts of those requests
 * @param runs ONNX Runtime calls
 * @param averageBatchSize mean texts per call
 * @param paddingEfficiency real tokens over token slots run (padding included), in (0, 1]
 * @param queuedTexts texts waiting now, over all models
 * @param rejected requests refused because their model's queue was full (503)
 * @param timedOut requests that passed {@code INFERENCE_TIMEOUT} (504)
 * @param runners ONNX Runtime calls that can run at once
 */
public record BatchingInfo(
    @JsonbProperty("requests") long requests,
    @JsonbProperty("texts") long texts,
    @JsonbProperty("runs") long runs,
    @JsonbProperty("average_batch_size") double averageBatchSize,
    @JsonbProperty("padding_efficiency") double paddingEfficiency,
    @JsonbProperty("queued_texts") int queuedTexts,
    @JsonbProperty("rejected") long rejected,
    @JsonbProperty("timed_out") long timedOut,
    @JsonbProperty("runners") int runners) {}
