package dev.modelcache.engine.batching;

import dev.modelcache.api.InferenceTimeoutException;
import dev.modelcache.api.ModelId;
import dev.modelcache.api.OverloadedException;
import dev.modelcache.engine.batching.ModelQueue.Item;
import dev.modelcache.engine.cache.ModelLease;
import dev.modelcache.engine.cache.Ticker;
import dev.modelcache.engine.inference.EncodedText;
import dev.modelcache.engine.inference.Inference;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Dynamic batching across requests: texts of concurrent requests for the same model run together.
 *
 * <h2>Design</h2>
 *
 * A request tokenises its texts on its own thread ({@link #submit}), joins its model's queue and
 * waits. A small pool of runner threads ({@code runners}, about cores ÷ ONNX Runtime's intra-op
 * threads) takes turns over the models that have work, round-robin: each turn takes up to {@code
 * batchSize} of the oldest texts of one model, cuts them by token count into runs that waste little
 * on padding ({@link LengthGroups}) and runs them. A model that is idle runs a request at once (no
 * added delay unless {@code maxDelay} is set); requests that arrive meanwhile queue up and form the
 * next batch, so batches grow with the load. Runners wait on a condition when there is no work: no
 * thread spins.
 *
 * <h2>Invariants</h2>
 *
 * <ul>
 *   <li>An accepted request always gets its results, in input order, or a typed error: {@link
 *       InferenceTimeoutException} at its deadline, the run's own failure, or {@link
 *       OverloadedException} at shutdown.
 *   <li>A model's queue holds at most {@code maxQueueTexts} texts (a single request larger than
 *       that fits an empty queue); a request that would pass it fails at once with {@link
 *       OverloadedException}.
 *   <li>Queued or running work holds its model's lease, so an evicted model stays open until its
 *       last batch ends; queues are per load (generation), so a batch never mixes two loads.
 *   <li>Fairness: a model with work waits at most one turn of every other model with work per
 *       runner, however much work the others have queued.
 *   <li>Texts of different requests share a run only if the model is batch-invariant or opted in
 *       ({@link QuantizedBatching}).
 * </ul>
 *
 * <h2>Locking</h2>
 *
 * One {@code lock} guards the queues, the round-robin and the counters; it is held for bookkeeping
 * only, never across tokenisation, a run, or returning a lease (which may close a model). Time for
 * deadlines comes from the injected {@link Ticker}.
 */
