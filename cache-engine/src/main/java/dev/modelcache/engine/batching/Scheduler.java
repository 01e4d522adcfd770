package dev.modelcache.engine.batching;

import dev.modelcache.api.ModelId;
import dev.modelcache.api.OverloadedException;
import dev.modelcache.engine.batching.ModelQueue.Item;
import dev.modelcache.engine.cache.ModelLease;
import dev.modelcache.engine.cache.Ticker;
import dev.modelcache.engine.inference.EncodedText;
import dev.modelcache.engine.inference.Inference;
import dev.modelcache.engine.trace.RequestTrace;
import dev.modelcache.engine.trace.Step;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link Batcher}'s state: one {@link ModelQueue} per model load, the round-robin over the
 * queues with work, and the counters, all under one {@code lock}. Every method takes the lock for
 * bookkeeping only; leases that a method frees are returned after the lock is released (returning
 * one may close a model). Runners wait on {@code workReady}; nothing spins.
 */
final class Scheduler {
  private final BatchingOptions options;
  private final Ticker ticker;
  private final long maxDelayNanos;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition workReady = lock.newCondition();
  // Guarded by lock.
  private final Map<Long, ModelQueue> queues = new HashMap<>();
  private final ArrayDeque<ModelQueue> roundRobin = new ArrayDeque<>();
  private boolean closed;
  private int queuedTexts;

  /** Turns under way, by runners or by callers running their own request; at most runners. */
  private int turns;

  private final BatchCounters counters = new BatchCounters();

  Scheduler(BatchingOptions options, Ticker ticker) {
    this.options = options;
    this.ticker = ticker;
    this.maxDelayNanos = options.maxDelay().toNanos();
  }

  /**
   * Queues a request's texts behind its model's, or refuses it. When nothing is queued anywhere, a
   * turn is free and the request fits one batch, its texts are taken at once as the caller's own
   * turn ({@link Job#ownTurn}): the caller runs them and calls {@link #turnEnded}, with no hand-off
   * to a runner and back. Queued work always goes first, so this never jumps the round-robin.
   *
   * @throws OverloadedException if the model's queue is full or the scheduler is closed
   */
  Job enqueue(
      ModelLease lease,
      List<EncodedText> encoded,
      long deadline,
      RequestTrace trace,
      Step queueWait) {
    long now = ticker.read();
    lock.lock();
    try {
      if (closed) {
        throw new OverloadedException("the service is shutting down", 1);
      }
      ModelQueue queue = queues.get(lease.generation());
      if (queue == null) {
        boolean shared =
            options.quantized().allowsSharing(lease.id(), lease.dynamicallyQuantized());
        queue = new ModelQueue(lease.id(), lease.generation(), shared);
        queues.put(queue.generation, queue);
      }
      int n = encoded.size();
      if (queue.queuedTexts > 0 && queue.queuedTexts + n > options.maxQueueTexts()) {
        counters.rejected++;
        throw new OverloadedException(
            "model '"
                + lease.id()
                + "' has "
                + queue.queuedTexts
                + " texts queued and takes at most "
                + options.maxQueueTexts()
                + " (MAX_QUEUE_TEXTS); retry shortly",
            1);
      }
      boolean ownTurn =
          turns < options.runners()
              && queuedTexts == 0
              && n <= options.batchSize()
              && maxDelayNanos == 0;
      Job job = new Job(lease, queue, encoded, now, deadline, trace, queueWait);
      queue.jobs.addLast(job);
      queue.queuedTexts += n;
      queuedTexts += n;
      counters.requests++;
      counters.texts += n;
      if (ownTurn) {
        turns++;
        job.ownTurn = take(queue);
        return job;
      }
      if (!queue.scheduled) {
        queue.scheduled = true;
        roundRobin.addLast(queue);
      }
      workReady.signal();
      return job;
    } finally {
      lock.unlock();
    }
  }

