package dev.modelcache.engine.generation;

import dev.modelcache.api.InferenceTimeoutException;
import dev.modelcache.api.InputTooLargeException;
import dev.modelcache.api.InvalidInputException;
import dev.modelcache.api.ModelId;
import dev.modelcache.api.OverloadedException;
import dev.modelcache.engine.cache.ModelCache;
import dev.modelcache.engine.cache.ModelLease;
import dev.modelcache.engine.cache.Ticker;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The text generation path: lease the model (loading it if needed), tokenize the prompt, then run
 * one decoder step per token on the caller's thread until an end-of-sequence token, {@code
 * max_new_tokens}, the model's longest sequence, or the deadline.
 *
 * <h2>Scheduling</h2>
 *
 * One sequence per run: generations are not batched with each other or with predictions (each step
 * depends on the token before, and a sequence's cache is its own). At most {@code stepSlots} steps
 * run at once, over all generations; a step waits for a slot in arrival order (a fair semaphore),
 * so concurrent generations advance in turns and a short one is not stuck behind a long one. At
 * most {@code maxGenerations} generations are admitted at once; one more fails at once with {@link
 * OverloadedException}. These slots are the generator's own: the batcher's runners are not taken,
 * so with both kinds of work at once up to twice {@code INFERENCE_RUNNERS} ONNX Runtime calls may
 * run.
 *
 * <h2>Invariants</h2>
 *
 * <ul>
 *   <li>A generation holds its model's lease from before the prompt is tokenized until its last
 *       step ended, so the model is never closed under it: an eviction or unload meanwhile takes
 *       effect when it finishes.
 *   <li>The deadline ({@code INFERENCE_TIMEOUT} from arrival, model load included) is checked
 *       before every step and bounds the wait for a slot; past it the request fails with {@link
 *       InferenceTimeoutException} and frees its cache and slot.
 *   <li>The same model, prompt, {@code max_new_tokens} and sampling (seed included) give the same
 *       tokens, with or without the key/value cache, whatever runs beside it.
 * </ul>
 *
 * Time for deadlines comes from the injected {@link Ticker}. Thread-safe.
 */
public final class Generator {
  /** Seeds the service draws are below 2^53, so that they survive a JSON number's double. */
  private static final long SEED_BOUND = 1L << 53;

  private final ModelCache cache;
  private final GenerationOptions options;
  private final Ticker ticker;
  private final LongSupplier seeds;
  private final Semaphore slots;
  private final AtomicInteger running = new AtomicInteger();
  private final LongAdder requests = new LongAdder();
  private final LongAdder tokens = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder timedOut = new LongAdder();

  public Generator(ModelCache cache, GenerationOptions options, Ticker ticker) {
    this(cache, options, ticker, () -> ThreadLocalRandom.current().nextLong(SEED_BOUND));
  }

  /**
   * @param seeds draws the seed of a sampling request that brings none
   */
  public Generator(ModelCache cache, GenerationOptions options, Ticker ticker, LongSupplier seeds) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.options = Objects.requireNonNull(options, "options");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.seeds = Objects.requireNonNull(seeds, "seeds");
    this.slots = new Semaphore(options.stepSlots(), true);
  }

  public GenerationOptions options() {
    return options;
  }

  /**
   * Generates text: {@link #start}, then {@link OpenGeneration#run}.
   *
   * @param listener receives each token as it is chosen ({@link TokenListener#NONE} for none)
   * @throws InferenceTimeoutException at the deadline
   * @throws dev.modelcache.api.ModelCacheException what {@link #start} throws
   */
  public Generation generate(GenerationRequest request, TokenListener listener) {
    try (OpenGeneration generation = start(request)) {
      return generation.run(listener);
    }
  }

  /**
   * Admits a generation and makes it ready to run: leases the model (loading it if needed) and
   * tokenizes the prompt. Every refusal comes from here, before a token is generated, so that a
   * streamed answer can still be refused with a status; only a timeout or a failure of the model
   * can end a run. The caller closes the result, run or not.
   *
   * @throws InvalidInputException if the model does not generate text, or the prompt is empty
   * @throws InputTooLargeException if {@code max_new_tokens} is over the limit or the prompt is
   *     longer than the model takes
   * @throws OverloadedException if {@code maxGenerations} generations are running
   * @throws dev.modelcache.api.ModelCacheException the cache's failures: not found, load failed, no
   *     memory
   */
  public OpenGeneration start(GenerationRequest request) {
    long start = ticker.read();
    int maxNew = request.maxNewTokens().orElse(options.defaultNewTokens());
    if (maxNew < 1) {
      throw new InvalidInputException("max_new_tokens must be at least 1: " + maxNew);
    }
    if (maxNew > options.maxNewTokens()) {
      throw new InputTooLargeException(
          "max_new_tokens is "
              + maxNew
              + "; the limit is "
              + options.maxNewTokens()
              + " (MAX_NEW_TOKENS)");
    }
    if (running.incrementAndGet() > options.maxGenerations()) {
      running.decrementAndGet();
      rejected.increment();
      throw new OverloadedException(
          options.maxGenerations() + " generations are running (MAX_GENERATIONS); retry shortly",
          1);
    }
    ModelLease lease = null;
    try {
      requests.increment();
      lease = cache.acquire(request.model());
      GenerativeModel model = generative(lease);
      long[] prompt = model.tokenize(request.prompt());
      checkPrompt(request.model(), model, prompt);
      lease.countInferences(1);
      return new OpenGeneration(
          this,
          lease,
          model,
          prompt,
          maxNew,
          request.sampling().withSeed(seeds),
          start,
          start + options.timeout().toNanos());
    } catch (RuntimeException | Error e) {
      if (lease != null) {
        lease.close();
      }
      running.decrementAndGet();
      throw e;
    }
  }

  private static GenerativeModel generative(ModelLease lease) {
    return lease
        .as(GenerativeModel.class)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "model '"
                        + lease.id()
                        + "' is a "
                        + lease.task().name().toLowerCase(Locale.ROOT)
                        + " model; POST /generate needs a text generation model (GPT-2, T5,"
                        + " BART, ...)"));
  }

  private static void checkPrompt(ModelId id, GenerativeModel model, long[] prompt) {
    if (prompt.length == 0) {
      throw new InvalidInputException("the prompt has no tokens for model '" + id + "'");
    }
    if (prompt.length > model.maxPromptTokens()) {
      throw new InputTooLargeException(
          "the prompt has "
              + prompt.length
              + " tokens; model '"
              + id
              + "' takes at most "
              + model.maxPromptTokens()
              + " (its positions, or MAX_SEQUENCE_LENGTH)");
    }
  }

  /** Called by an {@link OpenGeneration} once, when it closes. */
  void ended(int generatedTokens) {
    tokens.add(generatedTokens);
    running.decrementAndGet();
  }

  long now() {
    return ticker.read();
  }

  /** One decoder step within a slot, if the deadline allows. */
  float[] step(SequenceRun sequence, ModelId id, long deadline, int done, int maxNew) {
    long remaining = deadline - ticker.read();
    boolean acquired = false;
    try {
      acquired = remaining > 0 && slots.tryAcquire(remaining, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while generating with '" + id + "'", e);
    }
    if (!acquired) {
      timedOut.increment();
      throw new InferenceTimeoutException(
          id,
          options.timeout(),
          "generated "
              + done
              + " of at most "
              + maxNew
              + " tokens"
              + (remaining > 0 ? " while waiting for a free runner" : ""));
    }
    try {
      return sequence.next();
    } finally {
      slots.release();
    }
  }

  /**
   * The chosen token, or the one the model's config forces: {@code forced_bos_token_id} first (an
   * encoder-decoder's), {@code forced_eos_token_id} last, as {@code transformers} does.
   */
  static long forced(
      GenerationConfig config,
      boolean encoderDecoder,
      int index,
      int maxNew,
      float[] logits,
      TokenChoice choice) {
    if (index == 0 && encoderDecoder && config.forcedBosTokenId().isPresent()) {
      return config.forcedBosTokenId().getAsLong();
    }
    if (index == maxNew - 1 && config.forcedEosTokenId().isPresent()) {
      return config.forcedEosTokenId().getAsLong();
    }
    return choice.choose(logits);
  }

  /** A consistent enough snapshot of the counters (each is exact; they are read one by one). */
  public GeneratorStats stats() {
    return new GeneratorStats(
        requests.sum(),
        tokens.sum(),
        rejected.sum(),
        timedOut.sum(),
        running.get(),
        options.maxGenerations(),
        options.stepSlots());
  }
}
