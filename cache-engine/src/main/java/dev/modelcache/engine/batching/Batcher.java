package dev.modelcache.engine.batching;

import dev.modelcache.api.InferenceTimeoutException;
import dev.modelcache.api.ModelId;
import dev.modelcache.api.OverloadedException;
import dev.modelcache.engine.batching.ModelQueue.Item;
import dev.modelcache.engine.cache.ModelLease;
import dev.modelcache.engine.cache.Ticker;
import dev.modelcache.engine.inference.EncodedText;
import dev.modelcache.engine.inference.Inference;
import dev.modelcache.engine.inference.TextPair;
import dev.modelcache.engine.trace.RequestTrace;
import dev.modelcache.engine.trace.Step;
import dev.modelcache.engine.trace.TraceNames;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

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
 * added delay unless {@code maxDelay} is set): when nothing is queued and fewer than {@code
 * runners} turns are under way, the request's own thread takes the turn and runs it, sparing the
 * two thread hand-offs that cost most at low load. Requests that arrive meanwhile queue up and form
 * the next batch, so batches grow with the load. At most {@code runners} turns run at once, whoever
 * runs them. Runners wait on a condition when there is no work: no thread spins.
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
 * One lock, in {@link Scheduler}, guards the queues, the round-robin and the counters; it is held
 * for bookkeeping only, never across tokenisation, a run, or returning a lease (which may close a
 * model). Time for deadlines comes from the injected {@link Ticker}.
 *
 * <h2>Tracing</h2>
 *
 * A traced request ({@link RequestTrace}) gets a {@link TraceNames#TOKENIZE} step, a {@link
 * TraceNames#QUEUE_WAIT} step that the thread taking its first text ends (or the request itself, if
 * it left the queue without being taken), and an {@link TraceNames#INFERENCE_RUN} step for each run
 * holding its texts, linked to the other requests of that run. Steps are recorded outside the lock;
 * untraced requests cost a field read per text.
 */
public final class Batcher implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Batcher.class.getName());

  private final BatchingOptions options;
  private final Ticker ticker;
  private final Scheduler scheduler;
  private final List<Thread> runners = new ArrayList<>();

  /** A batcher with daemon runner threads named {@code inference-runner-N}. */
  public Batcher(BatchingOptions options, Ticker ticker) {
    this(options, ticker, Batcher::daemon);
  }

  public Batcher(BatchingOptions options, Ticker ticker, ThreadFactory threads) {
    this.options = Objects.requireNonNull(options, "options");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.scheduler = new Scheduler(options, ticker);
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
   * before. Tokenises on the calling thread; when nothing is queued and a turn is free, runs its
   * texts on the calling thread too (no hand-off; it counts as one runner's turn).
   *
   * @param texts at least one text
   * @param deadline the {@link Ticker} reading by which results must be in
   * @return one result per text, in input order
   * @throws OverloadedException if the model's queue is full or the batcher is closed
   * @throws InferenceTimeoutException if the deadline passed while texts of it were still queued (a
   *     request whose every text is already running waits for its run)
   */
  public List<Inference> submit(ModelLease lease, List<String> texts, long deadline) {
    return submit(lease, texts, deadline, RequestTrace.OFF);
  }

  /** As {@link #submit(ModelLease, List, long)}, recording the request's steps in {@code trace}. */
  public List<Inference> submit(
      ModelLease lease, List<String> texts, long deadline, RequestTrace trace) {
    return submit(lease, texts.size(), () -> encode(lease, texts, trace), deadline, trace);
  }

  /**
   * As {@link #submit(ModelLease, List, long)}, for pairs of texts (premise and hypothesis, the
   * input of a zero-shot classifier): one result per pair, batched like texts.
   *
   * @throws dev.modelcache.api.InvalidInputException if a pair cannot be cut to the model's length
   */
  public List<Inference> submitPairs(ModelLease lease, List<TextPair> pairs, long deadline) {
    return submitPairs(lease, pairs, deadline, RequestTrace.OFF);
  }

  /** As {@link #submitPairs(ModelLease, List, long)}, recording the steps in {@code trace}. */
  public List<Inference> submitPairs(
      ModelLease lease, List<TextPair> pairs, long deadline, RequestTrace trace) {
    return submit(
        lease,
        pairs.size(),
        () -> traced(lease, pairs.size(), trace, () -> lease.encodePairs(pairs)),
        deadline,
        trace);
  }

  private List<Inference> submit(
      ModelLease lease,
      int count,
      Supplier<List<EncodedText>> encoding,
      long deadline,
      RequestTrace trace) {
    Job job;
    Step queueWait = Step.OFF;
    try {
      if (count == 0) {
        throw new IllegalArgumentException("texts must hold at least one text");
      }
      List<EncodedText> encoded = encoding.get();
      if (trace.isOn()) {
        queueWait =
            trace
                .start(TraceNames.QUEUE_WAIT)
                .set(TraceNames.MODEL_NAME, lease.id().toString())
                .set(TraceNames.TEXTS, count);
      }
      job = scheduler.enqueue(lease, encoded, deadline, trace, queueWait);
    } catch (RuntimeException e) {
      queueWait.fail(e);
      lease.close();
      throw e;
    }
    if (job.ownTurn != null) {
      try {
        runBatch(job.ownTurn);
      } finally {
        scheduler.turnEnded();
      }
    }
    return await(job);
  }

  private static List<EncodedText> encode(
      ModelLease lease, List<String> texts, RequestTrace trace) {
    return traced(lease, texts.size(), trace, () -> lease.encode(texts));
  }

  /** Tokenises through {@code encoding}, as a {@link TraceNames#TOKENIZE} step when traced. */
  private static List<EncodedText> traced(
      ModelLease lease, int texts, RequestTrace trace, Supplier<List<EncodedText>> encoding) {
    if (!trace.isOn()) {
      return encoding.get();
    }
    Step step =
        trace
            .start(TraceNames.TOKENIZE)
            .set(TraceNames.MODEL_NAME, lease.id().toString())
            .set(TraceNames.TEXTS, texts);
    try {
      List<EncodedText> encoded = encoding.get();
      step.set(TraceNames.TOKENS, encoded.stream().mapToLong(EncodedText::length).sum()).end();
      return encoded;
    } catch (RuntimeException e) {
      step.fail(e);
      throw e;
    }
  }

  private List<Inference> await(Job job) {
    try {
      while (true) {
        long remaining = job.deadline - ticker.read();
        if (remaining <= 0) {
          if (!scheduler.expire(job)) {
            job.done.await(); // every text of it is running: the run ends, with a result or error
          }
          break;
        }
        if (job.done.await(remaining, TimeUnit.NANOSECONDS)) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      scheduler.fail(
          job,
          new IllegalStateException(
              "interrupted while waiting for model '" + job.queue.model + "'", e));
    }
    RuntimeException failure = scheduler.failure(job);
    if (failure != null) {
      if (job.queueWait != Step.OFF && scheduler.neverTaken(job)) {
        job.queueWait.fail(failure);
      }
      throw failure;
    }
    return Arrays.asList(job.results);
  }

  /**
   * Fails every queued request whose deadline has passed, without waiting for a runner. Runners do
   * it before each turn; tests with a fake ticker call it after advancing time.
   *
   * @return how many requests expired
   */
  public int expireOverdue() {
    return scheduler.expireOverdue();
  }

  // --- runners ---------------------------------------------------------------------------------

  private void runLoop() {
    while (true) {
      List<Item> batch;
      try {
        batch = scheduler.nextBatch();
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
      } finally {
        scheduler.turnEnded();
      }
    }
  }

  /** Cuts a batch into length groups and runs each, outside the lock. */
  private void runBatch(List<Item> batch) {
    batch.sort(Comparator.comparingInt(Item::length));
    int[] lengths = batch.stream().mapToInt(Item::length).toArray();
    int from = 0;
    for (int end : LengthGroups.cuts(lengths)) {
      List<Item> run = batch.subList(from, end);
      List<EncodedText> encoded = new ArrayList<>(run.size());
      run.forEach(item -> encoded.add(item.job().sorted[item.position()]));
      List<Step> steps = traceRun(run, lengths[end - 1]);
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
      } catch (Error e) {
        // The jobs of this run and the runs after it must still end: waiting threads and leases.
        scheduler.deliver(
            batch.subList(from, batch.size()),
            null,
            new IllegalStateException("inference failed: " + e, e),
            lengths[lengths.length - 1]);
        steps.forEach(step -> step.fail(e));
        throw e;
      }
      for (Step step : steps) {
        if (failure == null) {
          step.end();
        } else {
          step.fail(failure);
        }
      }
      scheduler.deliver(run, results, failure, lengths[end - 1]);
      from = end;
    }
  }

  /**
   * For the traced requests of a run: ends the queue wait of those whose first text this is, and
   * starts an {@link TraceNames#INFERENCE_RUN} step in each request's trace, linked to the others.
   * Empty, without allocating, when no request of the run is traced.
   */
  private static List<Step> traceRun(List<Item> run, int longest) {
    List<Job> traced = null;
    for (Item item : run) {
      Job job = item.job();
      if (job.trace.isOn()) {
        if (item.position() == 0) {
          job.queueWait.end();
        }
        if (traced == null) {
          traced = new ArrayList<>(2);
        }
        if (!traced.contains(job)) {
          traced.add(job);
        }
      }
    }
    if (traced == null) {
      return List.of();
    }
    int requests = (int) run.stream().map(Item::job).distinct().count();
    long tokens = run.stream().mapToLong(Item::length).sum();
    List<Step> steps = new ArrayList<>(traced.size());
    for (Job job : traced) {
      List<RequestTrace> others = new ArrayList<>(traced.size() - 1);
      traced.stream().filter(other -> other != job).forEach(other -> others.add(other.trace));
      steps.add(
          job.trace
              .startShared(TraceNames.INFERENCE_RUN, others)
              .set(TraceNames.MODEL_NAME, job.queue.model.toString())
              .set(TraceNames.BATCH_SIZE, run.size())
              .set(TraceNames.PADDED_TOKENS, (long) run.size() * longest)
              .set(TraceNames.TOKENS, tokens)
              .set(TraceNames.BATCH_REQUESTS, requests)
              .set(TraceNames.TEXTS, run.stream().filter(item -> item.job() == job).count()));
    }
    return steps;
  }

  // --- statistics and shutdown -----------------------------------------------------------------

  /** A consistent snapshot of the counters. */
  public BatcherStats stats() {
    return scheduler.stats();
  }

  /** Texts waiting for one model now, over its loads. */
  public int queuedTexts(ModelId model) {
    return scheduler.queuedTexts(model);
  }

  /**
   * Stops taking work: queued requests fail with {@link OverloadedException}, runs under way finish
   * and deliver, then the runners end. Waits up to {@code patience} for them. Idempotent.
   */
  public void close(Duration patience) {
    if (!scheduler.close()) {
      return;
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