  /**
   * At a job's deadline: fails it with a timeout if texts of it are still queued, withdrawing them.
   * A job whose every text a runner has taken is left to finish (its run is under way and bounded),
   * so a request already running keeps its result.
   *
   * @return true if the job is over (failed now, or finished before), false if it is still running
   */
  boolean expire(Job job) {
    List<ModelLease> leases = new ArrayList<>(1);
    lock.lock();
    try {
      if (job.terminal) {
        return true;
      }
      if (job.queued() == 0 && job.inFlight > 0) {
        return false;
      }
      failLocked(job, job.timeout(options.timeout()), leases);
      counters.timedOut++;
      return true;
    } finally {
      lock.unlock();
      leases.forEach(ModelLease::close);
    }
  }

  /** Fails a job with {@code failure} if it has not finished; withdraws its queued texts. */
  void fail(Job job, RuntimeException failure) {
    List<ModelLease> leases = new ArrayList<>(1);
    lock.lock();
    try {
      if (!job.terminal) {
        failLocked(job, failure, leases);
        counters.failed++;
      }
    } finally {
      lock.unlock();
      leases.forEach(ModelLease::close);
    }
  }

  /** The failure a finished job ended with, or null. */
  RuntimeException failure(Job job) {
    lock.lock();
    try {
      return job.failure;
    } finally {
      lock.unlock();
    }
  }

  /** Whether no text of a finished job was ever taken for a run (it left the queue untouched). */
  boolean neverTaken(Job job) {
    lock.lock();
    try {
      return !job.taken;
    } finally {
      lock.unlock();
    }
  }

  /** Fails every queued job whose deadline has passed; returns how many. */
  int expireOverdue() {
    List<ModelLease> leases = new ArrayList<>();
    int expired = 0;
    lock.lock();
    try {
      long now = ticker.read();
      for (ModelQueue queue : List.copyOf(queues.values())) {
        expired += expireOverdue(queue, now, leases);
      }
    } finally {
      lock.unlock();
      leases.forEach(ModelLease::close);
    }
    return expired;
  }

  /**
   * Waits for a free turn and a model whose batch is due, in round-robin order, and takes up to
   * {@code batchSize} of its texts; null once closed. The runner calls {@link #turnEnded} after
   * running them.
   */
  List<Item> nextBatch() throws InterruptedException {
    List<ModelLease> leases = new ArrayList<>();
    lock.lock();
    try {
      while (true) {
        if (closed) {
          return null;
        }
        if (turns >= options.runners()) {
          workReady.await();
          continue;
        }
        long now = ticker.read();
        long wait = Long.MAX_VALUE;
        for (int i = roundRobin.size(); i > 0; i--) {
          ModelQueue queue = roundRobin.pollFirst();
          if (expireOverdue(queue, now, leases) > 0 && !queue.scheduled) {
            continue;
          }
          long due = queue.dueAt(options.batchSize(), maxDelayNanos);
          if (due <= now) {
            queue.scheduled = false;
            turns++;
            return take(queue);
          }
          roundRobin.addLast(queue);
          wait = Math.min(wait, due - now);
        }
        if (wait == Long.MAX_VALUE) {
          workReady.await();
        } else {
          workReady.awaitNanos(wait);
        }
      }
    } finally {
      lock.unlock();
      leases.forEach(ModelLease::close);
    }
  }