public final class Batcher implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Batcher.class.getName());

  private final BatchingOptions options;
  private final Ticker ticker;
  private final long maxDelayNanos;
  private final List<Thread> runners = new ArrayList<>();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition workReady = lock.newCondition();
  // Guarded by lock.
  private final Map<Long, ModelQueue> queues = new HashMap<>();
  private final ArrayDeque<ModelQueue> roundRobin = new ArrayDeque<>();
  private boolean closed;
  private int queuedTexts;
  private long requests;
  private long texts;
  private long batches;
  private long runs;
  private long textsRun;
  private long tokens;
  private long paddedTokens;
  private long rejected;
  private long timedOut;
  private long failed;

  /** A batcher with daemon runner threads named {@code inference-runner-N}. */
  public Batcher(BatchingOptions options, Ticker ticker) {
    this(options, ticker, Batcher::daemon);
  }

  public Batcher(BatchingOptions options, Ticker ticker, ThreadFactory threads) {
    this.options = Objects.requireNonNull(options, "options");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.maxDelayNanos = options.maxDelay().toNanos();
    for (int i = 0; i < options.runners(); i++) {
      Thread runner = threads.newThread(this::runLoop);
      runner.setName("inference-runner-" + (i + 1));
      runners.add(runner);
      runner.start();
    }
  }

  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task);
    thread.setDaemon(true);
    return thread;
  }

  /** The options this batcher runs with. */
  public BatchingOptions options() {
    return options;
  }

  /**
   * Runs texts on a leased model, batched with other requests for the same load of the model, and
   * waits for the results. Takes over the lease: it is closed when this request's work is over,
   * which may be after this method returned (a run under way when the deadline passed), and never
   * before. Tokenises on the calling thread.
   *
   * @param texts at least one text
   * @param deadline the {@link Ticker} reading by which results must be in
   * @return one result per text, in input order
   * @throws OverloadedException if the model's queue is full or the batcher is closed
   * @throws InferenceTimeoutException if the deadline passed first
   */
  public List<Inference> submit(ModelLease lease, List<String> texts, long deadline) {
    Job job;
    try {
      if (texts.isEmpty()) {
        throw new IllegalArgumentException("texts must hold at least one text");
      }
      List<EncodedText> encoded = lease.encode(texts);
      job = enqueue(lease, encoded, deadline);
    } catch (RuntimeException e) {
      lease.close();
      throw e;
    }
    return await(job);
  }

  private Job enqueue(ModelLease lease, List<EncodedText> encoded, long deadline) {
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
        rejected++;
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
      Job job = new Job(lease, queue, encoded, now, deadline);
      queue.jobs.addLast(job);
      queue.queuedTexts += n;
      queuedTexts += n;
      requests++;
      texts += n;
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

  private List<Inference> await(Job job) {
    try {
      while (true) {
        long remaining = job.deadline - ticker.read();
        if (remaining <= 0 || job.done.await(remaining, TimeUnit.NANOSECONDS)) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      finish(
          job,
          new IllegalStateException(
              "interrupted while waiting for model '" + job.queue.model + "'", e));
    }
    if (job.done.getCount() > 0) {
      expire(job);
    }
    lock.lock();
    try {
      if (job.failure != null) {
        throw job.failure;
      }
    } finally {
      lock.unlock();
    }
    return Arrays.asList(job.results);
  }

  /**
   * Fails every queued request whose deadline has passed, without waiting for a runner. Runners
   * call it before each turn; tests with a fake ticker call it after advancing time.
   *
   * @return how many requests expired
   */
  public int expireOverdue() {
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

  private int expireOverdue(ModelQueue queue, long now, List<ModelLease> leases) {
    int expired = 0;
    for (Job job : List.copyOf(queue.jobs)) {
      if (job.deadline <= now) {
        failLocked(job, timeout(job), leases);
        timedOut++;
        expired++;
      }
    }
    return expired;
  }

  private void expire(Job job) {
    List<ModelLease> leases = new ArrayList<>(1);
    lock.lock();
    try {
      if (!job.terminal) {
        failLocked(job, timeout(job), leases);
        timedOut++;
      }
    } finally {
      lock.unlock();
      leases.forEach(ModelLease::close);
    }
  }

  private void finish(Job job, RuntimeException failure) {
    List<ModelLease> leases = new ArrayList<>(1);
    lock.lock();
    try {
      if (!job.terminal) {
        failLocked(job, failure, leases);
        failed++;
      }
    } finally {
      lock.unlock();
      leases.forEach(ModelLease::close);
    }
  }

  private InferenceTimeoutException timeout(Job job) {
    String detail =
        job.next == 0
            ? "all " + job.size() + " text(s) were still queued behind other requests"
            : (job.size() - job.finished) + " of " + job.size() + " text(s) were not done";
    return new InferenceTimeoutException(job.queue.model, options.timeout(), detail);
  }

  /** Ends a job with a failure and withdraws its queued texts. Caller holds the lock. */
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

  // --- runners ---------------------------------------------------------------------------------

  private void runLoop() {
    while (true) {
      List<Item> batch;
      try {
        batch = nextBatch();
      } catch (InterruptedException e) {
        return;
      }
      if (batch == null) {
        return;
      }
      try {
        runBatch(batch);
      } catch (RuntimeException | Error e) {
        // runBatch fails the jobs of a run that throws; anything escaping is a bug here.
        LOG.log(Level.ERROR, "inference runner failed", e);
      }
    }
  }

  /** Waits for a model whose batch is due and takes it; null once closed. */
  private List<Item> nextBatch() throws InterruptedException {
    List<ModelLease> leases = new ArrayList<>();
    lock.lock();
    try {
      while (true) {
        if (closed) {
          return null;
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

  /** Takes one batch from a queue and puts the queue back at the end of the round. */
  private List<Item> take(ModelQueue queue) {
    List<Item> batch = new ArrayList<>(options.batchSize());
    queue.take(options.batchSize(), batch);
    queuedTexts -= batch.size();
    batches++;
    if (queue.queuedTexts > 0) {
      queue.scheduled = true;
      roundRobin.addLast(queue);
      workReady.signal();
    } else {
      forgetIfIdle(queue);
    }
    return batch;
  }

  private void runBatch(List<Item> batch) {
    batch.sort(Comparator.comparingInt(Item::length));
    int[] lengths = batch.stream().mapToInt(Item::length).toArray();
    int from = 0;
    for (int end : LengthGroups.cuts(lengths)) {
      List<Item> run = batch.subList(from, end);
      List<EncodedText> encoded = new ArrayList<>(run.size());
      run.forEach(item -> encoded.add(item.job().sorted[item.position()]));
      List<Inference> results = null;
      RuntimeException failure = null;
      try {
        // Every job in the run holds a lease on this same load; any of them can run it.
        results = run.get(0).job().lease.run(encoded);
        if (results.size() != run.size()) {
          throw new IllegalStateException(
              "model returned " + results.size() + " results for " + run.size() + " texts");
        }
      } catch (RuntimeException e) {
        failure = e;
      }
      deliver(run, results, failure, lengths[end - 1]);
      from = end;
    }
  }

  /** Hands a run's results (or its failure) to its jobs and returns the leases that are free. */
  private void deliver(
      List<Item> run, List<Inference> results, RuntimeException failure, int longest) {
    List<ModelLease> leases = new ArrayList<>(2);
    lock.lock();
    try {
      runs++;
      textsRun += run.size();
      paddedTokens += (long) run.size() * longest;
      for (int i = 0; i < run.size(); i++) {
        Item item = run.get(i);
        Job job = item.job();
        tokens += item.length();
        job.inFlight--;
        if (!job.terminal) {
          if (failure != null) {
            failLocked(job, failure, leases);
            failed++;
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

  // --- statistics and shutdown -----------------------------------------------------------------

  /** A consistent snapshot of the counters. */
  public BatcherStats stats() {
    lock.lock();
    try {
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
          options.runners());
    } finally {
      lock.unlock();
    }
  }

  /** Texts waiting for one model now, over its loads. */
  public int queuedTexts(ModelId model) {
    lock.lock();
    try {
      return queues.values().stream()
          .filter(q -> q.model.equals(model))
          .mapToInt(q -> q.queuedTexts)
          .sum();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops taking work: queued requests fail with {@link OverloadedException}, runs under way finish
   * and deliver, then the runners end. Waits up to {@code patience} for them. Idempotent.
   */
  public void close(Duration patience) {
    List<ModelLease> leases = new ArrayList<>();
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      for (ModelQueue queue : List.copyOf(queues.values())) {
        for (Job job : List.copyOf(queue.jobs)) {
          failLocked(job, new OverloadedException("the service is shutting down", 1), leases);
        }
      }
      workReady.signalAll();
    } finally {
      lock.unlock();
      leases.forEach(ModelLease::close);
    }
    long until = System.nanoTime() + patience.toNanos();
    for (Thread runner : runners) {
      try {
        runner.join(Math.max(1, (until - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** {@link #close(Duration)} with 30 seconds' patience. */
  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }
}
