package dev.modelcache.engine.batching;

import dev.modelcache.api.InferenceTimeoutException;
import dev.modelcache.engine.cache.ModelLease;
import dev.modelcache.engine.inference.EncodedText;
import dev.modelcache.engine.inference.Inference;
import dev.modelcache.engine.trace.RequestTrace;
import dev.modelcache.engine.trace.Step;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * One request's texts on their way through a {@link ModelQueue}: sorted by token count, so that a
 * request with many texts is cut into batches of similar lengths, and the results put back in input
 * order.
 *
 * <p>The job owns its request's {@link ModelLease} and returns it exactly once, when the job is
 * finished (done, failed or withdrawn) <em>and</em> none of its texts is in a running batch: queued
 * or running work always holds its model open. The final fields are set before the job is shared;
 * the others are guarded by the {@link Scheduler}'s lock, and {@link #done} publishes the outcome
 * to the waiting request thread.
 */
final class Job {
  final ModelLease lease;
  final ModelQueue queue;

  /** Encodings in ascending token count. */
  final EncodedText[] sorted;

  /** {@code order[k]}: the input index of {@code sorted[k]}. */
  final int[] order;

  final long enqueuedAt;
  final long deadline;

  /** The request's trace, and its queue-wait step (ended by whoever takes {@code sorted[0]}). */
  final RequestTrace trace;

  final Step queueWait;

  final CountDownLatch done = new CountDownLatch(1);

  // Guarded by Scheduler.lock.
  final Inference[] results;

  /** Texts handed to batches so far; {@code sorted[next..]} are queued. */
  int next;

  /**
   * The texts this job's own thread runs itself, taken at enqueue when the batcher was idle; null
   * if the job waits for a runner. Written and read by that thread only.
   */
  List<ModelQueue.Item> ownTurn;

  /** Whether a batch has taken {@code sorted[0]}, the first of its texts to be taken. */
  boolean taken;

  int finished;
  int inFlight;
  boolean terminal;
  RuntimeException failure;
  boolean leaseReturned;

  Job(
      ModelLease lease,
      ModelQueue queue,
      List<EncodedText> texts,
      long enqueuedAt,
      long deadline,
      RequestTrace trace,
      Step queueWait) {
    this.lease = lease;
    this.trace = trace;
    this.queueWait = queueWait;
    this.queue = queue;
    int n = texts.size();
    Integer[] byLength = new Integer[n];
    Arrays.setAll(byLength, i -> i);
    Arrays.sort(byLength, Comparator.comparingInt(i -> texts.get(i).length()));
    this.sorted = new EncodedText[n];
    this.order = new int[n];
    for (int k = 0; k < n; k++) {
      order[k] = byLength[k];
      sorted[k] = texts.get(byLength[k]);
    }
    this.results = new Inference[n];
    this.enqueuedAt = enqueuedAt;
    this.deadline = deadline;
  }

  int size() {
    return sorted.length;
  }

  int queued() {
    return terminal ? 0 : sorted.length - next;
  }

  /** The error for this job at its deadline, saying how far it got. Caller holds the lock. */
  InferenceTimeoutException timeout(Duration limit) {
    String detail =
        next == 0
            ? "all " + size() + " text(s) were still queued behind other requests"
            : (size() - finished) + " of " + size() + " text(s) were not done";
    return new InferenceTimeoutException(queue.model, limit, detail);
  }

  /** Whether the lease can go back now: finished and nothing running. Caller holds the lock. */
  boolean releasable() {
    return terminal && inFlight == 0 && !leaseReturned;
  }
}
