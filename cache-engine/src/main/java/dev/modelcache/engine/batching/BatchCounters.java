package dev.modelcache.engine.batching;

/** The batcher's counts since start. Not thread-safe: guarded by the {@link Scheduler}'s lock. */
final class BatchCounters {
  long requests;
  long texts;
  long batches;
  long runs;
  long textsRun;
  long tokens;
  long paddedTokens;
  long rejected;
  long timedOut;
  long failed;

  BatcherStats snapshot(int queuedTexts, int runners) {
    return new BatcherStats(
        requests,
        texts,
        batches,
        runs,
        textsRun,
        tokens,
        paddedTokens,
        rejected,
        timedOut,
        failed,
        queuedTexts,
        runners);
  }
}
