package dev.modelcache.engine.batching;

import dev.modelcache.engine.inference.ZeroShotResult;

/**
 * The answer to one zero-shot request.
 *
 * @param result the labels, most probable first, with their scores
 * @param pairs premise-hypothesis pairs the model ran (one per candidate label)
 * @param modelWasLoaded whether the model was already loaded when the request arrived
 * @param nanos time from the request's arrival to its answer, model load included
 */
public record ZeroShotPrediction(
    ZeroShotResult result, int pairs, boolean modelWasLoaded, long nanos) {}