  /** Ends a turn that {@link #nextBatch} or {@link #enqueue} gave; wakes a runner if work waits. */
  void turnEnded() {
    lock.lock();
    try {
      turns--;
      if (!roundRobin.isEmpty()) {
        workReady.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Hands one run's results (or its failure) to its jobs, finishing those that are complete and
   * returning the leases of those that are over.
   *
   * @param results one per item, in order; null if the run failed
   * @param longest the run's longest text in tokens (its padded width)
   */
  void deliver(List<Item> run, List<Inference> results, RuntimeException failure, int longest) {
    List<ModelLease> leases = new ArrayList<>(2);
    lock.lock();
    try {
      counters.runs++;
      counters.textsRun += run.size();
      counters.paddedTokens += (long) run.size() * longest;
      for (int i = 0; i < run.size(); i++) {
        Item item = run.get(i);
        Job job = item.job();
        counters.tokens += item.length();
        job.inFlight--;
        if (!job.terminal) {
          if (failure != null) {
            failLocked(job, failure, leases);
            counters.failed++;
            continue;
          }
          job.results[job.order[item.position()]] = results.get(i);
          job.finished++;
          if (job.finished == job.size()) {
            job.terminal = true;
            job.done.countDown();
          }
        }
        if (job.releasable()) {
          job.leaseReturned = true;
          leases.add(job.lease);
        }
      }
    } finally {
      lock.unlock();
      leases.forEach(ModelLease::close);
    }
  }

  /**
   * Stops taking work and fails every queued job with an overload error; wakes the runners.
   *
   * @return whether this call closed it
   */
  boolean close() {
    List<ModelLease> leases = new ArrayList<>();
    lock.lock();
    try {
      if (closed) {
        return false;
      }
      closed = true;
      for (ModelQueue queue : List.copyOf(queues.values())) {
        for (Job job : List.copyOf(queue.jobs)) {
          failLocked(job, new OverloadedException("the service is shutting down", 1), leases);
        }
      }
      workReady.signalAll();
      return true;
    } finally {
      lock.unlock();
      leases.forEach(ModelLease::close);
    }
  }

  BatcherStats stats() {
    lock.lock();
    try {
      return counters.snapshot(queuedTexts, options.runners());
    } finally {
      lock.unlock();
    }
  }

  int queuedTexts(ModelId model) {
    lock.lock();
    try {
      int sum = 0;
      for (ModelQueue queue : queues.values()) {
        sum += queue.model.equals(model) ? queue.queuedTexts : 0;
      }
      return sum;
    } finally {
      lock.unlock();
    }
  }

  // --- under the lock --------------------------------------------------------------------------

  /** Takes one batch from a queue and puts the queue back at the end of the round. */
  private List<Item> take(ModelQueue queue) {
    List<Item> batch = new ArrayList<>(options.batchSize());
    queue.take(options.batchSize(), batch);
    queuedTexts -= batch.size();
    counters.batches++;
    if (queue.queuedTexts > 0) {
      queue.scheduled = true;
      roundRobin.addLast(queue);
      workReady.signal();
    } else {
      forgetIfIdle(queue);
    }
    return batch;
  }

  private int expireOverdue(ModelQueue queue, long now, List<ModelLease> leases) {
    if (!anyOverdue(queue, now)) {
      return 0;
    }
    int expired = 0;
    for (Job job : List.copyOf(queue.jobs)) {
      if (job.deadline <= now) {
        failLocked(job, job.timeout(options.timeout()), leases);
        counters.timedOut++;
        expired++;
      }
    }
    return expired;
  }

  private static boolean anyOverdue(ModelQueue queue, long now) {
    for (Job job : queue.jobs) {
      if (job.deadline <= now) {
        return true;
      }
    }
    return false;
  }

  /** Ends a job with a failure and withdraws its queued texts. */
  private void failLocked(Job job, RuntimeException failure, List<ModelLease> leases) {
    int queued = job.sorted.length - job.next;
    job.queue.withdraw(job);
    queuedTexts -= queued;
    forgetIfIdle(job.queue);
    job.failure = failure;
    job.terminal = true;
    job.done.countDown();
    if (job.releasable()) {
      job.leaseReturned = true;
      leases.add(job.lease);
    }
  }

  private void forgetIfIdle(ModelQueue queue) {
    if (queue.queuedTexts == 0) {
      queues.remove(queue.generation, queue);
      if (queue.scheduled) {
        roundRobin.remove(queue);
        queue.scheduled = false;
      }
    }
  }
}
