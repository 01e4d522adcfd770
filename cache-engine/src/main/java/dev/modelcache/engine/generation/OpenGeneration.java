package dev.modelcache.engine.generation;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.cache.ModelLease;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An admitted generation, ready to run: it holds its place among the running generations and its
 * model's lease until {@link #close()}, so the model cannot be closed under it. {@link #run} runs
 * it once, on the caller's thread. Not thread-safe, except that closing twice is harmless.
 */
public final class OpenGeneration implements AutoCloseable {
  private final Generator generator;
  private final ModelLease lease;
  private final GenerativeModel model;
  private final long[] prompt;
  private final int maxNew;
  private final Sampling sampling;
  private final long start;
  private final long deadline;
  private final AtomicBoolean closed = new AtomicBoolean();
  private boolean ran;
  private int generated;

  OpenGeneration(
      Generator generator,
      ModelLease lease,
      GenerativeModel model,
      long[] prompt,
      int maxNew,
      Sampling sampling,
      long start,
      long deadline) {
    this.generator = generator;
    this.lease = lease;
    this.model = model;
    this.prompt = prompt;
    this.maxNew = maxNew;
    this.sampling = sampling;
    this.start = start;
    this.deadline = deadline;
  }

  /** The model it runs on. */
  public ModelId model() {
    return lease.id();
  }

  /** Tokens of the prompt, special tokens included. */
  public int promptTokens() {
    return prompt.length;
  }

  /** Whether the model was already loaded when the request arrived. */
  public boolean modelWasLoaded() {
    return lease.wasCached();
  }

  /**
   * Generates until an end-of-sequence token, {@code max_new_tokens}, the model's longest sequence
   * or the deadline, telling {@code listener} each token as it is chosen.
   *
   * @throws dev.modelcache.api.InferenceTimeoutException at the deadline
   * @throws IllegalStateException if it ran before or was closed
   */
  public Generation run(TokenListener listener) {
    if (ran || closed.get()) {
      throw new IllegalStateException("a generation runs once, before it is closed");
    }
    ran = true;
    GenerationConfig config = model.config();
    TokenChoice choice = new TokenChoice(sampling);
    IncrementalText pieces = listener == TokenListener.NONE ? null : new IncrementalText(model);
    long[] ids = new long[maxNew];
    FinishReason finish = FinishReason.LENGTH;
    try (SequenceRun sequence = model.start(prompt)) {
      while (generated < maxNew) {
        if (config.maxPositions().isPresent()
            && sequence.length() >= config.maxPositions().getAsInt()) {
          break;
        }
        float[] logits = generator.step(sequence, lease.id(), deadline, generated, maxNew);
        // An end forced at the last step (forced_eos_token_id) is the length limit's.
        boolean forcedEnd = generated == maxNew - 1 && config.forcedEosTokenId().isPresent();
        long token =
            Generator.forced(config, model.encoderDecoder(), generated, maxNew, logits, choice);
        sequence.append(token);
        ids[generated++] = token;
        if (pieces != null) {
          listener.onToken(new GeneratedToken(generated - 1, token, pieces.add(token)));
        }
        if (config.isEos(token)) {
          finish = forcedEnd ? FinishReason.LENGTH : FinishReason.EOS;
          break;
        }
      }
    }
    long[] tokens = Arrays.copyOf(ids, generated);
    return new Generation(
        model.detokenize(tokens),
        tokens,
        prompt.length,
        finish,
        sampling.seed(),
        lease.wasCached(),
        generator.now() - start);
  }

  /** Returns the model's lease and the place among running generations. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        lease.close();
      } finally {
        generator.ended(generated);
      }
    }
  }
}
