package dev.modelcache.engine.batching;

/**
 * A snapshot of the batcher's counters since start, read under its lock.
 *
 * @param requests requests accepted into a queue
 * @param texts texts of those requests
 * @param batches batches taken from a queue (one model's turn each)
 * @param runs runtime calls; a batch of mixed lengths is cut into several
 * @param textsRun texts run
 * @param tokens tokens run, padding excluded
 * @param paddedTokens token slots run, padding included
 * @param rejected requests refused because their model's queue was full
 * @param timedOut requests that passed their deadline
 * @param failed requests whose run failed
 * @param queuedTexts texts waiting now, over all models
 * @param runners batches that can run at once
 */
public record BatcherStats(
    long requests,
    long texts,
    long batches,
    long runs,
    long textsRun,
    long tokens,
    long paddedTokens,
    long rejected,
    long timedOut,
    long failed,
    int queuedTexts,
    int runners) {

  /** Mean texts per runtime call; 0 before the first. */
  public double averageRunSize() {
    return runs == 0 ? 0 : (double) textsRun / runs;
  }

  /** Real tokens over token slots run, in (0, 1]; 1 before the first run. */
  public double paddingEfficiency() {
    return paddedTokens == 0 ? 1 : (double) tokens / paddedTokens;
  }
}
