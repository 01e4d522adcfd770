package dev.modelcache.engine.batching;

import dev.modelcache.api.ModelId;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The jobs waiting for one load (generation) of one model, oldest first. Texts of different jobs
 * share a batch only if {@link #shared} (every model except dynamically quantized ones that did not
 * opt in). Not thread-safe: guarded by the {@link Scheduler}'s lock.
 */
final class ModelQueue {
  final ModelId model;
  final long generation;
  final boolean shared;
  final ArrayDeque<Job> jobs = new ArrayDeque<>();

  /** Texts queued and not yet handed to a batch. */
  int queuedTexts;

  /** Whether the queue is in the batcher's round-robin of queues with work. */
  boolean scheduled;

  ModelQueue(ModelId model, long generation, boolean shared) {
    this.model = model;
    this.generation = generation;
    this.shared = shared;
  }

  /**
   * Whether a batch should start now: {@code batchSize} texts are waiting, or the oldest has waited
   * {@code maxDelayNanos}. Returns the tick at which it will be due otherwise.
   */
  long dueAt(int batchSize, long maxDelayNanos) {
    Job oldest = jobs.peekFirst();
    if (oldest == null || maxDelayNanos == 0 || queuedTexts >= batchSize) {
      return Long.MIN_VALUE;
    }
    if (!shared && oldest.queued() >= batchSize) {
      return Long.MIN_VALUE;
    }
    return oldest.enqueuedAt + maxDelayNanos;
  }

  /**
   * Moves up to {@code batchSize} texts from the head of the queue into {@code batch}, marking them
   * in flight; from one job only unless {@link #shared}. Expired jobs are not taken.
   */
  void take(int batchSize, List<Item> batch) {
    while (batch.size() < batchSize && !jobs.isEmpty()) {
      Job job = jobs.peekFirst();
      int n = Math.min(batchSize - batch.size(), job.queued());
      job.taken |= n > 0;
      for (int k = job.next; k < job.next + n; k++) {
        batch.add(new Item(job, k));
      }
      job.next += n;
      job.inFlight += n;
      queuedTexts -= n;
      if (job.queued() == 0) {
        jobs.pollFirst();
      }
      if (!shared) {
        return;
      }
    }
  }

  /** Withdraws a job's queued texts. */
  void withdraw(Job job) {
    int queued = job.sorted.length - job.next;
    if (queued > 0 && jobs.remove(job)) {
      queuedTexts -= queued;
      job.next = job.sorted.length;
    }
  }

  /** One text of a job in a batch: {@code job.sorted[position]}. */
  record Item(Job job, int position) {
    int length() {
      return job.sorted[position].length();
    }
  }
}
